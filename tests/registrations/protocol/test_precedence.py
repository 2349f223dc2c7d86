"""Protocol precedence: forms of address, the order of precedence, the seating list."""

import csv
import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from events.audit.models import AuditEntry
from events.summit.models import ProtocolRank
from events.teams.models import Role
from registrations.badges.services import badges_for_batch
from registrations.protocol.selectors import in_precedence_order
from registrations.registration.models import Registration, Status
from tests.events.jobs.running import page_job_file
from tests.factories import DelegationFactory, RegistrationFactory, UserFactory
from tests.registrations.checkin_fixtures import make_summit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("title", "english", "arabic"),
    [
        ("he_state", "H.E. Amina Haddad", "فخامة أمينة حداد"),
        ("he_government", "H.E. Amina Haddad", "دولة أمينة حداد"),
        ("he", "H.E. Amina Haddad", "معالي أمينة حداد"),
        ("he_ambassador", "H.E. Amina Haddad", "سعادة أمينة حداد"),
        ("hh", "H.H. Amina Haddad", "صاحب السمو أمينة حداد"),
        ("hm", "H.M. Amina Haddad", "صاحب الجلالة أمينة حداد"),
        ("", "Amina Haddad", "أمينة حداد"),
    ],
)
def test_forms_of_address_follow_the_office_in_each_language(title, english, arabic):
    registration = Registration(
        title=title, first_name="Amina", last_name="Haddad", name_ar="أمينة حداد"
    )

    assert registration.display_name == english
    assert registration.display_name_ar == arabic
    with translation.override("ar"):
        assert registration.addressed_name == arabic
    with translation.override("en"):
        assert registration.addressed_name == english


@pytest.fixture
def summit():
    summit = make_summit()
    event = summit.event
    summit.ranks = {
        slug: ProtocolRank.objects.create(
            event=event, slug=slug, name={"en": name}, position=position
        )
        for position, (slug, name) in enumerate(
            [("head-of-state", "Head of state"), ("minister", "Minister"), ("delegate", "Delegate")]
        )
    }
    # English and Arabic alphabetical orders differ: Egypt/مصر, Jordan/الأردن, Oman/عُمان.
    summit.egypt = DelegationFactory(event=event, name={"en": "Egypt", "ar": "مصر"})
    summit.jordan = DelegationFactory(event=event, name={"en": "Jordan", "ar": "الأردن"})
    summit.oman = DelegationFactory(event=event, name={"en": "Oman", "ar": "عمان"})
    return summit


def person(summit, last_name, *, rank=None, delegation=None, order=None, **fields):
    return RegistrationFactory(
        event=summit.event,
        status=Status.APPROVED,
        last_name=last_name,
        protocol_rank=summit.ranks[rank] if rank else None,
        protocol_order=order,
        delegation=delegation,
        **fields,
    )


def ordered(summit):
    queryset = Registration.objects.filter(event=summit.event)
    return [
        registration.last_name for registration in in_precedence_order(queryset, event=summit.event)
    ]


def test_rank_first_then_delegation_in_english_then_unranked(summit):
    person(summit, "Oman-minister", rank="minister", delegation=summit.oman)
    person(summit, "Egypt-minister", rank="minister", delegation=summit.egypt)
    person(summit, "Jordan-president", rank="head-of-state", delegation=summit.jordan)
    person(summit, "No-delegation-minister", rank="minister")
    person(summit, "Unranked", delegation=summit.egypt)

    assert ordered(summit) == [
        "Jordan-president",
        "Egypt-minister",
        "Oman-minister",
        "No-delegation-minister",
        "Unranked",
    ]


def test_an_arabic_event_orders_delegations_by_their_arabic_names(summit):
    summit.event.main_language = "ar"
    summit.event.save()
    person(summit, "Egypt", rank="minister", delegation=summit.egypt)
    person(summit, "Jordan", rank="minister", delegation=summit.jordan)
    person(summit, "Oman", rank="minister", delegation=summit.oman)

    # الأردن، عمان، مصر
    assert ordered(summit) == ["Jordan", "Oman", "Egypt"]


def test_an_explicit_order_within_the_rank_comes_before_the_delegation_name(summit):
    summit.event.precedence_within_rank = "explicit"
    summit.event.save()
    person(summit, "Egypt", rank="minister", delegation=summit.egypt, order=2)
    person(summit, "Oman", rank="minister", delegation=summit.oman, order=1)
    person(summit, "Jordan-no-order", rank="minister", delegation=summit.jordan)

    assert ordered(summit) == ["Oman", "Egypt", "Jordan-no-order"]


def test_badge_batches_follow_precedence(summit):
    person(summit, "Delegate", rank="delegate", delegation=summit.egypt)
    person(summit, "President", rank="head-of-state", delegation=summit.oman)

    names = [r.last_name for r in badges_for_batch(event=summit.event)]

    assert names == ["President", "Delegate"]


