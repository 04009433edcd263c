"""The designer's pages through the test client: who sees what, editing, versions, files."""

from __future__ import annotations

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import DEMO_SERVICES
from dzong.accounts.models import StaffRole
from dzong.applications.models import Application
from dzong.catalogue.models import ServiceVersion
from dzong.office.tests.support import office_client
from dzong.workflow.tests.factories import staff

pytestmark = pytest.mark.django_db


def _urls(draft: ServiceVersion) -> list[tuple[str, str]]:
    base, number = "/designer/bus-route-permit", draft.number
    return [
        ("get", f"{base}/"),
        ("get", f"{base}/draft/"),
        ("get", f"{base}/draft/description/"),
        ("get", f"{base}/draft/fields/mobile/"),
        ("get", f"{base}/draft/fields/new/?page=operator"),
        ("get", f"{base}/draft/fees/seat-fee/"),
        ("get", f"{base}/draft/document/"),
        ("get", f"{base}/versions/{number}/export/"),
        ("post", f"{base}/draft/arrange/"),
        ("post", f"{base}/draft/pages/"),
        ("post", f"{base}/versions/{number}/publish/"),
        ("post", f"{base}/versions/1/draft/"),
        ("post", f"{base}/versions/1/again/"),
    ]


def test_another_agencys_designer_gets_404_on_every_address(bus_draft):
    other = office_client(staff("designer", "caa"))
    for method, url in _urls(bus_draft):
        response = getattr(other, method)(url, {"op": "field-up", "field": "mobile", "revision": 1})
        assert response.status_code == 404, url
    assert "bus-route-permit" not in other.get("/designer/").text
    assert ServiceVersion.objects.get(pk=bus_draft.pk).revision == 1


def test_staff_without_the_designer_role_and_strangers_are_kept_out(bus_draft):
    officer = office_client(staff("transport-officer", "rsta"))
    assert officer.get("/designer/").status_code == 404
    anonymous = Client().get("/designer/")
    assert anonymous["Location"] == "/office/sign-in/?next=%2Fdesigner%2F"


def test_a_designer_sees_only_their_agencys_services(designer):
    page = designer.get("/designer/").text
    assert "bus-route-permit" in page and "drone-permit" not in page


def test_a_service_from_a_template_becomes_a_draft_of_the_designers_agency(designer):
    response = designer.post(
        "/designer/new/",
        {
            "title_en": "Taxi permit",
            "title_dz": "ཊེཀ་སི་ཆོག་ཐམ།",
            "slug": "taxi-permit",
            "start": "template:drone-permit",
            "agency": "rsta",
        },
    )
    assert response.status_code == 302
    draft = ServiceVersion.objects.get(service__slug="taxi-permit")
    assert draft.service.agency.code == "rsta" and draft.document["agency"] == "rsta"
    assert {role["agency"] for role in draft.document["roles"]} == {"rsta"}
    assert draft.document["title"] == {"en": "Taxi permit", "dz": "ཊེཀ་སི་ཆོག་ཐམ།"}


def test_moving_a_field_up_and_a_stale_move_changing_nothing(designer, bus_draft):
    url = "/designer/bus-route-permit/draft/arrange/"
    response = designer.post(url, {"op": "field-up", "field": "mobile", "revision": 1})
    assert response["Location"].endswith("?focus=field-up-mobile#field-up-mobile")
    fields = ServiceVersion.objects.get(pk=bus_draft.pk).document["pages"][0]["fields"]
    assert [f["code"] for f in fields][1] == "mobile"
    response = designer.post(
        url, {"op": "field-down", "field": "mobile", "revision": 1}, follow=True
    )
    assert "Someone else saved this draft" in response.text
    assert "autofocus" in response.text
    assert ServiceVersion.objects.get(pk=bus_draft.pk).revision == 2


