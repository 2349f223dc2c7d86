from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from events.audit.services import Actor
from events.translated.admin import TranslatedSearchMixin
from registrations.delegations.models import Delegation, DelegationQuota
from registrations.registration.bulk import registrations_bulk_approve
from registrations.registration.models import (
    Answer,
    Invitation,
    Question,
    QuestionOption,
    Registration,
)
from registrations.vehicles.models import VehiclePass
from registrations.vetting.models import VettingBatch


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    readonly_fields = ["question", "value"]
    can_delete = False


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "first_name",
        "last_name",
        "email",
        "category",
        "country",
        "delegation",
        "status",
        "vetting_state",
        "protocol_rank",
        "created_at",
    ]
    list_filter = ["event", "status", "vetting_state", "category", "protocol_rank", "language"]
    search_fields = ["reference", "first_name", "last_name", "name_ar", "email", "organization"]
    list_select_related = ["category", "delegation"]
    # The workflow decides status; the admin only shows it (decisions go through actions).
    readonly_fields = [
        "reference",
        "status",
        "status_changed_at",
        "consent_at",
        "event",
        "secret_token",
        "feed_secret",
        "invitation",
        "vetting_state",
        "vetting_batch",
        "vetting_note",
        "vetting_decided_at",
        "created_at",
        "updated_at",
    ]
    inlines = [AnswerInline]
    actions = ["approve"]

    @admin.action(description=_("Approve the selected registrations"))
    def approve(self, request, queryset):
        for event_id in queryset.values_list("event", flat=True).distinct():
            event_queryset = queryset.filter(event_id=event_id)
            result = registrations_bulk_approve(
                event=event_queryset.first().event,
                references=list(event_queryset.values_list("reference", flat=True)),
                actor=Actor.from_request(request),
            )
            if result.approved:
                messages.success(request, _("%(n)d approved.") % {"n": len(result.approved)})
            for reference, reason in result.refused.items():
                messages.error(request, f"{reference}: {reason}")

    def has_add_permission(self, request):
        # Registrations come through the form, the API or a head of delegation.
        return False


class DelegationQuotaInline(admin.TabularInline):
    model = DelegationQuota
    extra = 0
    raw_id_fields = ["category"]


@admin.register(Delegation)
class DelegationAdmin(TranslatedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "event", "kind", "country", "head", "quota", "join_code"]
    list_filter = ["event", "kind"]
    search_fields = ["join_code"]
    translated_search_fields = ["name"]
    readonly_fields = ["secret_token", "feed_secret", "join_code"]
    raw_id_fields = ["head"]
    inlines = [DelegationQuotaInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "event",
        "category",
        "email",
        "uses",
        "max_uses",
        "expires_at",
        "skips_approval",
        "sent_at",
    ]
    list_filter = ["event", "category", "skips_approval"]
    search_fields = ["code", "email"]
    readonly_fields = ["uses", "sent_at"]


class QuestionOptionInline(admin.TabularInline):
    model = QuestionOption
    extra = 1


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["label", "event", "kind", "required", "position"]
    list_filter = ["event", "kind"]
    filter_horizontal = ["categories"]
    inlines = [QuestionOptionInline]


@admin.register(VehiclePass)
class VehiclePassAdmin(admin.ModelAdmin):
    """Read-only: passes are decided on the officers' pages, where each step is audited."""

    list_display = ["plate", "make", "colour", "delegation", "status", "version", "print_count"]
    list_filter = ["event", "status"]
    search_fields = ["plate", "plate_normalised", "driver_name", "delegation__name__en"]
    list_select_related = ["delegation"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(VettingBatch)
class VettingBatchAdmin(admin.ModelAdmin):
    list_display = ["number", "event", "size", "created_by", "created_at"]
    list_filter = ["event"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
