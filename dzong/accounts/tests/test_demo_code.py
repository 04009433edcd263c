import pytest
from django.core.management import CommandError, call_command

from dzong.accounts.models import User
from dzong.accounts.staff import check_staff_code, enrol_staff


def staff(email):
    """A member of staff enrolled for a second factor: the demo's own, or a new account."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password="x" * 12, is_staff=True)
        enrol_staff(user=user)
    return user


def printed_code(email, capsys):
    call_command("demo_code", email)
    return capsys.readouterr().out.split()[0]


@pytest.mark.django_db
def test_the_demo_code_signs_a_demo_officer_in_and_the_next_one_follows(settings, capsys):
    settings.DZONG_DEMO = True
    officer = staff("licensing-officer@trade.demo.dzong.test")
    assert check_staff_code(user=officer, code=printed_code(officer.email, capsys))
    # Used codes are refused, so the command gives the next one, which works too.
    assert check_staff_code(user=officer, code=printed_code(officer.email, capsys))


@pytest.mark.django_db
def test_no_code_is_printed_outside_the_demo(settings, capsys):
    settings.DZONG_DEMO = False
    settings.DEBUG = False
    staff("licensing-officer@trade.demo.dzong.test")
    with pytest.raises(CommandError, match="DZONG_DEMO=1"):
        call_command("demo_code", "licensing-officer@trade.demo.dzong.test")
    assert capsys.readouterr().out == ""


@pytest.mark.django_db
def test_no_code_is_printed_for_an_account_outside_the_demo(settings):
    settings.DZONG_DEMO = True
    staff("officer@trade.gov.bt")
    with pytest.raises(CommandError, match="not a demo staff account"):
        call_command("demo_code", "officer@trade.gov.bt")
    with pytest.raises(CommandError, match="not a demo staff account"):
        call_command("demo_code", "nobody@trade.demo.dzong.test")
