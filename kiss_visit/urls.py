from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("KISS study visits — organisers")
admin.site.site_title = _("KISS organisers")
admin.site.index_title = _("Programme and sign-ups")
# Lists need the width: at 1280 px, the app menu beside them left room for two columns. The
# home page and the breadcrumbs lead everywhere it did.
admin.site.enable_nav_sidebar = False

# Every page lives under /fr/ or /en/; a bare path is redirected by LocaleMiddleware to the
# language the browser asks for.
urlpatterns = i18n_patterns(
    path("admin/", admin.site.urls),
    # Before the programme: its "<visit>/" pattern would otherwise catch "privacy/".
    path("", include("registrations.urls")),
    path("", include("programme.urls")),
)
