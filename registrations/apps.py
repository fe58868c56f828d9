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

        # The certificate e-mail attaches a PDF drawn by the exports, which the e-mails may not
        # import: the exports hand it its composer here.
        from registrations.emails.compose import COMPOSERS
        from registrations.exports.certificates import certificate_email
        from registrations.models import OutgoingEmail

        COMPOSERS[OutgoingEmail.Kind.CERTIFICATE] = certificate_email
        post_save.connect(recount_after_fixture_load, sender=Session, dispatch_uid="recount_places")
