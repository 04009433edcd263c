"""Fees, the workflow's automatic steps and certificate data, from the demo services."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dzong.engine.certificates import Issue, certificate_data
from dzong.engine.fees import FeeError, compute_fees
from dzong.engine.form import Form
from dzong.engine.tests.support import demo_service
from dzong.engine.workflow import (
    WorkflowError,
    allowed_action,
    outcome,
    registration_steps,
    run_automatic,
)

RATES = {"pasakha": 30, "jigmeling": 15, "motanga": 12, "dhamdum": 10, "bondeyma": 8}
ISSUE = Issue(reference="DZ-2026-000123", number="LO-000001", issue_date=dt.date(2026, 11, 23))


LAND_LEASE = demo_service("industrial-land-lease")


@settings(deadline=None)
@given(area=st.integers(100, 50000), estate=st.sampled_from(sorted(RATES)))
def test_the_land_lease_fee_is_the_application_fee_plus_a_years_rent(area, estate):
    fees = compute_fees(LAND_LEASE, {"plot_area": area, "estate": estate})
    assert [line.code for line in fees.lines] == ["application-fee", "first-year-rent"]
    assert fees.total == 100000 + area * RATES[estate] * 100
    assert {line.agency for line in fees.lines} == {"industry"}


@pytest.mark.parametrize(
    ("purpose", "amount"), [("recreational", 50000), ("commercial", 200000), ("survey", 200000)]
)
def test_the_drone_fee_depends_on_the_purpose(purpose, amount):
    fees = compute_fees(demo_service("drone-permit"), {"purpose": purpose})
    assert fees.total == fees.due("before_submission") == amount


def test_the_bus_fee_is_fifty_ngultrum_a_seat():
    assert compute_fees(demo_service("bus-route-permit"), {"seating_capacity": 40}).total == 200000


def test_a_fee_that_gives_no_amount_is_the_engines_own_error():
    with pytest.raises(FeeError):
        compute_fees(demo_service("bus-route-permit"), {"seating_capacity": "many"})


def test_business_registration_is_approved_at_once_when_the_rule_allows():
    form = Form(demo_service("register-business"))
    moves = run_automatic(form, "automatic-check", {"activity": "retail", "employees": 2})
    assert [(m.from_step, m.to_step) for m in moves] == [("automatic-check", "approved")]
    assert outcome(form.service, moves[-1].to_step) == "approved"


@pytest.mark.parametrize(
    "answers",
    [{"activity": "tour-operator", "employees": 2}, {"activity": "retail", "employees": 10}, {}],
)
def test_tour_operators_large_businesses_and_missing_answers_go_to_an_officer(answers):
    form = Form(demo_service("register-business"))
    licence = registration_steps(form.service, "business-licence")
    assert run_automatic(form, "licence-check", answers, licence)[-1].to_step == "review"


def test_an_ordinary_business_licence_is_approved_by_its_own_steps_at_once():
    form = Form(demo_service("register-business"))
    licence = registration_steps(form.service, "business-licence")
    moves = run_automatic(form, "licence-check", {"activity": "retail", "employees": 2}, licence)
    assert [(m.from_step, m.to_step) for m in moves] == [("licence-check", "licence-approved")]
    assert outcome(form.service, "licence-approved") == "approved"
    assert allowed_action(form.service, "review", "reject").to == "licence-rejected"


@pytest.mark.parametrize(
    ("weight", "next_step"), [(1999, "approved"), (2000, "flight-safety-review")]
)
def test_heavy_drones_need_the_chief_of_flight_safety(weight, next_step):
    form = Form(demo_service("drone-permit"))
    action = allowed_action(form.service, "officer-check", "approve")
    assert run_automatic(form, action.to, {"weight_grams": weight})[-1].to_step == next_step


def test_an_action_the_step_does_not_allow_is_refused():
    with pytest.raises(WorkflowError):
        allowed_action(demo_service("drone-permit"), "officer-check", "publish")


def test_the_lease_offer_shows_the_rent_and_choice_labels_in_both_languages():
    service = demo_service("industrial-land-lease")
    answers = {
        "company_name": "Druk Steel",
        "estate": "jigmeling",
        "plot_area": 6000,
        "proposed_activity": "Steel rods",
    }
    english = certificate_data(service, service.certificates["lease-offer"], answers, ISSUE, "en")
    facts = dict(english.facts)
    assert facts["Industrial estate"] == "Jigmeling"
    assert facts["Yearly rent"] == "Nu. 90,000"
    assert facts["Offer number"] == "LO-000001"
    assert english.valid_until == dt.date(2027, 2, 21)
    dzongkha = dict(
        certificate_data(service, service.certificates["lease-offer"], answers, ISSUE, "dz").facts
    )
    assert "འཇིགས་མེད་གླིང་།" in dzongkha.values()


def test_a_drone_permit_is_valid_between_the_flying_days():
    service = demo_service("drone-permit")
    answers = {"first_flying_day": "2026-12-01", "last_flying_day": "2027-01-15"}
    data = certificate_data(service, service.certificates["drone-permit"], answers, ISSUE, "en")
    assert (data.valid_from, data.valid_until) == (dt.date(2026, 12, 1), dt.date(2027, 1, 15))