def _field_form(**changes):
    data = {
        "revision": 1,
        "label_en": "Mobile phone",
        "label_dz": "ལག་ཐོགས་ཁ་པར།",
        "type": "phone",
        "required": "on",
        "combine": "all",
        "if_field_0": "seating_capacity",
        "if_comparison_0": ">",
        "if_value_0": "30",
    }
    return data | changes


def test_the_shared_lists_are_offered_by_name_and_a_question_asks_for_a_country(
    designer, bus_draft
):
    form = designer.get("/designer/bus-route-permit/draft/fields/new/?page=operator").text
    assert '<optgroup label="Shared lists">' in form
    assert '<option value="countries">Countries (249)</option>' in form
    assert '<option value="dzongkhags">Dzongkhags (20)</option>' in form
    country = _field_form(label_en="Country of the owner", label_dz="", type="choice")
    country |= {"choices": "countries", "if_field_0": ""}
    saved = designer.post("/designer/bus-route-permit/draft/fields/new/?page=operator", country)
    assert saved.status_code == 302, saved.text
    preview = designer.get("/designer/bus-route-permit/draft/preview/operator/").text
    assert '<option value="bt">Bhutan</option>' in preview and ">Norway</option>" in preview


def test_a_question_is_changed_with_a_condition_built_without_code(designer, bus_draft):
    response = designer.post("/designer/bus-route-permit/draft/fields/mobile/", _field_form())
    assert response.status_code == 302
    _, field = _find(ServiceVersion.objects.get(pk=bus_draft.pk), "mobile")
    assert field["label"] == {"en": "Mobile phone", "dz": "ལག་ཐོགས་ཁ་པར།"}
    assert field["show_if"] == {">": [{"var": "seating_capacity"}, 30]}
    assert field["pattern"] == "^(17|77)[0-9]{6}$"  # what the form does not edit is kept
    page = designer.get("/designer/bus-route-permit/draft/fields/mobile/").text
    assert "&quot;seating_capacity&quot;" in page


def test_the_loser_of_two_saves_keeps_what_they_typed_and_is_told(designer, bus_draft):
    first = designer.post("/designer/bus-route-permit/draft/fields/mobile/", _field_form())
    assert first.status_code == 302
    second = designer.post(
        "/designer/bus-route-permit/draft/fields/mobile/", _field_form(label_en="Cell number")
    )
    assert second.status_code == 200
    assert "Someone else saved this draft" in second.text
    assert 'value="Cell number"' in second.text
    assert 'name="revision" value="2"' in second.text
    _, field = _find(ServiceVersion.objects.get(pk=bus_draft.pk), "mobile")
    assert field["label"]["en"] == "Mobile phone"


def test_a_choice_question_with_its_own_list_and_a_fee_by_choice(designer, bus_draft):
    form = _field_form(
        label_en="Kind of bus",
        label_dz="བཱས་ཀྱི་རིགས།",
        type="choice",
        options="Mini bus | བཱས་ཆུང་།\nCoach | བཱས་ཆེན།",
        if_field_0="",
    )
    assert (
        designer.post("/designer/bus-route-permit/draft/fields/new/?page=vehicle", form).status_code
        == 302
    )
    draft = ServiceVersion.objects.get(pk=bus_draft.pk)
    page, field = _find(draft, "kind_of_bus")
    assert page == "vehicle" and field["choices"] == "kind-of-bus"
    fee = {
        "revision": 2,
        "label_en": "Bus kind fee",
        "label_dz": "བཱས་ཀྱི་རིགས་ཀྱི་གླ་ཆ།",
        "account": "RSTA-BUS",
        "kind": "by_choice",
        "field": "kind_of_bus",
        "amount__kind_of_bus__mini-bus": "500",
        "amount__kind_of_bus__coach": "700",
    }
    assert designer.post("/designer/bus-route-permit/draft/fees/new/", fee).status_code == 302
    draft.refresh_from_db()
    assert draft.document["fees"][-1]["amount"] == {
        "if": [
            {"==": [{"var": "kind_of_bus"}, "mini-bus"]},
            50000,
            {"==": [{"var": "kind_of_bus"}, "coach"]},
            70000,
            0,
        ]
    }
    assert draft.problems() == []
    edit = designer.get("/designer/bus-route-permit/draft/fees/bus-kind-fee/").text
    assert "Amount in Nu. for each answer to 'Kind of bus'" in edit
    assert (
        '<label class="govuk-label govuk-label--s" for="id_amount__kind_of_bus__coach">Coach'
        in edit
    )
    assert 'name="amount__kind_of_bus__coach" value="700"' in edit


