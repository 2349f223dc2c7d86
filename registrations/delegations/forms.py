"""The delegation's settings form (`/manage/<slug>/settings/delegations/…`): name,
kind, country, head, the total of members and one quota per category of the event."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.summit.models import Event
from events.translated.forms import use_event_languages
from registrations.delegations.models import Delegation
from registrations.delegations.services import DELEGATION_FIELDS
from registrations.registration.models import HOLDS_A_PLACE, Registration

# The head is chosen among this many registrations offered as suggestions (any other
# reference of the event may still be typed).
HEAD_SUGGESTIONS = 300


def quota_field_name(slug: str) -> str:
    return f"quota_{slug}"


class DelegationForm(forms.ModelForm):
    head = forms.CharField(
        label=_("Head of delegation"),
        required=False,
        max_length=40,
        help_text=_(
            "The reference of the head's registration for this summit; type a name to "
            "search. Empty: no head yet."
        ),
        widget=forms.TextInput(attrs={"list": "head-choices", "autocomplete": "off", "dir": "ltr"}),
    )

    class Meta:
        model = Delegation
        fields = list(DELEGATION_FIELDS)
        labels = {"quota": _("Members in all")}

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        use_event_languages(self, event)
        self.event = event
        self.categories = list(event.categories.all())
        delegation = self.instance if self.instance.pk else None
        allowed = {}
        if delegation is not None:
            allowed = {quota.category_id: quota.allowed for quota in delegation.quotas.all()}
            if delegation.head_id:
                self.fields["head"].initial = delegation.head.reference
        for category in self.categories:
            self.fields[quota_field_name(category.slug)] = forms.IntegerField(
                label=category.name,
                min_value=0,
                required=False,
                initial=allowed.get(category.pk),
                help_text=_("Empty: no limit in this category."),
            )

    def validate_unique(self):
        # The service checks the name within the event (the form has no event field).
        pass

    def quota_fields(self) -> list:
        return [self[quota_field_name(category.slug)] for category in self.categories]

    def head_choices(self):
        """Registrations that may lead it: holding a place, in no other delegation."""
        delegation = self.instance.pk
        return (
            Registration.objects.filter(event=self.event, status__in=HOLDS_A_PLACE)
            .filter(Q(delegation__isnull=True) | Q(delegation_id=delegation))
            .order_by("last_name", "first_name")
            .only("reference", "title", "gender", "first_name", "last_name", "organization")[
                :HEAD_SUGGESTIONS
            ]
        )

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in DELEGATION_FIELDS}
        data["head"] = self.cleaned_data["head"].strip() or None
        data["quotas"] = {
            category.slug: self.cleaned_data[quota_field_name(category.slug)]
            for category in self.categories
        }
        return data
