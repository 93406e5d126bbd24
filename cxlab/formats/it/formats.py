"""Italian dates as Italian is written: "1 dicembre 2026", "01/12/2026", 24-hour times.

Italian writes a month in lower case. Django's catalogue capitalises its names, so these
formats use "E" (the month's name inside a date) and cxlab's own catalogue translates those
names, listed here so that ``makemessages`` keeps them.
"""

from django.utils.translation import pgettext_lazy

DATE_FORMAT = "j E Y"  # 1 dicembre 2026
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "j E Y, H:i"  # 1 dicembre 2026, 14:30
YEAR_MONTH_FORMAT = "E Y"  # dicembre 2026
MONTH_DAY_FORMAT = "j E"  # 1 dicembre
SHORT_DATE_FORMAT = "d/m/Y"  # 01/12/2026
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 01/12/2026 14:30
FIRST_DAY_OF_WEEK = 1  # lunedì
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]  # 2026-12-01 (a date field's own), 01/12/2026

MONTHS_IN_A_DATE = [
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
]
