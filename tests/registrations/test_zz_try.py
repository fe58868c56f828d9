import datetime
from programme.models import Session
from tests.factories import DayFactory, signup_session
from tests.registrations.test_exports import bulk_attendees
import pytest
pytestmark = pytest.mark.django_db
def test_try(admin_client):
    day = DayFactory()
    s = signup_session(day=day, title_en="Visite de la ferme urbaine et atelier Ελληνικά très long titre qui continue encore et encore jusqu au bout", slug="x1", capacity=None, start_time=datetime.time(9,30))
    bulk_attendees(s, 50)
    from tests.registrations.test_exports import export_url; r = admin_client.get(export_url("session", s.pk, "pdf"))
    open("/tmp/s.pdf","wb").write(r.content)
