import pytest
import yaml

from conftest import DEMO_SERVICES
from dzong.catalogue.models import Agency, Role, ServiceVersion
from dzong.catalogue.services import (
    VersionFrozen,
    export_definition,
    import_definition,
    publish_version,
)
from dzong.engine.errors import DefinitionError
from dzong.engine.loader import dump_yaml

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_database")]
BUSINESS = (DEMO_SERVICES / "register-business.yaml").read_text("utf-8")


def test_importing_a_definition_creates_the_service_its_agencies_and_roles():
    version = import_definition(text=BUSINESS)
    assert (version.service.slug, version.number, version.status) == (
        "register-business",
        1,
        "draft",
    )
    assert set(Agency.objects.values_list("code", flat=True)) == {"trade", "revenue", "labour"}
    assert Role.objects.get(code="licensing-officer").agency.code == "trade"


def test_an_invalid_definition_is_refused_and_nothing_is_stored():
    with pytest.raises(DefinitionError):
        import_definition(text=BUSINESS.replace("to: licence-rejected", "to: nowhere"))
    assert not ServiceVersion.objects.exists()


def test_importing_again_replaces_the_draft_but_never_a_published_version():
    first = publish_version(version=import_definition(text=BUSINESS))
    changed = BUSINESS.replace("deadline_days: 3", "deadline_days: 5")
    draft = import_definition(text=changed)
    again = import_definition(text=changed.replace("deadline_days: 5", "deadline_days: 4"))
    assert (draft.pk, draft.number) == (again.pk, 2)
    first.refresh_from_db()
    assert first.document["registrations"][0]["workflow"]["steps"][1]["deadline_days"] == 3


def test_publishing_freezes_a_version_and_retires_the_previous_one():
    first = publish_version(version=import_definition(text=BUSINESS))
    second = publish_version(
        version=import_definition(text=BUSINESS.replace("deadline_days: 3", "deadline_days: 5"))
    )
    first.refresh_from_db()
    assert (first.status, second.status) == ("retired", "published")
    assert ServiceVersion.objects.current_for("register-business") == second
    with pytest.raises(VersionFrozen):
        publish_version(version=second)


def test_export_then_import_gives_back_an_equal_definition():
    original = publish_version(version=import_definition(text=BUSINESS))
    exported = export_definition(slug="register-business")
    assert exported["version"] == 1
    again = import_definition(text=dump_yaml(exported))
    assert (
        again.document
        == original.document
        == {k: v for k, v in yaml.safe_load(BUSINESS).items() if k != "version"}
    )


def test_exporting_an_unknown_version_says_so():
    import_definition(text=BUSINESS)
    with pytest.raises(ServiceVersion.DoesNotExist):
        export_definition(slug="register-business", number=7)
