from django.urls import path

from . import views

app_name = "registrations"

urlpatterns = [
    path("privacy/", views.privacy, name="privacy"),
    path("<slug:visit>/register/", views.register, name="register"),
    path("<slug:visit>/register/received/", views.registration_received, name="received"),
    path("<slug:visit>/lost-link/", views.lost_link, name="lost_link"),
    path("<slug:visit>/my-registration/<slug:token>/", views.manage, name="manage"),
    path("<slug:visit>/my-registration/<slug:token>/agenda.ics", views.agenda, name="agenda"),
    path("<slug:visit>/my-registration/<slug:token>/cancel/", views.cancel_all, name="cancel_all"),
    path("<slug:visit>/my-registration/<slug:token>/erase/", views.erase, name="erase"),
]
