"""Summit's date, time and number formats, one module per language (FORMAT_MODULE_PATH).

Django's own locale formats differ in kind from language to language (Arabic's
DATETIME_FORMAT is the English "N j, Y, P", with a Latin comma and a 12-hour
clock), so every page, email, PDF and export names one of these instead of a
pattern of its own:

- DATE_FORMAT: a day of the summit, with its weekday ("Friday 15 January 2027");
- DATETIME_FORMAT: a moment of it ("Friday 15 January 2027, 09:30");
- TIME_FORMAT: the clock, 24-hour in every language;
- MONTH_DAY_FORMAT: a day in a programme whose year is known ("Friday 15 January");
- SHORT_DATE_FORMAT / SHORT_DATETIME_FORMAT: tables and exports.

Short forms write the month's name where a number could be read two ways by
delegates of 190 countries (01/02 is January or February); languages whose
readers all put the day first keep Django's numeric form. What a module leaves
out (input formats, separators) comes from Django's module for the language.
"""