def _find(version, code):
    for page in version.document["pages"]:
        for field in page["fields"]:
            if field["code"] == code:
                return page["code"], field
    raise AssertionError(code)


def test_checks_link_to_the_place_to_fix(designer, bus_draft):
    designer.post("/designer/bus-route-permit/draft/pages/", {"revision": 1, "title_en": "Extra"})
    page = designer.get("/designer/bus-route-permit/draft/").text
    assert "/designer/bus-route-permit/draft/parts/questions/#page-extra" in page
    assert (
        "The page &#x27;Extra&#x27;</a>: The page &#x27;Extra&#x27; has no questions yet." in page
    )
    assert "pages[" not in page and "(description" not in page


def test_publishing_comparing_and_going_back(designer, bus_draft):
    designer.post(
        "/designer/bus-route-permit/draft/fields/mobile/",
        _field_form(if_field_0="", label_en="Phone"),
    )
    designer.post("/designer/bus-route-permit/versions/2/publish/")
    assert ServiceVersion.objects.current_for("bus-route-permit").number == 2
    page = designer.get("/designer/bus-route-permit/?old=1&new=2").text
    assert "field &#x27;Phone&#x27;: label changed from" in page
    designer.post("/designer/bus-route-permit/versions/1/again/")
    current = ServiceVersion.objects.current_for("bus-route-permit")
    assert (
        current.number == 3
        and current.document
        == ServiceVersion.objects.get(service__slug="bus-route-permit", number=1).document
    )


def test_an_exported_file_imports_back_as_a_draft(designer):
    exported = designer.get("/designer/bus-route-permit/versions/1/export/")
    assert exported["Content-Disposition"] == 'attachment; filename="bus-route-permit-v1.yaml"'
    document = yaml.safe_load(exported.content)
    assert document["version"] == 1
    upload = SimpleUploadedFile("bus.yaml", exported.content, content_type="text/yaml")
    response = designer.post("/designer/import/", {"file": upload})
    assert response.status_code == 302
    draft = ServiceVersion.objects.get(service__slug="bus-route-permit", status="draft")
    assert draft.number == 2 and {**draft.document, "version": 1} == document
    drone = (DEMO_SERVICES / "drone-permit.yaml").read_bytes()
    refused = designer.post("/designer/import/", {"file": SimpleUploadedFile("d.yaml", drone)})
    assert "agency you do not design for" in refused.text


