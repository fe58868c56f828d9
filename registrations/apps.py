from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Registrations")

    def ready(self):
        from django.db.models.signals import post_save

        from kiss_visit import checks  # noqa: F401 (checks: registered on import)
        from programme.models import Session
        from registrations.domain.place_steps import recount_after_fixture_load

        post_save.connect(recount_after_fixture_load, sender=Session, dispatch_uid="recount_places")
