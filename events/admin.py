from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from events.audit.models import AuditEntry
from events.summit.models import (
    AccessZone,
    Event,
    ProtocolRank,
    RegistrationCategory,
    language_choices,
)
from events.teams.models import TeamMembership
from events.tokens.models import ApiToken
from events.tokens.services import api_token_issue, api_token_revoke
from events.translated.admin import TranslatedSearchMixin


class AccessZoneInline(admin.TabularInline):
    model = AccessZone
    extra = 0
    fields = ["slug", "name", "colour", "kind", "is_main_entrance", "position"]


class ProtocolRankInline(admin.TabularInline):
    model = ProtocolRank
    extra = 0
    fields = ["position", "slug", "name"]


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0
    autocomplete_fields = ["user"]


class EventAdminForm(forms.ModelForm):
    # Not required here: the model's `clean()` says what an empty choice lacks.
    languages = forms.MultipleChoiceField(
        label=_("languages"),
        choices=language_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Event
        # The admin's fieldsets name the others.
        fields = ["languages"]


@admin.register(Event)
class EventAdmin(TranslatedSearchMixin, admin.ModelAdmin):
    form = EventAdminForm
    list_display = ["name", "slug", "starts_at", "ends_at", "timezone", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["slug"]
    translated_search_fields = ["name"]
    inlines = [AccessZoneInline, ProtocolRankInline, TeamMembershipInline]
    fieldsets = [
        (None, {"fields": ["slug", "name", "description", "languages", "main_language"]}),
        (
            _("Place and time"),
            {
                "fields": [
                    "venue_name",
                    "venue_address",
                    "timezone",
                    "starts_at",
                    "ends_at",
                ]
            },
        ),
        (
            _("Registration"),
            {
                "fields": [
                    "registration_opens_at",
                    "registration_closes_at",
                    "capacity",
                    "is_published",
                ]
            },
        ),
        (_("Protocol"), {"fields": ["precedence_within_rank"]}),
    ]


@admin.register(RegistrationCategory)
class RegistrationCategoryAdmin(TranslatedSearchMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "slug",
        "event",
        "requires_approval",
        "requires_vetting",
        "invitation_only",
        "is_public",
        "capacity",
    ]
    list_filter = ["event", "requires_approval", "requires_vetting", "invitation_only", "is_public"]
    search_fields = ["slug"]
    translated_search_fields = ["name"]
    filter_horizontal = ["zones"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Offer only the zones of the category's own event when editing one.
        if db_field.name == "zones" and request.resolver_match.kwargs.get("object_id"):
            category = self.get_object(request, request.resolver_match.kwargs["object_id"])
            if category:
                kwargs["queryset"] = AccessZone.objects.filter(event=category.event)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(AccessZone)
class AccessZoneAdmin(TranslatedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "event", "is_main_entrance", "colour"]
    list_filter = ["event"]
    search_fields = ["slug"]
    translated_search_fields = ["name"]


@admin.register(TeamMembership)
class TeamMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "event", "role", "created_at"]
    list_filter = ["event", "role"]
    autocomplete_fields = ["user"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "event", "role", "label", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["event", "role"]
    fields = [
        "event",
        "role",
        "label",
        "prefix",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    readonly_fields = ["prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        # A token's scope is fixed once issued; revoke it and issue another.
        if obj:
            return [*self.readonly_fields, "event", "role"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        token, raw = api_token_issue(
            event=obj.event, role=obj.role, label=obj.label, created_by=request.user
        )
        obj.pk, obj.prefix, obj.created_by = token.pk, token.prefix, token.created_by
        messages.warning(
            request,
            _("Copy this token now; it will not be shown again: %(token)s") % {"token": raw},
        )

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset:
            api_token_revoke(token=token)
        messages.success(request, _("Tokens revoked."))


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only from the application's side."""

    list_display = [
        "created_at",
        "event",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "client_ip",
    ]
    list_filter = ["event", "action"]
    search_fields = ["object_id", "actor_label", "reason"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
