from django.urls import path

from registrations.private import views as private_views
from registrations.public import views

app_name = "registrations"

# A participant's private page and the pages under it: the secret is in the address.
PRIVATE = "<slug:visit>/my-registration/<slug:token>/"

urlpatterns = [
    path("privacy/", views.privacy, name="privacy"),
    path("<slug:visit>/register/", views.register, name="register"),
    path("<slug:visit>/register/received/", views.registration_received, name="received"),
    # A delegation invitation: the key is in the address (masked in the logs, kiss_visit/logs).
    path("<slug:visit>/invitation/<slug:token>/", views.invitation, name="invitation"),
    path("<slug:visit>/lost-link/", views.lost_link, name="lost_link"),
    path(PRIVATE, private_views.manage, name="manage"),
    path(PRIVATE + "agenda.ics", private_views.agenda, name="agenda"),
    path(PRIVATE + "certificate.pdf", private_views.certificate, name="certificate"),
    path(PRIVATE + "cancel/", private_views.cancel_all, name="cancel_all"),
    path(PRIVATE + "erase/", private_views.erase, name="erase"),
]
