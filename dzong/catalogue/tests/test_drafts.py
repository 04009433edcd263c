"""Drafts the designer builds: created, saved with a revision, published, gone back to."""

import copy

import pytest

from conftest import DEMO_SERVICES
from dzong.catalogue.models import Agency, ServiceVersion
from dzong.catalogue.services import (
    DraftExists,
    StaleDraft,
    VersionFrozen,
    create_service,
    export_definition,
    import_definition,
    publish_version,
    republish_version,
    save_draft,
    start_draft,
)
from dzong.engine.edits import new_definition
from dzong.engine.errors import DefinitionError
from dzong.engine.loader import parse_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_database")]
BUS = (DEMO_SERVICES / "bus-route-permit.yaml").read_text("utf-8")


@pytest.fixture
def bus() -> ServiceVersion:
    return publish_version(version=import_definition(text=BUS))


def test_a_draft_saves_with_its_revision_and_a_stale_one_is_refused(bus):
    draft = start_draft(source=bus)
    changed = copy.deepcopy(draft.document)
    changed["title"]["en"] = "Bus permit"
    saved = save_draft(version=draft, document=changed, revision=1)
    assert saved.revision == 2
    other = copy.deepcopy(draft.document)
    other["title"]["en"] = "Coach permit"
    with pytest.raises(StaleDraft):
        save_draft(version=draft, document=other, revision=1)
    assert ServiceVersion.objects.get(pk=draft.pk).document["title"]["en"] == "Bus permit"


def test_a_draft_may_fail_the_checks_but_never_the_schema_nor_change_its_address(bus):
    draft = start_draft(source=bus)
    unfinished = copy.deepcopy(draft.document)
    unfinished["pages"].append({"code": "more", "title": {"en": "More"}, "fields": []})
    saved = save_draft(version=draft, document=unfinished, revision=1)
    assert [p.path for p in saved.problems()] == ["pages[3].fields", "pages[3].title"]
    with pytest.raises(DefinitionError):
        publish_version(version=saved)
    with pytest.raises(DefinitionError):
        save_draft(version=draft, document={**unfinished, "pages": "none"}, revision=2)
    with pytest.raises(DefinitionError):
        save_draft(version=draft, document={**unfinished, "slug": "other"}, revision=2)
    with pytest.raises(VersionFrozen):
        save_draft(version=bus, document=bus.document, revision=1)


def test_a_new_service_starts_as_a_draft_of_its_agency(bus):
    agency = Agency.objects.get(code="rsta")
    document = new_definition(
        slug="taxi-permit", agency="rsta", agency_name={"en": "RSTA"}, title={"en": "Taxi"}
    )
    version = create_service(agency=agency, document=document)
    assert (version.service.slug, version.number, version.status) == ("taxi-permit", 1, "draft")
    with pytest.raises(DefinitionError):
        create_service(agency=agency, document=document)
    other = Agency.objects.create(code="moaf", name_en="Agriculture")
    with pytest.raises(DefinitionError):
        create_service(agency=other, document={**document, "slug": "taxi-2"})


def test_going_back_publishes_an_earlier_version_again_as_a_new_one(bus):
    draft = start_draft(source=bus)
    with pytest.raises(DraftExists):
        start_draft(source=bus)
    changed = copy.deepcopy(draft.document)
    changed["fees"][0]["amount"] = 70000
    second = publish_version(version=save_draft(version=draft, document=changed, revision=1))
    third = republish_version(source=ServiceVersion.objects.get(pk=bus.pk))
    assert (second.number, third.number, third.status) == (2, 3, "published")
    assert third.document == bus.document
    assert ServiceVersion.objects.get(pk=second.pk).status == "retired"


def test_an_import_for_one_agency_refuses_another_agencys_service(bus):
    moaf = Agency.objects.create(code="moaf", name_en="Agriculture")
    with pytest.raises(DefinitionError):
        import_definition(text=BUS, agency=moaf)
    assert import_definition(text=BUS, agency=bus.service.agency).number == 2


@pytest.mark.parametrize("path", sorted(DEMO_SERVICES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_demo_service_published_unchanged_exports_the_definition_it_imported(path, demo):
    imported = parse_text(path.read_text("utf-8")).content
    current = ServiceVersion.objects.current_for(imported["slug"])
    draft = start_draft(source=current)
    saved = save_draft(version=draft, document=draft.document, revision=draft.revision)
    republished = publish_version(version=saved)
    exported = export_definition(slug=imported["slug"])
    assert exported["version"] == republished.number == current.number + 1
    assert {k: v for k, v in exported.items() if k != "version"} == {
        k: v for k, v in imported.items() if k != "version"
    }


def test_a_draft_larger_than_a_definition_may_be_is_not_saved(bus):
    draft = start_draft(source=bus)
    document = {**draft.document, "summary": {"en": "x" * (2 * 1024 * 1024), "dz": "ཀ"}}
    with pytest.raises(DefinitionError, match="too large"):
        save_draft(version=draft, document=document, revision=draft.revision)
