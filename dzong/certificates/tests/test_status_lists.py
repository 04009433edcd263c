"""The credential verifier reads revocation as an outside verifier would: it resolves the
status list URL the credential names (in-process for our own site, over HTTP for others) and
checks the signed list it finds there."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from dzong.certificates.credentials import (
    _sign,
    credential,
    issue_credential,
    verify_credential,
)
from dzong.certificates.keys import signing_key_for
from dzong.certificates.services import revoke_certificate
from dzong.certificates.status_lists import (
    HttpResolver,
    InProcessResolver,
    SiteResolver,
    StatusListUnavailable,
)


class Recording:
    """A resolver that notes each URL it is asked for, then asks the real one."""

    def __init__(self, resolver):
        self.resolver = resolver
        self.urls = []

    def fetch(self, url):
        self.urls.append(url)
        return self.resolver.fetch(url)


@pytest.mark.django_db
def test_our_own_status_list_is_resolved_in_process_and_shows_revocation(issued, settings):
    settings.DZONG_SITE_URL = "https://dzong.invalid"  # no network could reach it
    licence = issued[0]
    token = issue_credential(certificate=licence)
    resolver = Recording(SiteResolver())
    assert verify_credential(token=token, resolver=resolver)["verified"] is True
    status_url = "https://dzong.invalid/credentials/trade/status/"
    assert resolver.urls == [status_url]
    revoke_certificate(certificate=licence, reason="Closed")
    refused = verify_credential(token=token, resolver=resolver)
    assert (refused["verified"], refused["status"]) == (False, "revoked")
    assert resolver.urls == [status_url, status_url]


@pytest.mark.django_db
def test_a_credential_is_valid_from_the_first_moment_of_its_day_in_the_country(issued, settings):
    settings.TIME_ZONE = "Asia/Thimphu"  # six hours ahead of UTC
    licence = issued[0]
    licence.valid_from, licence.valid_until = dt.date(2026, 12, 3), dt.date(2027, 12, 2)
    document = credential(licence)
    assert document["validFrom"] == "2026-12-02T18:00:00Z"  # not valid "from tomorrow" until 06:00
    assert document["validUntil"] == "2027-12-02T17:59:59Z"


@pytest.mark.django_db
def test_the_verify_endpoint_refuses_a_revoked_credential_through_the_status_list(
    client, issued, settings
):
    settings.DZONG_SITE_URL = "https://dzong.invalid"
    token = issue_credential(certificate=issued[1])
    url = reverse("credentials:verify")
    assert client.post(url, token, content_type="application/vc+jwt").json()["verified"]
    revoke_certificate(certificate=issued[1], reason="Issued in error")
    refused = client.post(url, {"credential": token}, content_type="application/json").json()
    assert refused["status"] == "revoked"


@pytest.mark.django_db(transaction=True)
def test_a_status_list_of_another_site_is_fetched_over_http(live_server, issued, settings):
    settings.DZONG_SITE_URL = live_server.url  # the status list is served by a real server
    licence = issued[0]
    token = issue_credential(certificate=licence)
    over_http = Recording(HttpResolver())
    assert verify_credential(token=token, resolver=over_http)["verified"] is True
    assert over_http.urls == [f"{live_server.url}/credentials/trade/status/"]
    revoke_certificate(certificate=licence, reason="Closed")
    assert verify_credential(token=token, resolver=over_http)["status"] == "revoked"


@pytest.mark.django_db
def test_a_status_list_that_cannot_be_had_means_no_verification(issued, settings):
    settings.DZONG_SITE_URL = "https://dzong.invalid"
    licence = issued[0]
    document = credential(licence)
    document["credentialStatus"]["statusListCredential"] = "http://127.0.0.1:9/status/"
    token = _sign(document, signing_key_for("trade", "trade"))
    refused = verify_credential(token=token, resolver=SiteResolver())
    assert (refused["verified"], refused["status"]) == (False, "status_unavailable")


@pytest.mark.django_db
def test_a_status_list_must_be_the_issuers_own_signed_list(issued, settings):
    settings.DZONG_SITE_URL = "https://dzong.invalid"
    licence = issued[0]
    token = issue_credential(certificate=licence)

    class Forged:
        """Serves another agency's list, or an unsigned one, at the licence's list URL."""

        def __init__(self, body):
            self.body = body

        def fetch(self, url):
            return self.body

    revenue_list = InProcessResolver().fetch("https://dzong.invalid/credentials/revenue/status/")
    unsigned = "e30." + json.dumps({"type": ["BitstringStatusListCredential"]}) + ".x"
    for body in (revenue_list, unsigned, "not a jwt"):
        refused = verify_credential(token=token, resolver=Forged(body))
        assert refused["status"] == "status_unavailable", body[:20]


@pytest.mark.django_db
def test_only_status_list_addresses_of_ours_are_served_in_process(issued):
    resolver = InProcessResolver()
    with pytest.raises(StatusListUnavailable):
        resolver.fetch("https://dzong.invalid/.well-known/jwks.json")
    with pytest.raises(StatusListUnavailable):
        resolver.fetch("https://dzong.invalid/credentials/nobody/status/")
    with pytest.raises(StatusListUnavailable):
        HttpResolver().fetch("file:///etc/passwd")
