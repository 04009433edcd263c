import io

import pytest
from django.core.management import CommandError, call_command

from dzong.applications.models import Event
from dzong.certificates.models import Certificate, SigningKey

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("certificates", *args, stdout=out)
    return out.getvalue()


def test_the_demo_has_an_authority_and_a_key_for_every_agency(demo):
    agencies = set(SigningKey.objects.active().values_list("agency", flat=True))
    assert {"trade", "revenue", "labour"} <= agencies
    assert SigningKey.objects.active().values("authority").distinct().count() == 1


def test_revoke_by_code_from_the_command_line(issued):
    code = issued[0].verification_code.lower()
    assert "revoked" in _run("revoke", code, "--reason", "Business closed")
    assert Certificate.objects.get(pk=issued[0].pk).standing() == "revoked"
    assert Event.objects.filter(kind=Event.Kind.CERTIFICATE_REVOKED).exists()
    with pytest.raises(CommandError, match="not in force"):
        _run("revoke", code, "--reason", "Again")


def test_reissue_and_rotate_from_the_command_line(issued):
    assert "replaced by" in _run("reissue", issued[1].verification_code)
    assert "retired" in _run("rotate-key", "trade")
    assert SigningKey.objects.filter(agency="trade").count() == 2
    with pytest.raises(CommandError, match="No certificate"):
        _run("reissue", "AAAA-BBBB-CCCC")
    with pytest.raises(CommandError, match="No agency"):
        _run("rotate-key", "nobody")


def test_renewal_reminders_from_the_command_line(issued):
    assert "0 reminder(s) sent" in _run("remind-renewals")
