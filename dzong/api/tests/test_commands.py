import io

import pytest
from django.core.management import CommandError, call_command

from dzong.api.models import ApiClient
from dzong.api.services import client_for, token_hash

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("api_clients", *args, stdout=out)
    return out.getvalue()


def test_a_client_is_created_with_a_token_shown_once_and_only_its_hash_kept(demo):
    shown = run(
        "create",
        "thimphu-centre",
        "--agency=trade",
        "--email=centre@example.bt",
        "--service=register-business",
        "--service=drone-permit",
    )
    token = shown.strip().splitlines()[-1]
    client = ApiClient.objects.get()
    assert token.startswith("dzg_") and len(token) > 40
    assert client.token_hash == token_hash(token) and token not in str(vars(client))
    assert client.services == ["drone-permit", "register-business"]
    assert client_for(token) == client
    listed = run("list")
    assert "thimphu-centre" in listed and "active" in listed and token not in listed


def test_a_revoked_client_is_listed_as_revoked(demo):
    run("create", "paro", "--agency=trade", "--email=p@example.bt", "--service=register-business")
    assert "revoked" in run("revoke", "paro")
    assert "revoked" in run("list")
    assert ApiClient.objects.get().revoked_at is not None


@pytest.mark.parametrize(
    "args",
    [
        ["--agency=nobody", "--email=a@example.bt", "--service=register-business"],
        ["--agency=trade", "--email=a@example.bt", "--service=no-such-service"],
    ],
)
def test_a_client_for_an_unknown_agency_or_service_is_refused(demo, args):
    with pytest.raises(CommandError):
        run("create", "centre", *args)
    assert not ApiClient.objects.exists()


def test_revoking_an_unknown_client_is_an_error(demo):
    with pytest.raises(CommandError):
        run("revoke", "nobody")
