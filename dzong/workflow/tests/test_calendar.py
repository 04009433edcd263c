import datetime as dt

from dzong.workflow.calendar import add_working_days, is_working_day

FRIDAY = dt.date(2026, 12, 11)


def test_weekends_are_not_working_days():
    assert is_working_day(FRIDAY, set())
    assert not is_working_day(FRIDAY + dt.timedelta(days=1), set())
    assert not is_working_day(FRIDAY + dt.timedelta(days=2), set())


def test_a_deadline_skips_the_weekend():
    assert add_working_days(FRIDAY, 1, set()) == dt.date(2026, 12, 14)
    assert add_working_days(FRIDAY, 5, set()) == dt.date(2026, 12, 18)


def test_a_deadline_skips_public_holidays():
    national_day = dt.date(2026, 12, 17)
    assert add_working_days(FRIDAY, 5, {national_day}) == dt.date(2026, 12, 21)


def test_work_opened_on_a_saturday_counts_from_monday():
    assert add_working_days(dt.date(2026, 12, 12), 1, set()) == dt.date(2026, 12, 14)
