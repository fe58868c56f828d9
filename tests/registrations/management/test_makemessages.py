"""`make messages` (our makemessages) rewrites a catalogue only when what it says changes: not
for a new template date, new line numbers, another order or wrapping of the entries."""

from registrations.management.commands.makemessages import messages_of, same_messages

HEADER = """msgid ""
msgstr ""
"Project-Id-Version: kiss-visit 1.0\\n"
"POT-Creation-Date: {date}\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"
"""

ON_DISK = (
    HEADER.format(date="2026-11-27 02:59+0100")
    + """
#: registrations/public/views.py:120
msgid "Register"
msgstr "S'inscrire"

#: templates/registrations/email/promotion.txt:1
msgid "Hello %(name)s,"
msgstr "Γεια σας,"

#: programme/models.py:12
#, python-format
msgid "%(count)s place left"
msgid_plural "%(count)s places left"
msgstr[0] "%(count)s place restante"
msgstr[1] "%(count)s places restantes"
"""
)

# What msgmerge makes of it from today's code: another date, references without line numbers,
# another order, the greeting marked python-format and so fuzzy (its translation has no name).
FROM_THE_CODE = (
    HEADER.format(date="2026-12-04 22:30+0100")
    + """
#: programme/models.py
#, python-format
msgid "%(count)s place left"
msgid_plural "%(count)s places left"
msgstr[0] "%(count)s place "
"restante"
msgstr[1] "%(count)s places restantes"

#: registrations/public/views.py
msgid "Register"
msgstr "S'inscrire"

#: templates/registrations/email/promotion.txt
#, fuzzy, python-format
#| msgid "Hello %(name)s,"
msgid "Hello %(name)s,"
msgstr "Γεια σας,"
"""
)


def catalogue(text: str) -> dict:
    return messages_of(text.encode())


def test_same_messages_in_another_order_date_wrapping_and_references_is_no_change():
    assert same_messages(catalogue(ON_DISK), catalogue(FROM_THE_CODE)) is True


def test_new_message_in_the_code_is_a_change():
    new = FROM_THE_CODE + '\n#: programme/views.py\nmsgid "Venues"\nmsgstr ""\n'

    assert same_messages(catalogue(ON_DISK), catalogue(new)) is False


def test_translation_changed_is_a_change():
    new = FROM_THE_CODE.replace('msgstr "S\'inscrire"', 'msgstr "Inscription"')

    assert same_messages(catalogue(ON_DISK), catalogue(new)) is False


def test_message_the_code_no_longer_has_is_no_reason_to_rewrite():
    register = '#: registrations/public/views.py\nmsgid "Register"\nmsgstr "S\'inscrire"\n\n'
    new = FROM_THE_CODE.replace(register, "")

    assert len(catalogue(new)) == len(catalogue(FROM_THE_CODE)) - 1
    assert same_messages(catalogue(ON_DISK), catalogue(new)) is True


def test_entry_fuzzy_on_disk_and_translated_in_the_code_is_a_change():
    fuzzy_on_disk = ON_DISK.replace(
        '#: registrations/public/views.py:120\nmsgid "Register"',
        '#: registrations/public/views.py:120\n#, fuzzy\nmsgid "Register"',
    )

    assert same_messages(catalogue(fuzzy_on_disk), catalogue(ON_DISK)) is False
