import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_home_page_lists_services(client, demo):
    response = client.get("/")
    assert response.status_code == 200
    assert "Register a business" in response.text


def test_every_page_has_a_strict_content_security_policy(client, demo):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in client.get("/").text


def test_the_catalogue_searches_in_english_and_dzongkha(client, demo):
    english = client.get(reverse("portal:catalogue"), {"q": "drone"}).text
    assert "Drone permit" in english and "Register a business" not in english
    dzongkha = client.get(reverse("portal:catalogue"), {"q": "ཚོང་ལས་ཐོ་བཀོད"}).text
    assert "Register a business" in dzongkha and "Drone permit" not in dzongkha


def test_the_catalogue_browses_by_topic(client, demo):
    page = client.get(reverse("portal:catalogue"), {"topic": "transport"}).text
    assert "Drone permit" in page and "Bus route permit" in page
    assert "Register a business" not in page
    assert '<option value="transport" selected>Transport</option>' in page


def test_the_catalogue_filters_by_agency(client, demo):
    page = client.get(reverse("portal:catalogue"), {"agency": "trade"}).text
    assert "Register a business" in page and "Drone permit" not in page


def test_a_service_page_is_generated_from_its_definition(client, demo):
    page = client.get(reverse("portal:service", args=["industrial-land-lease"])).text
    for expected in ("Who can apply", "Project proposal", "Nu. 1,000", "Legal basis"):
        assert expected in page


def test_an_unknown_service_is_not_found(client, demo):
    assert client.get(reverse("portal:service", args=["fishing-licence"])).status_code == 404


def test_the_language_switch_is_remembered_and_translates_the_page(client, demo):
    response = client.post(reverse("set_language"), {"language": "dz", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").text
    assert 'lang="dz"' in page
    assert "གཞུང་གི་ཞབས་ཏོག་ཚུ་ ཡོངས་འབྲེལ་ཐོག་ལས།" in page
    assert "ཚོང་ལས་ཐོ་བཀོད་འབད་ནི།" in page
