from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from events.audit.models import AuditEntry
from events.summit.models import (
    MAX_BADGE_LANGUAGES,
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


class BadgeLanguagesWidget(forms.MultiWidget):
    """The first and the second line's language, each a drop-down."""

    def __init__(self, attrs=None):
        super().__init__([forms.Select, forms.Select], attrs)

    def decompress(self, value):
        codes = list(value)[:MAX_BADGE_LANGUAGES] if isinstance(value, list) else []
        return codes + [""] * (MAX_BADGE_LANGUAGES - len(codes))


class BadgeLanguagesField(forms.MultiValueField):
    """Up to two languages in order; the model's `clean()` checks them against the event's."""

    widget = BadgeLanguagesWidget

    def __init__(self, **kwargs):
        first = [("", _("Default (main language, then Arabic or English)")), *language_choices()]
        second = [("", _("No second line")), *language_choices()]
        fields = [
            forms.ChoiceField(choices=first, required=False),
            forms.ChoiceField(choices=second, required=False),
        ]
        super().__init__(fields, require_all_fields=False, required=False, **kwargs)
        for widget, field in zip(self.widget.widgets, fields, strict=True):
            widget.choices = field.choices

    def compress(self, data_list):
        return [code for code in data_list or [] if code]


class EventAdminForm(forms.ModelForm):
    # Not required here: the model's `clean()` says what an empty choice lacks.
    languages = forms.MultipleChoiceField(
        label=_("languages"),
        choices=language_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    badge_languages = BadgeLanguagesField(
        label=_("badge languages"),
        help_text=Event._meta.get_field("badge_languages").help_text,
    )

    class Meta:
        model = Event
        # The admin's fieldsets name the others.
        fields = ["languages", "badge_languages"]


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
        (_("Badges"), {"fields": ["badge_format", "badge_languages"]}),
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
