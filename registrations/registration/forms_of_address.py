"""Forms of address: how Summit writes a person's title and greets them, per language.

Three things differ between English, Arabic, French and Spanish protocol:

- the title written before a name (`honorific`): English says "H.E." to a
  president, a prime minister, a minister and an ambassador alike; Arabic does
  not (فخامة، دولة، معالي، سعادة), and French and Spanish join the excellency to
  the person's gender ("S.E. Mme", "Excma. Sra.");
- the opening line of a letter (`salutation`), whose words agree with the person
  in Arabic (المحترم / المحترمة), French ("Monsieur," / "Madame,") and Spanish
  ("Estimado" / "Estimada"), and which names the office for heads of state and
  government ("Monsieur le Président,", "Excelentísimo Señor Presidente:");
- the full protocol form used where the office is named in writing
  (`formal_address`: "Son Excellence Madame la Présidente", "فخامة الرئيس").

The texts are protocol data, not interface strings: they belong to a language's
rules, not to a translator's choice, so they live here and not in the catalogues.

Gender comes from `Registration.gender` when given, else from a title that
implies it (Mr, Ms, Sheikha…). When neither says, each language gets its
neutral form rather than a guess: a wrong المحترم is the mistake delegates
notice first.
"""

from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.db import models
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from events.bidi import first_strong_isolated

FALLBACK_LANGUAGE = "en"


class Honorific(models.TextChoices):
    """Titles, chosen from a list so badges and letters stay correct.

    The office is part of the choice because Arabic and the letter forms need it;
    the label is what the chooser shows, the written form is `honorific()`.
    """

    NONE = "", _("(none)")
    MR = "mr", _("Mr")
    MS = "ms", _("Ms")
    MRS = "mrs", _("Mrs")
    DR = "dr", _("Dr")
    PROF = "prof", _("Prof.")
    HM = "hm", _("H.M. (a king or queen)")
    HE_STATE = "he_state", _("H.E. (a head of state)")
    HE_GOVERNMENT = "he_government", _("H.E. (a head of government)")
    HE = "he", _("H.E. (a minister)")
    HE_AMBASSADOR = "he_ambassador", _("H.E. (an ambassador or senior official)")
    HH = "hh", _("H.H. (a prince or sheikh)")
    HRH = "hrh", _("H.R.H. (a royal prince)")
    SHEIKH = "sheikh", _("Sheikh")
    SHEIKHA = "sheikha", _("Sheikha")
    AMBASSADOR = "ambassador", _("Ambassador")
    GENERAL = "general", _("General")
    COLONEL = "colonel", _("Colonel")


class Gender(models.TextChoices):
    """Only for the agreement of titles and greetings; never shown on a badge."""

    NOT_GIVEN = "", _("Not given")
    FEMALE = "female", _("Female (Madam, Ms)")
    MALE = "male", _("Male (Sir, Mr)")


# Titles that say the person's gender, for when the registrant did not.
IMPLIED_GENDER: dict[str, str] = {
    Honorific.MR: Gender.MALE,
    Honorific.SHEIKH: Gender.MALE,
    Honorific.MS: Gender.FEMALE,
    Honorific.MRS: Gender.FEMALE,
    Honorific.SHEIKHA: Gender.FEMALE,
}


@dataclass(frozen=True)
class ByGender:
    """One text for a man, one for a woman, one when the gender is not known."""

    male: str
    female: str
    neutral: str

    def pick(self, gender: str) -> str:
        if gender == Gender.MALE:
            return self.male
        if gender == Gender.FEMALE:
            return self.female
        return self.neutral


def same(text: str) -> ByGender:
    """A text that does not change with gender ("H.E.", معالي, "Sr." is not one)."""
    return ByGender(text, text, text)


class Addressee(Protocol):
    """What a form of address needs from a person: a Registration has it all."""

    title: str
    gender: str
    first_name: str
    last_name: str
    name_ar: str


