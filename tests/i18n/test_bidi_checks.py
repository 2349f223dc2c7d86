"""The bidi checks of the page and email tests find what they should, and only that."""

import pytest

from events.bidi import FSI, LRI, PDI
from tests.i18n.bidi_checks import unisolated_in_html, unisolated_in_text


@pytest.mark.parametrize(
    "html",
    [
        "<p>الهاتف +971 50 123 4567</p>",
        "<p>البريد ahmed@example.org</p>",
        "<p>الرابط https://summit.example/me/abc/</p>",
        "<p>المرجع UFS-D00099</p>",
        "<p>بتوقيت Asia/Dubai (UTC+04:00)</p>",
        "<p>تنزيل (.ics)</p>",
        '<div dir="ltr"><p dir="rtl">المرجع UFS-D00099</p></div>',
        '<input type="email" name="email">',
    ],
)
def test_an_unisolated_value_is_reported(html):
    assert unisolated_in_html(html) != []


@pytest.mark.parametrize(
    "html",
    [
        '<p>الهاتف <bdi dir="ltr">+971 50 123 4567</bdi></p>',
        "<p>المرجع <bdi>UFS-D00099</bdi></p>",
        '<p dir="ltr">المرجع <strong>UFS-D00099</strong></p>',
        f"<p>المرجع {LRI}UFS-D00099{PDI}</p>",
        "<p>تنزيل (\u200e.ics)</p>",
        "<script>const a = 'ahmed@example.org';</script>",
        '<input type="email" name="email" dir="ltr">',
        "<p>مرحبا</p><br><p>Amina</p>",
    ],
)
def test_an_isolated_value_passes(html):
    assert unisolated_in_html(html) == []


def test_every_offender_of_a_page_is_reported_at_once():
    html = "<ul><li>UFS-D00001</li><li>UFS-D00002</li><li><bdi>UFS-D00003</bdi></li></ul>"

    assert unisolated_in_html(html) == ["UFS-D00001", "UFS-D00002"]


def test_known_values_are_found_as_well_as_patterns():
    assert unisolated_in_html("<td>AD 1 23456</td>", frozenset({"AD 1 23456"})) == ["AD 1 23456"]


def test_plain_text_values_must_sit_between_an_isolate_and_its_pdi():
    text = (
        f"رقمك المرجعي: {LRI}UFS-D00044{PDI}\nصفحتك: https://summit.example/me/x/\n{FSI}Amina{PDI}"
    )

    assert unisolated_in_text(text, frozenset({"Amina"})) == ["https://summit.example/me/x/"]


def test_a_text_input_showing_a_link_must_be_written_left_to_right():
    shown = '<input readonly value="https://summit.example/d/abc/">'

    assert unisolated_in_html(shown) != []
    assert unisolated_in_html(shown.replace("<input", '<input dir="ltr"')) == []
