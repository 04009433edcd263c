import pytest

from dzong.office.tests.support import office_client
from dzong.workflow.tests.factories import staff, submitted

pytestmark = pytest.mark.django_db


def test_the_registrations_are_named_once_on_the_application_screen(applicant):
    application = submitted("drone-permit", applicant, weight=900)
    officer = office_client(staff("aviation-officer", "caa"))
    screen = officer.get(f"/office/applications/{application.reference}/").text
    assert screen.count(">Registrations<") == 1
    assert 'aria-labelledby="registration-lines-title"' in screen