# The title written before a name. The neutral form is the one each language
# prints when it does not know (the Arabic masculine is also its unmarked form,
# as today's badges print it).
HONORIFICS: dict[str, dict[str, ByGender]] = {
    "en": {
        Honorific.NONE: same(""),
        Honorific.MR: same("Mr"),
        Honorific.MS: same("Ms"),
        Honorific.MRS: same("Mrs"),
        Honorific.DR: same("Dr"),
        Honorific.PROF: same("Prof."),
        Honorific.HM: same("H.M."),
        Honorific.HE_STATE: same("H.E."),
        Honorific.HE_GOVERNMENT: same("H.E."),
        Honorific.HE: same("H.E."),
        Honorific.HE_AMBASSADOR: same("H.E."),
        Honorific.HH: same("H.H."),
        Honorific.HRH: same("H.R.H."),
        Honorific.SHEIKH: same("Sheikh"),
        Honorific.SHEIKHA: same("Sheikha"),
        Honorific.AMBASSADOR: same("Ambassador"),
        Honorific.GENERAL: same("General"),
        Honorific.COLONEL: same("Colonel"),
    },
    "ar": {
        Honorific.NONE: same(""),
        Honorific.MR: same("السيد"),
        Honorific.MS: same("السيدة"),
        Honorific.MRS: same("السيدة"),
        Honorific.DR: ByGender("الدكتور", "الدكتورة", "الدكتور"),
        Honorific.PROF: ByGender("الأستاذ الدكتور", "الأستاذة الدكتورة", "الأستاذ الدكتور"),
        Honorific.HM: ByGender("صاحب الجلالة", "صاحبة الجلالة", "صاحب الجلالة"),
        Honorific.HE_STATE: same("فخامة"),
        Honorific.HE_GOVERNMENT: same("دولة"),
        Honorific.HE: same("معالي"),
        Honorific.HE_AMBASSADOR: same("سعادة"),
        Honorific.HH: ByGender("صاحب السمو", "صاحبة السمو", "صاحب السمو"),
        Honorific.HRH: ByGender("صاحب السمو الملكي", "صاحبة السمو الملكي", "صاحب السمو الملكي"),
        Honorific.SHEIKH: same("الشيخ"),
        Honorific.SHEIKHA: same("الشيخة"),
        Honorific.AMBASSADOR: ByGender("السفير", "السفيرة", "السفير"),
        # Military ranks stay as they are for a woman in Arabic usage.
        Honorific.GENERAL: same("اللواء"),
        Honorific.COLONEL: same("العقيد"),
    },
    "fr": {
        Honorific.NONE: same(""),
        Honorific.MR: same("M."),
        Honorific.MS: same("Mme"),
        Honorific.MRS: same("Mme"),
        Honorific.DR: same("Dr"),
        Honorific.PROF: same("Pr"),
        Honorific.HM: same("S.M."),
        Honorific.HE_STATE: ByGender("S.E. M.", "S.E. Mme", "S.E."),
        Honorific.HE_GOVERNMENT: ByGender("S.E. M.", "S.E. Mme", "S.E."),
        Honorific.HE: ByGender("S.E. M.", "S.E. Mme", "S.E."),
        Honorific.HE_AMBASSADOR: ByGender("S.E. M.", "S.E. Mme", "S.E."),
        Honorific.HH: same("S.A."),
        Honorific.HRH: same("S.A.R."),
        Honorific.SHEIKH: same("Cheikh"),
        Honorific.SHEIKHA: same("Cheikha"),
        Honorific.AMBASSADOR: ByGender("Ambassadeur", "Ambassadrice", "Ambassadeur"),
        Honorific.GENERAL: same("Général"),
        Honorific.COLONEL: same("Colonel"),
    },
    "es": {
        Honorific.NONE: same(""),
        Honorific.MR: same("Sr."),
        Honorific.MS: same("Sra."),
        Honorific.MRS: same("Sra."),
        Honorific.DR: ByGender("Dr.", "Dra.", "Dr."),
        Honorific.PROF: ByGender("Prof.", "Prof.ª", "Prof."),
        Honorific.HM: same("S.M."),
        Honorific.HE_STATE: ByGender("Excmo. Sr.", "Excma. Sra.", "S.E."),
        Honorific.HE_GOVERNMENT: ByGender("Excmo. Sr.", "Excma. Sra.", "S.E."),
        Honorific.HE: ByGender("Excmo. Sr.", "Excma. Sra.", "S.E."),
        Honorific.HE_AMBASSADOR: ByGender("Excmo. Sr.", "Excma. Sra.", "S.E."),
        Honorific.HH: same("S.A."),
        Honorific.HRH: same("S.A.R."),
        Honorific.SHEIKH: same("Jeque"),
        Honorific.SHEIKHA: same("Jequesa"),
        Honorific.AMBASSADOR: ByGender("Embajador", "Embajadora", "Embajador"),
        Honorific.GENERAL: same("General"),
        Honorific.COLONEL: same("Coronel"),
    },
}

