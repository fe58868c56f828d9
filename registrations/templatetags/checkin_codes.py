"""The check-in code of a person, for the check-in page to recognise a scanned QR code without
network. Only on that page, for signed-in organisers: the code opens nothing to anyone else."""

from django import template

from registrations.domain.checkin_code import checkin_code as code_of

register = template.Library()


@register.filter
def checkin_code(participant) -> str:
    return code_of(participant)
