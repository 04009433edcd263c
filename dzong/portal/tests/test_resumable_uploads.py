"""Files sent in parts (tus-like): begun with their length, appended at the offset the server
holds, the offset asked again after a drop, and the whole file checked with its page exactly
as a file sent at once."""

import datetime as dt
import hashlib

import pytest
from django.test import Client
from django.utils import timezone

from dzong.accounts.models import User
from dzong.applications.models import Attachment, PartialUpload
from dzong.applications.resumable import remove_stale_uploads
from dzong.applications.services import start_application
from dzong.catalogue.models import ServiceVersion
from dzong.portal.tests.journeys import PNG

pytestmark = pytest.mark.django_db
PART = "application/offset+octet-stream"
DRONE = {"make_model": "DJI Mini 4 Pro", "weight_grams": "249", "purpose": "recreational"}


@pytest.fixture
def draft(client, demo, settings):
    settings.DZONG_UPLOAD_PART_BYTES = 16
    user = User.objects.create_user("karma@example.bt", None, full_name="Karma Wangmo")
    client.force_login(user)
    version = ServiceVersion.objects.current_for("drone-permit")
    return start_application(version=version, applicant=user, language="en")


def _begin(client, draft, length, field="drone_photo"):
    return client.post(
        f"/applications/{draft.reference}/uploads/",
        {"field": field, "name": "drone.png"},
        HTTP_UPLOAD_LENGTH=str(length),
    )


def _patch(client, url, offset, data):
    return client.generic("PATCH", url, data, content_type=PART, HTTP_UPLOAD_OFFSET=str(offset))


def _send_whole(client, draft, data):
    url = _begin(client, draft, len(data))["Location"]
    for offset in range(0, len(data), 16):
        assert _patch(client, url, offset, data[offset : offset + 16]).status_code == 204
    return url


def test_a_file_sent_in_parts_resumes_from_the_offset_the_server_holds(client, draft):
    begun = _begin(client, draft, len(PNG))
    assert begun.status_code == 201 and begun["Upload-Offset"] == "0"
    url = begun["Location"]
    assert _patch(client, url, 0, PNG[:16])["Upload-Offset"] == "16"
    assert _patch(client, url, 16, PNG[16:32]).status_code == 204
    # the connection dropped: the browser asks where to go on from
    held = client.head(url)
    assert held.status_code == 200 and held["Upload-Offset"] == "32"
    assert held["Upload-Length"] == str(len(PNG))
    repeated = _patch(client, url, 16, PNG[16:32])  # a part that arrived, sent again
    assert repeated.status_code == 409 and repeated["Upload-Offset"] == "32"
    assert _patch(client, url, 32, PNG[32:48]).status_code == 204
    assert PartialUpload.objects.get().received == 48


def test_parts_have_limits_and_uploads_belong_to_their_draft(client, draft):
    url = _begin(client, draft, len(PNG))["Location"]
    assert _patch(client, url, 0, PNG[:17]).status_code == 413  # a part over the part size
    assert _patch(client, url, 0, b"").status_code == 400
    assert client.generic("PATCH", url, PNG[:16], HTTP_UPLOAD_OFFSET="0").status_code == 400
    assert _begin(client, draft, 26 * 1024 * 1024).status_code == 413
    assert _begin(client, draft, 0).status_code == 400
    assert _begin(client, draft, 10, field="make_model").status_code == 400  # not a file
    assert client.get(url).status_code == 405
    stranger = Client()
    stranger.force_login(User.objects.create_user("pema@example.bt", None))
    assert stranger.head(url).status_code == 404
    assert _patch(stranger, url, 0, PNG[:16]).status_code == 404
    short = _begin(client, draft, 20)["Location"]
    _patch(client, short, 0, PNG[:16])
    assert _patch(client, short, 16, PNG[16:32]).status_code == 400  # past its length
    for _ in range(3):
        assert _begin(client, draft, 10).status_code == 201
    assert _begin(client, draft, 10).status_code == 400  # five at once at most


def test_the_whole_file_is_checked_with_its_page_as_a_file_sent_at_once(client, draft):
    url = _send_whole(client, draft, PNG)
    token = url.rstrip("/").rsplit("/", 1)[1]
    page = f"/applications/{draft.reference}/pages/drone/"
    response = client.post(page, {**DRONE, "resumed-drone_photo": token})
    assert response.status_code == 302
    attachment = Attachment.objects.get(application=draft)
    assert attachment.sha256 == hashlib.sha256(PNG).hexdigest()
    assert (attachment.size, attachment.content_type) == (len(PNG), "image/png")
    assert not PartialUpload.objects.exists()  # used, and removed


def test_a_damaged_file_sent_in_parts_is_refused_like_one_sent_at_once(client, draft):
    damaged = PNG[:40] + b"\x00" * (len(PNG) - 40)
    url = _send_whole(client, draft, damaged)
    token = url.rstrip("/").rsplit("/", 1)[1]
    page = f"/applications/{draft.reference}/pages/drone/"
    response = client.post(page, {**DRONE, "resumed-drone_photo": token})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert not Attachment.objects.exists()


def test_an_unfinished_upload_named_with_the_page_is_no_file(client, draft):
    url = _begin(client, draft, len(PNG))["Location"]
    _patch(client, url, 0, PNG[:16])
    token = url.rstrip("/").rsplit("/", 1)[1]
    page = f"/applications/{draft.reference}/pages/drone/"
    response = client.post(page, {**DRONE, "resumed-drone_photo": token})
    assert "govuk-error-summary" in response.text  # the photo is required
    assert not Attachment.objects.exists()


def test_uploads_left_unfinished_are_removed_once_by_the_sweeper(client, draft):
    _begin(client, draft, len(PNG))
    assert remove_stale_uploads() == 0
    later = timezone.now() + dt.timedelta(days=2)
    assert remove_stale_uploads(now=later) == 1
    assert remove_stale_uploads(now=later) == 0
