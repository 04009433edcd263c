"""Splitting one payment between agencies and accounts: properties over many fee sets."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dzong.engine.definition import Text
from dzong.engine.fees import FeeLine, compute_fees
from dzong.engine.tests.support import demo_service
from dzong.payments.splitting import shares_of, totals_by_account, totals_by_agency

AGENCIES = st.sampled_from(["trade", "revenue", "labour", "caa", "industry"])
ACCOUNTS = st.sampled_from(["FEES", "RENT", "LICENCES", "PERMITS"])
LINE = st.builds(
    FeeLine,
    code=st.text("abcdefgh-", min_size=1, max_size=12),
    label=st.builds(Text, en=st.text(min_size=1, max_size=20), dz=st.none() | st.text()),
    agency=AGENCIES,
    account=ACCOUNTS,
    amount=st.integers(min_value=0, max_value=10**12),
    due=st.sampled_from(["before_submission", "after_approval"]),
)
LAND = demo_service("industrial-land-lease")
RATES = {"pasakha": 30, "jigmeling": 15, "motanga": 12, "dhamdum": 10, "bondeyma": 8}


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)  # a busy machine
@given(st.lists(LINE, max_size=12))
def test_a_payment_splits_into_shares_that_add_up_to_it(lines):
    shares = shares_of(lines)
    assert sum(s.amount for s in shares) == sum(line.amount for line in lines)
    assert all(s.amount > 0 for s in shares)
    assert [s.fee for s in shares] == [line.code for line in lines if line.amount]


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)  # a busy machine
@given(st.lists(LINE, max_size=12))
def test_each_agency_and_account_receives_exactly_its_fees(lines):
    shares = shares_of(lines)
    by_account, by_agency = totals_by_account(shares), totals_by_agency(shares)
    assert sum(by_account.values()) == sum(by_agency.values()) == sum(s.amount for s in shares)
    for (agency, account), amount in by_account.items():
        own = [x.amount for x in lines if (x.agency, x.account) == (agency, account)]
        assert amount == sum(own) > 0
    for agency, amount in by_agency.items():
        assert amount == sum(v for (a, _), v in by_account.items() if a == agency)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)  # a busy machine
@given(st.sampled_from(sorted(RATES)), st.integers(min_value=100, max_value=50000))
def test_the_land_lease_fee_follows_the_plot_and_estate_into_two_accounts(estate, area):
    fees = compute_fees(LAND, {"estate": estate, "plot_area": area})
    by_account = totals_by_account(shares_of(fees.lines))
    assert by_account == {
        ("industry", "DOI-LEASE-APPLICATIONS"): 100000,
        ("industry", "DOI-ESTATE-RENT"): area * RATES[estate] * 100,
    }
    assert fees.due("before_submission") == 100000 + area * RATES[estate] * 100
