from django.urls import path

from programme import views

app_name = "programme"

urlpatterns = [
    path("", views.home, name="home"),
    path("<slug:visit>/", views.visit_detail, name="visit"),
    path("<slug:visit>/programme/", views.programme, name="programme"),
    path("<slug:visit>/programme.ics", views.programme_calendar, name="calendar"),
    path("<slug:visit>/week/", views.week, name="week"),
    path("<slug:visit>/venues/", views.venues, name="venues"),
    path("<slug:visit>/sessions/<slug:session>/", views.session_detail, name="session"),
    path("<slug:visit>/venues/<slug:venue>/", views.venue_detail, name="venue"),
]
