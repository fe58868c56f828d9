# Greek programmes write times on the 24-hour clock ("09:30", "14:15"); Django's Greek format
# ("9:30 πμ.") reads oddly in a timetable. Everything else comes from Django's Greek formats.
TIME_FORMAT = "H:i"
# A day and its month put the month in the genitive ("19 Φεβρουαρίου"); Django's Greek "j F"
# writes the nominative ("19 Φεβρουάριος"). A month with its year stays nominative (F Y).
MONTH_DAY_FORMAT = "j E"
