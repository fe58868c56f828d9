"""Create or update the "Organisers" group with exactly the permissions organisers need."""

from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction

GROUP_NAME = "Organisers"

# What organisers do: run the programme (visits, days, venues, sessions), sign people up by hand
# ("add" participant) and see and correct participants, act on sign-ups (admin actions and
# buttons need "change"), export attendee lists, write to attendees ("add" mailing) and see what
# became of each e-mail ("view" outgoing e-mail), make and revoke delegation invitations, audit
# the taps of the check-in pages ("view" check-in tap: only those pages write them). Never
# delete a registration or a participant outright: cancel or erase instead.
ORGANISER_PERMISSIONS = {
    "programme": {
        "studyvisit": ["view", "add", "change"],
        "day": ["view", "add", "change", "delete"],
        "venue": ["view", "add", "change", "delete"],
        "session": ["view", "add", "change", "delete"],
    },
    "registrations": {
        "participant": ["view", "add", "change"],
        "registration": ["view", "change", "export_attendees"],
        "mailing": ["view", "add"],
        "outgoingemail": ["view"],
        "checkintap": ["view"],
        "delegationinvitation": ["view", "add", "change"],
        "visitoptions": ["view", "add", "change"],
    },
    # Unlock a sign-in locked after too many failures: delete its access attempts (django-axes).
    "axes": {"accessattempt": ["view", "delete"]},
}


def permission_codenames():
    for app_label, models in ORGANISER_PERMISSIONS.items():
        for model, actions in models.items():
            for action in actions:
                codename = action if "_" in action else f"{action}_{model}"
                yield app_label, codename


class Command(BaseCommand):
    help = "Create or update the Organisers group with exactly the permissions it needs."

    @transaction.atomic
    def handle(self, *args, **options):
        group, created = Group.objects.get_or_create(name=GROUP_NAME)
        permissions = [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in permission_codenames()
        ]
        group.permissions.set(permissions)
        verb = "Created" if created else "Updated"
        self.stdout.write(f'{verb} the group "{GROUP_NAME}" with {len(permissions)} permissions.')