@pytest.mark.parametrize("path", sorted(DEMO_SERVICES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_demo_service_opened_and_published_unchanged_exports_as_imported(path, demo):
    imported = yaml.safe_load(path.read_text("utf-8"))
    current = ServiceVersion.objects.current_for(imported["slug"])
    client = office_client(staff("designer", imported["agency"]))
    base = f"/designer/{imported['slug']}"
    assert client.post(f"{base}/versions/{current.number}/draft/").status_code == 302
    assert client.get(f"{base}/draft/").status_code == 200
    client.post(f"{base}/versions/{current.number + 1}/publish/")
    exported = yaml.safe_load(client.get(f"{base}/versions/{current.number + 1}/export/").content)
    assert ServiceVersion.objects.current_for(imported["slug"]).number == current.number + 1
    assert exported == {**imported, "version": current.number + 1}


def test_the_preview_runs_the_real_form_with_its_rules_and_stores_nothing(designer, bus_draft):
    start = designer.get("/designer/bus-route-permit/draft/preview/")
    assert start["Location"] == "/designer/bus-route-permit/draft/preview/operator/"
    page = designer.get(start["Location"]).text
    assert 'name="business_licence_number"' in page and 'name="mobile"' in page
    wrong = designer.post(start["Location"], {"business_licence_number": "BL-1", "mobile": "12"})
    assert wrong.status_code == 200 and "17 or 77" in wrong.text
    right = designer.post(
        start["Location"],
        {"business_licence_number": "BL-1", "contact_person": "Dorji", "mobile": "17111222"},
    )
    assert right["Location"] == "/designer/bus-route-permit/draft/preview/vehicle/"
    designer.post(
        right["Location"], {"vehicle_registration": "BP-1-A1234", "seating_capacity": "20"}
    )
    designer.post(
        "/designer/bus-route-permit/draft/preview/route/",
        {"origin_town": "Thimphu", "destination_town": "Paro", "trips_per_day": "2"},
    )
    end = designer.get("/designer/bus-route-permit/draft/preview-end/").text
    assert "Nu. 1,000" in end
    # The answers read as the applicant reads them back: questions, not codes.
    assert "seating_capacity" not in end and "Seating capacity" in end
    assert not Application.objects.exists()


def test_a_fees_refund_is_chosen_in_plain_words_and_kept(designer, bus_draft):
    base = "/designer/bus-route-permit/draft/fees"
    new = designer.get(f"{base}/new/").text
    assert 'value="on_rejection" checked' in new
    assert "Only when it is rejected before an officer has looked at it" in new
    form = designer.get(f"{base}/seat-fee/").context["form"].initial
    form = {k: v for k, v in form.items() if v is not None}
    assert form["refund"] == "on_rejection"
    new_fee = form | {"label_en": "Inspection fee", "account": "RSTA-INSPECT", "amount": "100"}
    assert designer.post(f"{base}/new/", new_fee).status_code == 302
    draft = ServiceVersion.objects.get(pk=bus_draft.pk)
    assert "refund" not in draft.document["fees"][-1]  # the default is not written out
    chosen = designer.post(f"{base}/seat-fee/", form | {"revision": 2, "refund": "before_review"})
    assert chosen.status_code == 302, chosen.text
    draft = ServiceVersion.objects.get(pk=bus_draft.pk)
    assert draft.document["fees"][0]["refund"] == "before_review"
    assert draft.definition.fees[0].refund == "before_review"
    assert 'value="before_review" checked' in designer.get(f"{base}/seat-fee/").text
    back = designer.post(f"{base}/seat-fee/", form | {"revision": 3, "refund": "on_rejection"})
    assert back.status_code == 302
    draft = ServiceVersion.objects.get(pk=bus_draft.pk)
    assert draft.document["fees"][0]["refund"] == "on_rejection"
    refused = designer.post(f"{base}/seat-fee/", form | {"revision": 4, "refund": "sometimes"})
    assert refused.status_code == 200 and 'href="#id_refund"' in refused.text


def test_the_condition_builder_writes_a_choices_code_for_the_words_the_designer_reads(
    designer, bus_draft
):
    question = _field_form(
        label_en="Kind of bus",
        type="choice",
        options="Mini bus | བཱས་ཆུང་།\nCoach | བཱས་ཆེན།",
        if_field_0="",
    )
    designer.post("/designer/bus-route-permit/draft/fields/new/?page=vehicle", question)
    changed = _field_form(revision=2, if_field_0="kind_of_bus", if_comparison_0="==")
    refused = designer.post(
        "/designer/bus-route-permit/draft/fields/mobile/", changed | {"if_value_0": "Lorry"}
    )
    assert "Choose one of the answers to this question: &#x27;Mini bus&#x27;" in refused.text
    saved = designer.post(
        "/designer/bus-route-permit/draft/fields/mobile/", changed | {"if_value_0": "coach "}
    )
    assert saved.status_code == 302
    _, field = _find(ServiceVersion.objects.get(pk=bus_draft.pk), "mobile")
    assert field["show_if"] == {"==": [{"var": "kind_of_bus"}, "coach"]}
    page = designer.get("/designer/bus-route-permit/draft/fields/mobile/").text
    assert 'value="Coach"' in page and 'list="answers-kind_of_bus"' in page
    assert '<datalist id="answers-kind_of_bus"><option value="Mini bus">' in page


def test_publishing_asks_first_showing_the_changes_and_the_steps_nobody_acts_on(
    designer, bus_draft
):
    base = "/designer/bus-route-permit"
    designer.post(f"{base}/draft/fields/mobile/", _field_form(if_field_0="", label_en="Phone"))
    StaffRole.objects.filter(role__code="transport-officer").delete()
    asked = designer.get(f"{base}/versions/2/publish/").text
    assert ServiceVersion.objects.current_for("bus-route-permit").number == 1
    assert "field &#x27;Phone&#x27;: label changed from" in asked
    assert "The step 'Transport officer&#x27;s review': nobody holds the role 'Transport" in asked
    assert 'href="/office/staff/rsta/"' in asked
    published = designer.post(f"{base}/versions/2/publish/", follow=True).text
    assert ServiceVersion.objects.current_for("bus-route-permit").number == 2
    assert "Version 2 is published." in published
    assert 'href="/services/bus-route-permit/"' in published


def test_a_new_service_is_previewed_before_its_texts_are_written_but_not_published(designer):
    new = {"title_en": "Market stall permit", "slug": "market-stall", "start": "blank"}
    new |= {"title_dz": "", "agency": "rsta"}
    designer.post("/designer/new/", new | {"first_page_en": "Questions"})
    base = "/designer/market-stall/draft"
    question = _field_form(label_en="Stall name", label_dz="", type="text", if_field_0="")
    added = designer.post(f"{base}/fields/new/?page=page-1", question | {"then": "another"})
    assert added["Location"] == f"{base}/fields/new/?page=page-1"  # the next question's form
    page = designer.get(f"{base}/").text
    assert 'id="preview"' in page and 'id="publish"' not in page
    assert "The public description</a>: This text is still" in page
    assert "The page &#x27;Questions&#x27;</a>: Give the page a title" in page
    assert 'id="section-description"><strong class="govuk-tag govuk-tag--yellow">7 things' in page
    assert 'id="section-fees"><strong class="govuk-tag govuk-tag--grey">None yet' in page
    assert 'id="section-workflow">Done' in page
    assert 'href="/designer/market-stall/draft/parts/questions/" id="to-questions"' in page
    rename = {"op": "page-rename", "page": "page-1", "revision": 2, "title_en": ""}
    refused = designer.post(f"{base}/arrange/", rename, follow=True).text
    assert "Give the page a title in English." in refused
    renamed = designer.post(f"{base}/arrange/", rename | {"title_en": "Your stall"})
    assert (
        renamed["Location"]
        == f"{base}/parts/questions/?focus=page-rename-page-1#page-rename-page-1"
    )
    page = designer.get(f"{base}/parts/questions/").text
    assert "Give the page a title" not in page and "Page 1: Your stall" in page
    designer.cookies["dzong_language"] = "dz"
    preview = designer.get(f"{base}/preview/page-1/").text
    assert "Stall name" in preview and "Market stall permit" in preview
    assert "[རྫོང་ཁ་མ་བྲིས་པས།] Stall name" in preview
    refused = designer.get("/designer/market-stall/versions/1/publish/").text
    assert 'id="publish-problems"' in refused and "confirm-publish" not in refused
    designer.post("/designer/market-stall/versions/1/publish/")
    assert ServiceVersion.objects.get(service__slug="market-stall").status == "draft"