# The full protocol form where a language names the office in writing: the
# heads of state and government, excellencies and royalty. `{name}` is the name
# in the language's script; other titles read as `addressed_name`.
FORMAL_ADDRESSES: dict[str, dict[str, ByGender]] = {
    "en": {
        Honorific.HM: ByGender("His Majesty {name}", "Her Majesty {name}", "H.M. {name}"),
        Honorific.HE_STATE: ByGender(
            "His Excellency President {name}",
            "Her Excellency President {name}",
            "H.E. President {name}",
        ),
        Honorific.HE_GOVERNMENT: ByGender(
            "His Excellency Prime Minister {name}",
            "Her Excellency Prime Minister {name}",
            "H.E. Prime Minister {name}",
        ),
        Honorific.HE: ByGender("His Excellency {name}", "Her Excellency {name}", "H.E. {name}"),
        Honorific.HE_AMBASSADOR: ByGender(
            "His Excellency {name}", "Her Excellency {name}", "H.E. {name}"
        ),
        Honorific.HH: ByGender("His Highness {name}", "Her Highness {name}", "H.H. {name}"),
        Honorific.HRH: ByGender(
            "His Royal Highness {name}", "Her Royal Highness {name}", "H.R.H. {name}"
        ),
    },
    "ar": {
        Honorific.HE_STATE: ByGender("فخامة الرئيس {name}", "فخامة الرئيسة {name}", "فخامة {name}"),
        Honorific.HE_GOVERNMENT: ByGender(
            "دولة رئيس الوزراء {name}", "دولة رئيسة الوزراء {name}", "دولة {name}"
        ),
    },
    "fr": {
        Honorific.HM: same("Sa Majesté {name}"),
        Honorific.HE_STATE: ByGender(
            "Son Excellence Monsieur le Président {name}",
            "Son Excellence Madame la Présidente {name}",
            "Son Excellence {name}",
        ),
        Honorific.HE_GOVERNMENT: ByGender(
            "Son Excellence Monsieur le Premier ministre {name}",
            "Son Excellence Madame la Première ministre {name}",
            "Son Excellence {name}",
        ),
        Honorific.HE: ByGender(
            "Son Excellence Monsieur le Ministre {name}",
            "Son Excellence Madame la Ministre {name}",
            "Son Excellence {name}",
        ),
        Honorific.HE_AMBASSADOR: ByGender(
            "Son Excellence Monsieur {name}",
            "Son Excellence Madame {name}",
            "Son Excellence {name}",
        ),
        Honorific.HH: same("Son Altesse {name}"),
        Honorific.HRH: same("Son Altesse Royale {name}"),
    },
    "es": {
        Honorific.HM: same("Su Majestad {name}"),
        Honorific.HE_STATE: ByGender(
            "Su Excelencia el Presidente {name}",
            "Su Excelencia la Presidenta {name}",
            "Su Excelencia {name}",
        ),
        Honorific.HE_GOVERNMENT: ByGender(
            "Su Excelencia el Primer Ministro {name}",
            "Su Excelencia la Primera Ministra {name}",
            "Su Excelencia {name}",
        ),
        Honorific.HE: ByGender(
            "Su Excelencia el Ministro {name}",
            "Su Excelencia la Ministra {name}",
            "Su Excelencia {name}",
        ),
        Honorific.HE_AMBASSADOR: ByGender(
            "Su Excelencia el señor {name}",
            "Su Excelencia la señora {name}",
            "Su Excelencia {name}",
        ),
        Honorific.HH: same("Su Alteza {name}"),
        Honorific.HRH: same("Su Alteza Real {name}"),
    },
}

