"""The form builder's pages, in the `manage_registrations` namespace (registrations/urls.py)."""

from django.urls import path

from registrations.questions import manage_views

urlpatterns = [
    path("<slug:slug>/settings/questions/", manage_views.questions, name="questions"),
    path("<slug:slug>/settings/questions/new/", manage_views.question_new, name="question-new"),
    path(
        "<slug:slug>/settings/questions/reorder/",
        manage_views.questions_reorder,
        name="questions-reorder",
    ),
    path(
        "<slug:slug>/settings/questions/<int:question_id>/",
        manage_views.question_edit,
        name="question",
    ),
    path(
        "<slug:slug>/settings/questions/<int:question_id>/delete/",
        manage_views.question_delete,
        name="question-delete",
    ),
    path(
        "<slug:slug>/settings/questions/<int:question_id>/move/",
        manage_views.question_move,
        name="question-move",
    ),
    path(
        "<slug:slug>/registrations/<str:reference>/answers/<int:question_id>/file/",
        manage_views.answer_file,
        name="answer-file",
    ),
]
