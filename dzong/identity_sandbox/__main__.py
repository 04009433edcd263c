"""Run the sandbox identity provider: `python -m dzong.identity_sandbox --port 8002`.

It registers one client, Dzong, with the id and secret of DZONG_OIDC_CLIENT_ID and
DZONG_OIDC_CLIENT_SECRET (or the arguments) and the redirect addresses given, signs ID
tokens with RS256 (a fresh key each start unless --key-file names one), and prints the
address it listens on.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path

DEVELOPMENT_CLIENT_ID = "dzong-demo"
DEVELOPMENT_SECRET = "identity-sandbox-development-secret"  # noqa: S105  # the demo's


def _private_key_pem(key_file: str | None) -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    if key_file and Path(key_file).exists():
        return Path(key_file).read_text()
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    if key_file:
        Path(key_file).write_text(pem)
    return pem


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8002, help="0 picks a free port")
    parser.add_argument(
        "--client-id", default=os.environ.get("DZONG_OIDC_CLIENT_ID") or DEVELOPMENT_CLIENT_ID
    )
    parser.add_argument(
        "--client-secret",
        default=os.environ.get("DZONG_OIDC_CLIENT_SECRET") or DEVELOPMENT_SECRET,
    )
    parser.add_argument(
        "--redirect-uri",
        action="append",
        help="where the client may receive answers (repeatable); default: "
        "DZONG_SITE_URL's /account/national-identity/return/ and a community centre's "
        "/centre/consent/national-identity/return/",
    )
    parser.add_argument("--key-file", help="keep the signing key (PEM) here across starts")
    args = parser.parse_args(argv)
    site = os.environ.get("DZONG_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
    redirect_uris = args.redirect_uri or [
        f"{site}/account/national-identity/return/",
        f"{site}/centre/consent/national-identity/return/",
    ]

    os.environ["DJANGO_SETTINGS_MODULE"] = "dzong.identity_sandbox.settings"
    os.environ["IDENTITY_SANDBOX_PRIVATE_KEY"] = _private_key_pem(args.key_file)
    database = Path(tempfile.mkdtemp(prefix="identity-sandbox-")) / "sandbox.sqlite3"
    os.environ["IDENTITY_SANDBOX_DATABASE"] = str(database)

    import django

    django.setup()
    from django.core.management import call_command
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0, interactive=False)
    Application.objects.create(
        name="Dzong",
        client_id=args.client_id,
        client_secret=args.client_secret,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(redirect_uris),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=False,
    )
    server = ThreadedWSGIServer((args.host, args.port), WSGIRequestHandler)
    server.set_app(get_wsgi_application())
    host, port = server.server_address[:2]
    print(f"identity sandbox listening on http://{host!s}:{port}/", flush=True)
    signal.signal(signal.SIGTERM, _stop)  # make demo's and the tests' way to end it
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        shutil.rmtree(database.parent, ignore_errors=True)
    sys.exit(0)


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    main()
