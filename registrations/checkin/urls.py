from django.urls import path

from registrations.checkin.entry import checkin_code_entry

app_name = "checkin"
urlpatterns = [path("<str:code>/", checkin_code_entry, name="person")]
