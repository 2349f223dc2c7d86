"""The setup pages of an event's categories, zones and protocol ranks (admin role).

For each kind: a list (`…/categories/`), an add page (`…/categories/new/`) and an edit
page (`…/categories/<id>/`) that also deletes, once the box confirming it is ticked.
Every write calls the service the API calls (`events.setup.services`): a refusal shows
at the field it names, or at the top of the page (a deletion refused because the row is
still in use names what uses it).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.access import event_role_required
from events.audit.services import Actor
from events.errors import DomainError
from events.setup import selectors, services
from events.setup.forms import CategoryForm, DeleteForm, RankForm, ZoneForm
from events.teams.models import Role


@dataclass(frozen=True)
class SetupKind:
    """One kind of setup row, as its pages show and write it."""

    section: str  # the settings navigation's line, and the list's URL name
    one: str  # the add and edit pages' URL names' stem
    title: str  # lazy
    add_title: str  # lazy
    form: type
    rows: Callable[..., QuerySet]
    create: Callable
    update: Callable
    delete: Callable
    # Kinds kept in an order an organizer changes by buttons: `move(…, direction=…)`.
    move: Callable | None = None

    @property
    def list_url(self) -> str:
        return f"manage:{self.section}"

    @property
    def create_url(self) -> str:
        return f"manage:{self.one}-create"

    @property
    def detail_url(self) -> str:
        return f"manage:{self.one}"

    @property
    def list_template(self) -> str:
        return f"manage/setup/{self.section}.html"


CATEGORIES = SetupKind(
    section="categories",
    one="category",
    title=gettext_lazy("Categories"),
    add_title=gettext_lazy("New category"),
    form=CategoryForm,
    rows=selectors.event_categories,
    create=services.category_create,
    update=lambda *, pk, **kwargs: services.category_update(category_id=pk, **kwargs),
    delete=lambda *, pk, **kwargs: services.category_delete(category_id=pk, **kwargs),
)
ZONES = SetupKind(
    section="zones",
    one="zone",
    title=gettext_lazy("Access zones"),
    add_title=gettext_lazy("New access zone"),
    form=ZoneForm,
    rows=selectors.event_zones,
    create=services.zone_create,
    update=lambda *, pk, **kwargs: services.zone_update(zone_id=pk, **kwargs),
    delete=lambda *, pk, **kwargs: services.zone_delete(zone_id=pk, **kwargs),
)
RANKS = SetupKind(
    section="ranks",
    one="rank",
    title=gettext_lazy("Protocol ranks"),
    add_title=gettext_lazy("New protocol rank"),
    form=RankForm,
    rows=selectors.event_ranks,
    create=services.rank_create,
    update=lambda *, pk, **kwargs: services.rank_update(rank_id=pk, **kwargs),
    delete=lambda *, pk, **kwargs: services.rank_delete(rank_id=pk, **kwargs),
    move=lambda *, pk, **kwargs: services.rank_move(rank_id=pk, **kwargs),
)


def _context(event, kind: SetupKind, **extra) -> dict:
    return {"event": event, "kind": kind, "section": kind.section, **extra}


def _refused(form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def setup_list(request, event, kind: SetupKind):
    rows = kind.rows(event=event)
    return render(request, kind.list_template, _context(event, kind, rows=rows))


def setup_create(request, event, kind: SetupKind):
    form = kind.form(request.POST or None, event=event, instance=kind.form._meta.model(event=event))
    if request.method == "POST" and form.is_valid():
        try:
            kind.create(event=event, actor=Actor.from_request(request), data=form.service_data())
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(kind.list_url, slug=event.slug)
    context = _context(event, kind, form=form, instance=None, delete_form=None)
    status = 400 if form.errors else 200
    return render(request, "manage/setup/edit.html", context, status=status)


def setup_edit(request, event, pk: int, kind: SetupKind):
    """Edit the row; a post naming `delete` deletes it once confirmed, one naming `move`
    (`up` or `down`) moves it in the order of a kind that has one."""
    instance = get_object_or_404(kind.rows(event=event), pk=pk)
    direction = request.POST.get("move") if request.method == "POST" else None
    if kind.move is not None and direction in ("up", "down"):
        kind.move(event=event, pk=pk, actor=Actor.from_request(request), direction=direction)
        return redirect(kind.list_url, slug=event.slug)
    deleting = request.method == "POST" and "delete" in request.POST
    form = kind.form(None if deleting else request.POST or None, event=event, instance=instance)
    delete_form = DeleteForm(request.POST if deleting else None, prefix="delete")
    refusal, status = None, 200
    actor = Actor.from_request(request)
    if deleting and delete_form.is_valid():
        try:
            kind.delete(event=event, pk=instance.pk, actor=actor)
        except DomainError as error:
            refusal, status = error.message, error.status
        else:
            messages.success(request, _("Deleted."))
            return redirect(kind.list_url, slug=event.slug)
    elif request.method == "POST" and not deleting and form.is_valid():
        try:
            kind.update(event=event, pk=instance.pk, actor=actor, changes=form.service_data())
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(kind.list_url, slug=event.slug)
    if form.errors or delete_form.errors:
        status = 400
    context = _context(
        event, kind, form=form, instance=instance, delete_form=delete_form, refusal=refusal
    )
    return render(request, "manage/setup/edit.html", context, status=status)


def setup_views(kind: SetupKind):
    """The list, add and edit views of `kind`, for the event's admins."""

    @event_role_required(Role.ADMIN)
    def listing(request, event):
        return setup_list(request, event, kind)

    @event_role_required(Role.ADMIN)
    def create(request, event):
        return setup_create(request, event, kind)

    @event_role_required(Role.ADMIN)
    def edit(request, event, **kwargs):
        (pk,) = kwargs.values()
        return setup_edit(request, event, pk, kind)

    return listing, create, edit


categories, category_create, category = setup_views(CATEGORIES)
zones, zone_create, zone = setup_views(ZONES)
ranks, rank_create, rank = setup_views(RANKS)
