"""Signed certificate PDFs (volunteer/documents/signing.py): what a PDF reader would say."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from documents_world import certificate

from volunteer.documents import signing
from volunteer.documents.certificate import render_certificate, render_certificates

ORGANISATION = "示范市卫生健康委员会"


@pytest.fixture(scope="module")
def keys(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("keys")
    signing.create_self_signed(
        folder / "key.pem", folder / "cert.pem", organisation=ORGANISATION, days=30
    )
    return folder


@pytest.fixture(scope="module")
def signed(keys) -> bytes:
    signer = signing.load_signer(keys / "key.pem", keys / "cert.pem")
    pdf = render_certificate(certificate())
    return signing.sign_pdf(pdf, signer, reason="志愿服务时长证明", location="示范市")


def test_the_self_signed_certificate_names_the_organisation_and_may_sign_documents(keys):
    cert = x509.load_pem_x509_certificate((keys / "cert.pem").read_bytes())
    names = cert.subject.get_attributes_for_oid(x509.NameOID.ORGANIZATION_NAME)
    assert [n.value for n in names] == [ORGANISATION]
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment
    assert (cert.not_valid_after_utc - cert.not_valid_before_utc).days == 30
    assert (keys / "key.pem").stat().st_mode & 0o077 == 0  # the key is readable by its owner only


def test_a_signed_pdf_is_intact_and_trusted_with_the_organisations_certificate(keys, signed):
    check = signing.validate(signed, (keys / "cert.pem").read_bytes())
    assert check == signing.SignatureCheck(
        signed=True, intact=True, trusted=True, signer=ORGANISATION
    )
    text = subprocess.run(["pdftotext", "-", "-"], input=signed, capture_output=True, check=True)
    assert "王䶮堃" in text.stdout.decode()  # still the same document to read


@pytest.mark.parametrize("where", [0.1, 0.5, 0.9])
def test_one_changed_byte_breaks_the_signature(keys, signed, where):
    altered = bytearray(signed)
    position = int(len(signed) * where)
    altered[position] ^= 0x01
    check = signing.validate(bytes(altered), (keys / "cert.pem").read_bytes())
    assert not check.intact and not check.trusted


def test_a_page_added_after_signing_is_not_covered(keys, signed):
    extra = render_certificate(certificate(name="李堃"))
    check = signing.validate(signed + extra, (keys / "cert.pem").read_bytes())
    assert not check.intact


def test_another_organisations_certificate_does_not_trust_the_signature(signed, tmp_path):
    signing.create_self_signed(tmp_path / "k.pem", tmp_path / "c.pem", organisation="别的单位")
    check = signing.validate(signed, (tmp_path / "c.pem").read_bytes())
    assert check.intact and not check.trusted


def test_an_unsigned_pdf_and_a_non_pdf_are_reported_as_unsigned(keys):
    trust = (keys / "cert.pem").read_bytes()
    assert not signing.validate(render_certificate(certificate()), trust).signed
    assert signing.validate(b"not a pdf at all", trust) == signing.SignatureCheck(
        signed=False, intact=False, trusted=False, signer=""
    )


def test_one_signature_covers_a_whole_batch(keys):
    signer = signing.load_signer(keys / "key.pem", keys / "cert.pem")
    pdf = render_certificates(certificate(serial=f"WJW-2026-{n:05d}") for n in range(1, 4))
    signed = signing.sign_pdf(pdf, signer, reason="批量打印", location="示范市")
    assert signing.validate(signed, (keys / "cert.pem").read_bytes()).trusted
    text = subprocess.run(["pdftotext", "-", "-"], input=signed, capture_output=True, check=True)
    assert text.stdout.decode().count("\f") == 3


def test_a_pkcs12_bundle_with_a_passphrase_signs_too(keys, tmp_path):
    key = serialization.load_pem_private_key((keys / "key.pem").read_bytes(), password=None)
    cert = x509.load_pem_x509_certificate((keys / "cert.pem").read_bytes())
    bundle = pkcs12.serialize_key_and_certificates(
        b"org",
        key,  # type: ignore[arg-type]
        cert,
        None,
        serialization.BestAvailableEncryption(b"secret"),
    )
    (tmp_path / "org.p12").write_bytes(bundle)
    signer = signing.load_signer(tmp_path / "org.p12", passphrase="secret")
    signed = signing.sign_pdf(render_certificate(certificate()), signer, reason="r", location="l")
    assert signing.validate(signed, (keys / "cert.pem").read_bytes()).trusted


def test_unreadable_signing_material_is_refused_with_its_own_error(keys, tmp_path):
    with pytest.raises(signing.SigningKeyError):
        signing.load_signer(tmp_path / "missing.pem", keys / "cert.pem")
    (tmp_path / "garbage.p12").write_bytes(b"garbage")
    with pytest.raises(signing.SigningKeyError):
        signing.load_signer(tmp_path / "garbage.p12", passphrase="x")
