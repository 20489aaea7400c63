"""Digital signatures on certificate PDFs (PAdES, with pyHanko): sign, check, make a key.

The signing material is a PEM (or DER) private key and its X.509 certificate, two files; an
organisation whose CA issued a PKCS#12 bundle (.p12/.pfx) passes that file as `key_path` and
no `cert_path`. `create_self_signed` makes a key and a certificate for an intranet without a
CA: readers then show the signature as intact but from an unknown signer until the
certificate is trusted. One signature covers a whole PDF, however many pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from pyhanko.keys import load_certs_from_pemder_data
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

FIELD_NAME = "Signature1"


class SigningKeyError(ValueError):
    """The key or certificate files cannot be read (missing, wrong passphrase, not a key)."""


@dataclass(frozen=True)
class SignatureCheck:
    """What a reader would say of a PDF's signature."""

    signed: bool  # the PDF carries a signature at all
    intact: bool  # not a byte of what it covers changed, and it covers the whole file
    trusted: bool  # made by the given certificate's key (or one it issued)
    signer: str  # the signing certificate's subject, "" when unsigned


def load_signer(
    key_path: str | Path, cert_path: str | Path | None = None, passphrase: str | None = None
) -> signers.SimpleSigner:
    """Load a PEM/DER key and certificate, or a PKCS#12 bundle when `cert_path` is None."""
    secret = passphrase.encode() if passphrase else None
    try:
        if cert_path is None:
            signer = signers.SimpleSigner.load_pkcs12_data(
                Path(key_path).read_bytes(), other_certs=[], passphrase=secret
            )
        else:
            signer = signers.SimpleSigner.load(  # type: ignore[no-untyped-call]
                str(key_path), str(cert_path), key_passphrase=secret
            )
    except (OSError, ValueError) as error:
        raise SigningKeyError(str(error)) from error
    if not isinstance(signer, signers.SimpleSigner):
        raise SigningKeyError(f"cannot read the signing key {key_path}")
    return signer


def sign_pdf(pdf: bytes, signer: signers.Signer, *, reason: str, location: str) -> bytes:
    """Return the PDF with a PAdES signature (B-B: no timestamp server) over all of it."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        reason=reason,
        location=location,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    output = signers.sign_pdf(writer, meta, signer=signer)
    return bytes(output.getvalue())


def create_self_signed(
    key_out: Path, cert_out: Path, *, organisation: str, days: int = 3650
) -> None:
    """Write a new RSA-2048 key (PEM, unencrypted, mode 600) and a self-signed certificate."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, organisation),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,  # non-repudiation: what readers expect of a document signature
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_bytes = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    key_out.parent.mkdir(parents=True, exist_ok=True)
    cert_out.parent.mkdir(parents=True, exist_ok=True)
    key_out.touch(mode=0o600)
    key_out.write_bytes(key_bytes)
    cert_out.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))


def validate(pdf: bytes, trust_cert_pem: bytes) -> SignatureCheck:
    """Check the PDF's last signature against the given certificate as the only trust root."""
    unsigned = SignatureCheck(signed=False, intact=False, trusted=False, signer="")
    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        embedded = reader.embedded_signatures
    except Exception:
        return unsigned
    if not embedded:
        return unsigned
    signature = embedded[-1]
    roots = list(load_certs_from_pemder_data(trust_cert_pem))
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    try:
        status = validate_pdf_signature(signature, context)
    except Exception:
        return SignatureCheck(signed=True, intact=False, trusted=False, signer="")
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    return SignatureCheck(
        signed=True,
        intact=bool(status.intact and status.valid and whole),
        trusted=bool(status.intact and status.valid and status.trusted),
        signer=_subject(status.signing_cert.subject),
    )


def _subject(name: Any) -> str:
    """The common name of a certificate's subject, else the whole subject, readably."""
    common_name = name.native.get("common_name")
    return str(common_name) if common_name else str(name.human_friendly)