# Letter openings that do not follow the language's default pattern.
# `{addressed}` is `addressed_name`, `{name}` the bare name in the language's script.
SALUTATIONS: dict[str, dict[str, ByGender]] = {
    "en": {
        Honorific.HM: same("Your Majesty,"),
        Honorific.HE_STATE: ByGender("Dear Mr President,", "Dear Madam President,", "Excellency,"),
        Honorific.HE_GOVERNMENT: same("Dear Prime Minister,"),
        Honorific.HE: same("Dear Minister,"),
        Honorific.HE_AMBASSADOR: same("Excellency,"),
        Honorific.HH: same("Your Highness,"),
        Honorific.HRH: same("Your Royal Highness,"),
    },
    "ar": {
        # Royalty is not "respected" (المحترم) but blessed: حفظه الله / حفظها الله.
        Honorific.HM: ByGender(
            "{addressed} حفظه الله،", "{addressed} حفظها الله،", "{addressed}، تحية طيبة وبعد،"
        ),
        Honorific.HH: ByGender(
            "{addressed} حفظه الله،", "{addressed} حفظها الله،", "{addressed}، تحية طيبة وبعد،"
        ),
        Honorific.HRH: ByGender(
            "{addressed} حفظه الله،", "{addressed} حفظها الله،", "{addressed}، تحية طيبة وبعد،"
        ),
        Honorific.HE_STATE: ByGender(
            "فخامة الرئيس {name} المحترم،",
            "فخامة الرئيسة {name} المحترمة،",
            "فخامة {name}، تحية طيبة وبعد،",
        ),
        Honorific.HE_GOVERNMENT: ByGender(
            "دولة رئيس الوزراء {name} المحترم،",
            "دولة رئيسة الوزراء {name} المحترمة،",
            "دولة {name}، تحية طيبة وبعد،",
        ),
    },
    "fr": {
        Honorific.HM: same("Votre Majesté,"),
        Honorific.HH: same("Votre Altesse,"),
        Honorific.HRH: same("Votre Altesse Royale,"),
        Honorific.HE_STATE: ByGender(
            "Monsieur le Président,", "Madame la Présidente,", "Excellence,"
        ),
        Honorific.HE_GOVERNMENT: ByGender(
            "Monsieur le Premier ministre,", "Madame la Première ministre,", "Excellence,"
        ),
        Honorific.HE: ByGender("Monsieur le Ministre,", "Madame la Ministre,", "Excellence,"),
        Honorific.HE_AMBASSADOR: ByGender(
            "Monsieur l'Ambassadeur,", "Madame l'Ambassadrice,", "Excellence,"
        ),
        Honorific.AMBASSADOR: ByGender(
            "Monsieur l'Ambassadeur,", "Madame l'Ambassadrice,", "Madame, Monsieur,"
        ),
        Honorific.PROF: ByGender(
            "Monsieur le Professeur,", "Madame la Professeure,", "Madame, Monsieur,"
        ),
        # French addresses officers by rank, "mon" included, whoever writes.
        Honorific.GENERAL: same("Mon Général,"),
        Honorific.COLONEL: same("Mon Colonel,"),
    },
    "es": {
        Honorific.HM: same("Majestad:"),
        Honorific.HH: same("Alteza:"),
        Honorific.HRH: same("Alteza Real:"),
        Honorific.HE_STATE: ByGender(
            "Excelentísimo Señor Presidente:", "Excelentísima Señora Presidenta:", "Excelencia:"
        ),
        Honorific.HE_GOVERNMENT: ByGender(
            "Excelentísimo Señor Primer Ministro:",
            "Excelentísima Señora Primera Ministra:",
            "Excelencia:",
        ),
        Honorific.HE: ByGender(
            "Excelentísimo Señor Ministro:", "Excelentísima Señora Ministra:", "Excelencia:"
        ),
        Honorific.HE_AMBASSADOR: ByGender(
            "Excelentísimo Señor Embajador:", "Excelentísima Señora Embajadora:", "Excelencia:"
        ),
    },
}

