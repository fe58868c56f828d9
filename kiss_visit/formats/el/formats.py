# Greek programmes write times on the 24-hour clock ("09:30", "14:15"); Django's Greek format
# ("9:30 πμ.") reads oddly in a timetable. Everything else comes from Django's Greek formats.
TIME_FORMAT = "H:i"
