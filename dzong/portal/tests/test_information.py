"""The site's information pages: linked from every page's foot, in both languages, with the
text Dzong ships until the installation's administrators write their own."""

import pytest
from django.test import Client

from dzong.accounts.models import User
from dzong.office.tests.support import office_client
from dzong.workflow.tests.factories import staff

pytestmark = pytest.mark.django_db
PAGES = ["help", "contact", "accessibility", "privacy"]


def test_every_page_links_to_the_information_pages_in_its_language(client, demo):
    for path in ["/", "/services/", "/account/sign-in/"]:
        page = client.get(path).text
        footer = page[page.index('<footer class="govuk-footer">') :]
        for slug in PAGES:
            assert f'href="/about/{slug}/"' in footer
        assert ">Accessibility statement</a>" in footer and ">Privacy notice</a>" in footer
    client.cookies["dzong_language"] = "dz"
    footer = client.get("/").text.split('<footer class="govuk-footer">')[1]
    assert ">ལྕོགས་མེད་འཛུལ་སྤྱོད་གསལ་བསྒྲགས།</a>" in footer


@pytest.mark.parametrize("language", ["en", "dz"])
def test_each_information_page_has_dzongs_text_until_the_installation_writes_its_own(
    client, empty_database, language
):
    client.cookies["dzong_language"] = language
    for slug in PAGES:
        response = client.get(f"/about/{slug}/")
        assert response.status_code == 200
        assert response.text.count('<p class="govuk-body">') >= 2
    page = client.get("/about/privacy/").text
    assert ("Privacy notice" if language == "en" else "སྒེར་གྱི་གནས་ཚུལ་གསལ་བསྒྲགས།") in page
    assert client.get("/about/nothing/").status_code == 404


def test_the_installations_administrator_writes_a_page_in_both_languages(client, demo):
    administrator = User.objects.create_superuser("admin@dzong.test", None)
    office = office_client(administrator)
    assert "Dzong's text" in office.get("/office/information/").text
    form = office.get("/office/information/contact/").text
    assert 'name="body_dz"' in form and 'lang="dz"' in form
    texts = {
        "title_en": "Contact us",
        "title_dz": "ང་བཅས་ལུ་འབྲེལ་བ་འཐབ།",
        "body_en": "Call 1234.\n\nOr visit us.",
        "body_dz": "༡༢༣༤ ལུ་ བརྒྱུད་འཕྲིན་གཏང་།",
    }
    assert office.post("/office/information/contact/", texts).status_code == 302
    page = client.get("/about/contact/").text
    assert '<h1 class="govuk-heading-l">Contact us</h1>' in page
    assert '<p class="govuk-body">Call 1234.</p><p class="govuk-body">Or visit us.</p>' in page
    client.cookies["dzong_language"] = "dz"
    assert "༡༢༣༤ ལུ་ བརྒྱུད་འཕྲིན་གཏང་།" in client.get("/about/contact/").text
    office.post("/office/information/contact/", {**texts, "title_en": "", "body_en": ""})
    client.cookies["dzong_language"] = "en"
    assert "quote its reference number" in client.get("/about/contact/").text


def test_only_the_installations_administrators_write_the_pages(demo):
    officer = office_client(staff("aviation-officer", "caa"))
    assert officer.get("/office/information/").status_code == 403
    assert officer.post("/office/information/help/", {"body_en": "x"}).status_code == 403
    applicant = Client()
    applicant.force_login(User.objects.create_user("karma@example.bt", None))
    assert applicant.get("/office/information/help/")["Location"].startswith("/office/sign-in/")
