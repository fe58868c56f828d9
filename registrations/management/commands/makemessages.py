"""Django's makemessages, leaving alone a catalogue whose messages have not changed.

Django's own rewrites every catalogue each time it runs (`make messages`), even when no string
of the site changed: a new POT-Creation-Date, new line numbers in the "#: file:line"
references, and the entries appended by hand (as translators here do) moved to where the code
has them and wrapped again. Here a catalogue is written only when what it says changed: a
message added or gone, a translation, a plural, a context or the fuzzy mark. Otherwise the file
stays as it was, byte for byte, and so does the compiled .mo. References name the file only
(`--add-location=file`), so that a real change does not renumber the whole catalogue.
"""

import subprocess
import tempfile
from pathlib import Path

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    noted: set[str]

    def handle(self, *args, **options):
        self.noted = set()
        if not options.get("no_location") and not options.get("add_location"):
            options["add_location"] = "file"
        super().handle(*args, **options)

    def write_po_file(self, potfile, locale):
        pofile = Path(potfile).parent / locale / "LC_MESSAGES" / f"{self.domain}.po"
        before = pofile.read_bytes() if pofile.exists() else None
        super().write_po_file(potfile, locale)
        if before is None:
            return
        old, new = messages_of(before), messages_of(pofile.read_bytes())
        if same_messages(old, new):
            pofile.write_bytes(before)
            for message in sorted(old.keys() - new.keys()):
                note = f"{pofile}: no longer in the code, left in place: {message}"
                if note not in self.noted and self.verbosity > 0:
                    self.stdout.write(note)
                self.noted.add(note)


def same_messages(old: dict, new: dict) -> bool:
    """Whether the catalogue made from the code says what the one on disk said: every message
    there with the same translations. Messages the code no longer has are no reason to rewrite
    the file (they are named, to be taken out by hand, or dropped at the next real change).
    msgmerge marks fuzzy an entry whose translation leaves out a placeholder of a python-format
    message (the Greek greeting leaves out the name; its entry is kept without the flag by
    hand): that alone is no change either."""
    return all(key in old and new[key] in (old[key], (old[key][0], True)) for key in new)


def messages_of(catalogue: bytes) -> dict[str, tuple[str, bool]]:
    """What a catalogue says: {message (context, id, plural): (translations, fuzzy)}, whatever
    the order, wrapping, references and comments; the header without the template's creation
    date."""
    with tempfile.NamedTemporaryFile(suffix=".po") as source:
        source.write(catalogue)
        source.flush()
        normalised = subprocess.run(
            ["msgcat", "--no-location", "--no-wrap", source.name],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    messages = {}
    for entry in normalised.split("\n\n"):
        lines = [line for line in entry.splitlines() if not line.startswith('"POT-Creation-Date:')]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        text = [line for line in lines if not line.startswith("#")]
        if not text:
            continue  # obsolete (#~) entries, comments alone
        at = next((n for n, line in enumerate(text) if line.startswith("msgstr")), len(text))
        messages["\n".join(text[:at])] = ("\n".join(text[at:]), fuzzy)
    return messages