# Every other opening, by language. Arabic has no neutral agreement for
# المحترم/المحترمة, so without a gender it greets instead of qualifying
# ("…، تحية طيبة وبعد،", the classic letter opening, which agrees with nobody);
# French has the established "Madame, Monsieur,"; Spanish has no neutral
# adjective and writes "Estimado/a", as its institutions do.
DEFAULT_SALUTATIONS: dict[str, ByGender] = {
    "en": same("Dear {addressed},"),
    "ar": ByGender("{addressed} المحترم،", "{addressed} المحترمة،", "{addressed}، تحية طيبة وبعد،"),
    "fr": ByGender("Monsieur,", "Madame,", "Madame, Monsieur,"),
    "es": ByGender("Estimado {addressed}:", "Estimada {addressed}:", "Estimado/a {addressed}:"),
}

# An Arabic letter names a man or a woman without a title as السيد / السيدة.
ARABIC_UNTITLED = ByGender("السيد", "السيدة", "")


def language_of(language: str | None) -> str:
    """One of the languages these tables know: `fr-ca` → `fr`, an unknown one → English."""
    base = (language or FALLBACK_LANGUAGE).split("-")[0].lower()
    return base if base in HONORIFICS else FALLBACK_LANGUAGE


def gender_of(*, title: str, gender: str) -> str:
    """The gender given, else the one the title implies, else not given."""
    return gender or IMPLIED_GENDER.get(title, Gender.NOT_GIVEN)


def gender_contradicts_title(*, title: str, gender: str) -> bool:
    """ "Mr" for a woman: a mistake to refuse rather than print."""
    implied = IMPLIED_GENDER.get(title)
    return bool(gender and implied and implied != gender)


def honorific(*, title: str, gender: str, language: str | None) -> str:
    """The title written before a name in `language`: "H.E.", "معالي", "S.E. Mme"."""
    table = HONORIFICS[language_of(language)]
    return table.get(title, table[Honorific.NONE]).pick(gender_of(title=title, gender=gender))


def name_in_script(person: Addressee, language: str | None) -> str:
    """The name in the language's script when the person gave it: Arabic for Arabic.

    A Latin name inside an Arabic line is isolated (FSI … PDI): "Jr." or
    "O'Brien-Smith" would otherwise lend their dots and dashes to the Arabic around them.
    """
    latin = f"{person.first_name} {person.last_name}".strip()
    if language_of(language) != "ar":
        return latin
    return person.name_ar or first_strong_isolated(latin)


def addressed_name(person: Addressee, language: str | None) -> str:
    """Title and name as a line of `language` writes them: "السيدة فاطمة الكعبي"."""
    title = honorific(title=person.title, gender=person.gender, language=language)
    return f"{title} {name_in_script(person, language)}".strip()


def formal_address(person: Addressee, language: str | None) -> str:
    """The full protocol form: "Son Excellence Madame la Présidente Awa Diallo"."""
    code = language_of(language)
    form = FORMAL_ADDRESSES[code].get(person.title)
    if form is None:
        return addressed_name(person, code)
    gender = gender_of(title=person.title, gender=person.gender)
    return form.pick(gender).format(name=name_in_script(person, code))


def salutation(person: Addressee, language: str | None) -> str:
    """The opening line of a letter or email: "السيدة ليلى حداد المحترمة،", "Madame,"."""
    code = language_of(language)
    gender = gender_of(title=person.title, gender=person.gender)
    form = SALUTATIONS[code].get(person.title, DEFAULT_SALUTATIONS[code])
    addressed = addressed_name(person, code)
    if code == "ar" and not person.title:
        addressed = f"{ARABIC_UNTITLED.pick(gender)} {addressed}".strip()
    return form.pick(gender).format(addressed=addressed, name=name_in_script(person, code))


@dataclass(frozen=True)
class AddressForms:
    """How one language writes to a person, for an officer preparing letters."""

    language: str
    language_name: str
    formal_address: str
    salutation: str


def address_forms(person: Addressee) -> list[AddressForms]:
    """The formal address and the salutation in each of the site's languages."""
    return [
        AddressForms(
            language=code,
            language_name=get_language_info(code)["name_translated"],
            formal_address=formal_address(person, code),
            salutation=salutation(person, code),
        )
        for code, _name in settings.LANGUAGES
    ]
