"""The commands: a year's certificates as one PDF per unit; a signing key, and signed PDFs."""

from __future__ import annotations

from datetime import date

from certificates_world import LAST_YEAR, certificates, pdf_text, served, world_fixture  # noqa: F401
from statements import sent_statements

from volunteer.certificates.services import issuing
from volunteer.certificates.services.printing import print_unit_certificates
from volunteer.certificates.verification import UploadOutcome, check_upload
from volunteer.documents.signing import validate
from volunteer.extensions import db


def test_certificates_command_writes_one_pdf_per_unit(world, runner, tmp_path, make_unit):
    make_unit("H-C", "第三人民医院", parent=world["org"]["root"])  # nobody eligible: skipped
    served(world["volunteer"], world["activity"], date(LAST_YEAR, 3, 5), 3)
    served(world["other_volunteer"], world["other_activity"], date(LAST_YEAR, 3, 5), 4)
    out = tmp_path / "out"
    result = runner.invoke(args=["certificates", "--year", str(LAST_YEAR), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [f"H-A-{LAST_YEAR}.pdf", f"H-B-{LAST_YEAR}.pdf"]
    assert "第三人民医院" in result.output and "跳过" in result.output
    assert "王小明" in pdf_text((out / f"H-A-{LAST_YEAR}.pdf").read_bytes())
    assert "赵堃" in pdf_text((out / f"H-B-{LAST_YEAR}.pdf").read_bytes())
    assert len(certificates()) == 2

    again = runner.invoke(
        args=["certificates", "--year", str(LAST_YEAR), "--unit", "h-b", "--out", str(out)]
    )
    assert again.exit_code == 0, again.output
    assert len(certificates()) == 2  # unchanged figures: nothing issued twice


def test_certificates_command_refuses_an_unknown_unit(world, runner, tmp_path):
    result = runner.invoke(
        args=["certificates", "--year", str(LAST_YEAR), "--unit", "NOPE", "--out", str(tmp_path)]
    )
    assert result.exit_code != 0 and "NOPE" in result.output


def test_signing_key_create_then_every_certificate_is_signed(world, runner, tmp_path, app):
    result = runner.invoke(args=["signing-key", "create", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    key, cert = tmp_path / "certificate-signing.key", tmp_path / "certificate-signing.crt"
    assert key.exists() and cert.exists() and "CERTIFICATE_SIGNING_KEY" in result.output
    again = runner.invoke(args=["signing-key", "create", "--out", str(tmp_path)])
    assert again.exit_code != 0 and "--force" in again.output

    app.config.update(CERTIFICATE_SIGNING_KEY=str(key), CERTIFICATE_SIGNING_CERT=str(cert))
    served(world["volunteer"], world["activity"], date(LAST_YEAR, 3, 5), 3)
    certificate = issuing.issue_annual(world["volunteer"], LAST_YEAR, by=None).certificate
    db.session.commit()
    assert certificate.signed
    check = validate(certificate.pdf, cert.read_bytes())
    assert check.signed and check.intact and check.trusted and "市卫生健康委员会" in check.signer
    assert check_upload(certificate.pdf).outcome is UploadOutcome.GENUINE
    altered = bytearray(certificate.pdf)
    altered[len(altered) // 3] ^= 0x01
    assert not validate(bytes(altered), cert.read_bytes()).intact
    assert check_upload(bytes(altered)).outcome is UploadOutcome.UNKNOWN


def test_a_units_batch_reads_in_a_fixed_number_of_statements(world, make_volunteer, db):
    def selects_for(people: int, year: int) -> int:
        for n in range(people):
            person = make_volunteer(world["org"]["a1"], f"批量{year}{n}")
            served(person, world["activity"], date(year, 3, 5), 2)
        with sent_statements(db.engine) as statements:
            print_unit_certificates(world["org"]["a"].id, year, by_id=None)
        return sum(1 for s in statements if s.lstrip().upper().startswith("SELECT"))

    # The second year has twice the people (and the first year's): the reads do not grow.
    assert selects_for(3, LAST_YEAR - 1) == selects_for(6, LAST_YEAR)
