"""Ids read from addresses and forms: plain ASCII digits within the databases' 64-bit range.

Python's int() would also take "²" (and fail), "١٢" or "１２" (and succeed), signs and spaces;
SQLite fails beyond 64 bits. None of these is in any link of ours: such a value names nothing.
"""

IDS = range(1, 2**63)


def number_in(value) -> int | None:
    """The number the text holds in plain ASCII digits, or None."""
    value = str(value)
    return int(value) if value.isascii() and value.isdecimal() else None


def id_in(value) -> int | None:
    """The id the text holds (plain digits, within range), or None."""
    number = number_in(value)
    # Never `None in IDS`: for anything but an int, a range searches itself element by element.
    return number if number is not None and number in IDS else None
