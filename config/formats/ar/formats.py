# Summit's Arabic formats: the Arabic comma, month names, a 24-hour clock (no
# ص/م that Django's "P" puts after some times and not others). Digits stay the
# Latin ones the Gulf uses, as Django writes them; separators follow them.
DATE_FORMAT = "l j F Y"
DATETIME_FORMAT = "l j F Y، H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "l j F"
YEAR_MONTH_FORMAT = "F Y"
# Arabic has no abbreviated month names: the short form is the long one without the weekday.
SHORT_DATE_FORMAT = "j F Y"
SHORT_DATETIME_FORMAT = "j F Y، H:i"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