class TestSeatingList:
    @pytest.fixture
    def seated(self, summit):
        person(
            summit,
            "Haddad",
            rank="minister",
            delegation=summit.jordan,
            title="he",
            first_name="Omar",
            name_ar="عمر حداد",
        )
        person(summit, "Sato", rank="head-of-state", delegation=summit.oman, title="he_state")
        person(summit, "Unranked", delegation=summit.egypt)
        RegistrationFactory(
            event=summit.event,
            status=Status.PENDING,
            protocol_rank=summit.ranks["head-of-state"],
            last_name="Pending",
        )
        return summit

    def test_the_api_lists_approved_ranked_people_in_order(self, api_client, seated):
        response = api_client.get(seated.url("seating/"), **seated.bearer(Role.ACCREDITATION))

        assert response.status_code == 200
        seats = response.json()
        assert [(seat["seat"], seat["name"]) for seat in seats] == [
            (1, "H.E. Amina Sato"),
            (2, "H.E. Omar Haddad"),
        ]
        assert seats[1]["name_ar"] == "معالي عمر حداد"
        assert seats[1]["delegation_ar"] == "الأردن"

    def test_csv_and_pdf_carry_the_same_order(self, api_client, seated):
        csv_response = api_client.get(
            seated.url("seating.csv"), **seated.bearer(Role.ACCREDITATION)
        )
        rows = list(csv.DictReader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
        assert [row["name"] for row in rows] == ["H.E. Amina Sato", "H.E. Omar Haddad"]

        pdf_response = api_client.get(
            seated.url("seating.pdf"), **seated.bearer(Role.ACCREDITATION)
        )
        assert pdf_response["Content-Type"] == "application/pdf"
        text = PdfReader(io.BytesIO(pdf_response.content)).pages[0].extract_text()
        assert text.index("H.E. Amina Sato") < text.index("H.E. Omar Haddad")
        # Shaped Arabic comes back as the logical text, in reading order.
        assert "معالي عمر حداد" in text
        assert "Unranked" not in text
        assert "Pending" not in text
        assert AuditEntry.objects.filter(action="seating.exported").count() == 2

    def test_the_csv_for_protocol_staff_neutralises_formulas(self, client, summit):
        person(
            summit,
            "+1",
            rank="minister",
            first_name='=HYPERLINK("http://evil")',
            name_ar="@عمر",
            delegation=DelegationFactory(event=summit.event, name={"en": "-Delegation"}),
        )
        user = UserFactory()
        summit.event.team.create(user=user, role=Role.ACCREDITATION)
        client.force_login(user)

        response = client.get(f"/manage/{summit.event.slug}/seating.csv")

        assert response["Cache-Control"] == "private, no-store"
        assert response.content.startswith("\ufeff".encode())
        (row,) = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
        assert row["name"] == '\'=HYPERLINK("http://evil") +1'
        assert row["name_ar"] == "'@عمر"
        assert row["delegation"] == "'-Delegation"
        assert row["rank"] == "Minister"

    def test_the_page_and_its_files_are_for_accreditation(self, client, seated):
        url = f"/manage/{seated.event.slug}/seating/"
        user = UserFactory()
        client.force_login(user)
        assert client.get(url).status_code == 403

        seated.event.team.create(user=user, role=Role.ACCREDITATION)
        page = client.get(url)
        assert page.status_code == 200
        assert "1 approved registration has no protocol rank and is not seated." in (
            page.content.decode()
        )
        assert client.get(f"/manage/{seated.event.slug}/seating.pdf").status_code == 200


class TestSettingTheRank:
    def post(self, api_client, summit, registration, body):
        return api_client.post(
            summit.url(f"registrations/{registration.reference}/protocol/"),
            body,
            format="json",
            **summit.bearer(Role.ACCREDITATION),
        )

    def test_an_officer_sets_rank_and_order(self, api_client, summit):
        registration = person(summit, "Haddad")

        response = self.post(api_client, summit, registration, {"rank": "minister", "order": 3})

        assert response.status_code == 200
        assert response.json()["protocol_rank"] == "minister"
        assert response.json()["protocol_order"] == 3
        entry = AuditEntry.objects.get(action="registration.protocol_set")
        assert entry.data["to"] == {"rank": "minister", "order": 3}

    @pytest.mark.parametrize(
        ("body", "field", "message"),
        [
            ({"rank": "emperor"}, "rank", "Choose one of the event's protocol ranks."),
            ({"rank": "", "order": 2}, "order", "An order within the rank needs a rank."),
            ({"rank": "minister", "order": 0}, "order", "from 1 to 100,000"),
            ({"rank": "minister", "order": "first"}, "order", "A valid integer is required."),
        ],
    )
    def test_bad_input_is_named_and_nothing_changes(self, api_client, summit, body, field, message):
        registration = person(summit, "Haddad", rank="delegate")

        response = self.post(api_client, summit, registration, body)

        assert response.status_code == 400
        assert message in response.json()[field][0]
        registration.refresh_from_db()
        assert registration.protocol_rank.slug == "delegate"

    def test_a_rank_of_another_event_is_unknown(self, api_client, summit):
        other = make_summit("other")
        ProtocolRank.objects.create(event=other.event, slug="emperor", name={"en": "Emperor"})
        registration = person(summit, "Haddad")

        response = self.post(api_client, summit, registration, {"rank": "emperor"})

        assert response.status_code == 400

    def test_the_list_page_sorts_and_filters_by_precedence(self, client, summit):
        person(summit, "Delegatus", rank="delegate")
        person(summit, "Presidentia", rank="head-of-state")
        user = UserFactory()
        summit.event.team.create(user=user, role=Role.ACCREDITATION)
        client.force_login(user)
        base = f"/manage/{summit.event.slug}/registrations/"

        page = client.get(base, {"order": "precedence"}).content.decode()
        assert page.index("Presidentia") < page.index("Delegatus")

        export = page_job_file(
            client,
            base + "export.csv",
            {"order": "precedence", "rank": "delegate"},
            method="post",
        )
        rows = list(csv.DictReader(io.StringIO(export.decode("utf-8-sig"))))
        assert [(row["Last name"], row["Protocol rank"]) for row in rows] == [
            ("Delegatus", "Delegate")
        ]
