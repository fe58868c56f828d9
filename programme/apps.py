from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def keep_schedule_version(sender, instance, raw, **kwargs):
    """Loading the fixture over the programme writes rows without save(): keep each session's
    schedule version, one higher where the fixture moves it, so calendars follow."""
    if raw and instance.pk is not None:
        instance.follow_schedule_changes()


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = _("Programme")

    def ready(self):
        from django.db.models.signals import pre_save

        from programme import page_cache
        from programme.models import Session

        pre_save.connect(keep_schedule_version, sender=Session, dispatch_uid="schedule_version")
        # Cached public pages are dropped when programme content changes (admin, fixtures).
        page_cache.watch_programme()
