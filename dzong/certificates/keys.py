"""Signing keys: a certificate authority and a key per agency, kept encrypted at rest.

Private keys are stored as PKCS#8 PEM encrypted with a secret from settings
(DZONG_SIGNING_KEYS_SECRET; see dzong/keyring.py); decrypted in memory to sign, never logged.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dzong.certificates.models import Authority, SigningKey
from dzong.keyring import seal_key, unseal_key

AUTHORITY_YEARS = 20
AGENCY_YEARS = 5


@dataclass(frozen=True)
class KeyPair:
    """A decrypted private key with its certificate, in memory only."""

    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]


def _pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


def load_certificate(pem: str) -> x509.Certificate:
    """An X.509 certificate from PEM text."""
    return x509.load_pem_x509_certificate(pem.encode())


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "BT"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, settings.DZONG_SIGNING_ORGANISATION),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def create_authority(*, name: str) -> Authority:
    """A new self-signed certificate authority (the demo makes its own on first setup)."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = timezone.now()
    subject = _name(name)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365 * AUTHORITY_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    certificate = builder.sign(key, hashes.SHA256())
    return Authority.objects.create(
        name=name, certificate_pem=_pem(certificate), private_key=seal_key(key)
    )


def _usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not cert_sign,
        content_commitment=not cert_sign,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


@transaction.atomic
def create_agency_key(*, authority: Authority, agency: str, agency_name: str) -> SigningKey:
    """A new key and certificate for an agency; its earlier key is retired (rotation)."""
    now = timezone.now()
    SigningKey.objects.active().filter(agency=agency).update(retired_at=now)
    key = ec.generate_private_key(ec.SECP256R1())
    issuer = load_certificate(authority.certificate_pem)
    issuer_key = unseal_key(authority.private_key)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(agency_name))
        .issuer_name(issuer.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365 * AGENCY_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(cert_sign=False), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
        .sign(issuer_key, hashes.SHA256())
    )
    return SigningKey.objects.create(
        agency=agency,
        key_id=f"{agency}-{now:%Y%m%d}-{secrets.token_hex(4)}",
        authority=authority,
        certificate_pem=_pem(certificate),
        private_key=seal_key(key),
    )


def key_pair(signing_key: SigningKey) -> KeyPair:
    """The key decrypted in memory, for signing on this server only."""
    root = load_certificate(signing_key.authority.certificate_pem)
    return KeyPair(
        key=unseal_key(signing_key.private_key),
        certificate=load_certificate(signing_key.certificate_pem),
        chain=(root,),
    )


def trust_roots() -> list[x509.Certificate]:
    """Every authority this platform has used: old certificates still verify after rotation."""
    return [load_certificate(a.certificate_pem) for a in Authority.objects.all()]


def signing_key_for(agency: str, agency_name: str) -> SigningKey:
    """The agency's active key, made (with the platform's authority) when it has none yet."""
    found: SigningKey | None = (
        SigningKey.objects.active().filter(agency=agency).select_related("authority").first()
    )
    if found is not None:
        return found
    authority = Authority.objects.order_by("-pk").first() or create_authority(
        name=settings.DZONG_SIGNING_AUTHORITY_NAME
    )
    return create_agency_key(authority=authority, agency=agency, agency_name=agency_name)


def set_up_signing_keys(*, agencies: dict[str, str]) -> list[SigningKey]:
    """A key for every agency that has none (agency code to name); the authority when none."""
    return [signing_key_for(code, name) for code, name in agencies.items()]
