from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from kiss_visit.http.health import healthz

admin.site.site_header = _("KISS study visits — organisers")
admin.site.site_title = _("KISS organisers")
admin.site.index_title = _("Programme and sign-ups")
# Lists need the width: at 1280 px, the app menu beside them left room for two columns. The
# home page and the breadcrumbs lead everywhere it did.
admin.site.enable_nav_sidebar = False
# Says what signing out left on the phone (kiss_visit/http/signing_out.py).
admin.site.logout_template = "admin/logged_out.html"
# The admin's own page titles, in our words (locale/): marked here so that makemessages keeps
# them. Django's French says "Sélectionnez l'objet ... à changer" and "Modification de
# invitation de la délégation"; its Greek puts the (lower-case) name first.
ADMIN_TITLES_IN_OUR_WORDS = (
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop("Change %s"),
    gettext_noop("Add %s"),
    gettext_noop("View %s"),
)

# A database that does not answer gives "temporarily unavailable" (503), not a 500.
handler500 = "kiss_visit.http.unavailable.server_error"

# Every page lives under /fr/ or /en/; a bare path is redirected by LocaleMiddleware to the
# language the browser asks for.
urlpatterns = [
    # For load balancers and monitors: no language, no redirect.
    path("healthz", healthz, name="healthz"),
    # The check-in code's address: no language, it opens in the scanning organiser's.
    path("checkin/person/", include("registrations.checkin.urls")),
    *i18n_patterns(
        path("admin/", admin.site.urls),
        # Before the programme: its "<visit>/" pattern would otherwise catch "privacy/".
        path("", include("registrations.urls")),
        path("", include("programme.urls")),
    ),
]
