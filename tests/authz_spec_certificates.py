"""Who may issue, print, download, revoke and verify certificates."""

from authz import LOGIN, PUBLIC, Access

from volunteer.auth.models import Role

SPEC = {
    # Any logged-in person has a page of their own certificates (empty without hours).
    "certificates.mine": LOGIN,
    "certificates.issue_annual": LOGIN,
    "certificates.issue_record": LOGIN,
    # Only the person a certificate is for downloads it from their page: 403 for anyone else.
    "certificates.my_pdf": Access(Role.VOLUNTEER),
    # A manager issues, prints and downloads within the units they look after.
    "certificates.index": Access(Role.MANAGER, scoped=False),
    "certificates.unit_certificates": Access(Role.MANAGER),
    "certificates.print_unit": Access(Role.MANAGER),
    "certificates.certificate_pdf": Access(Role.MANAGER),
    # Revoking is an administrator's act, within their subtree.
    "certificates.revoke": Access(Role.ADMIN),
    # The year's settings bind every unit: the organisation's administrator alone.
    "certificates.settings_index": Access(Role.ADMIN, scoped=False, root_only=True),
    "certificates.settings_edit": Access(Role.ADMIN, scoped=False, root_only=True),
    # Anyone holding a certificate checks it, without an account.
    "certificates.verify_code": PUBLIC,
    "certificates.verify_upload": PUBLIC,
}


def fillers(world) -> dict[str, tuple]:
    """A certificate of each side's volunteer, its id and the code its QR carries."""
    from datetime import date

    from volunteer.certificates.models import Certificate, CertificateKind
    from volunteer.extensions import db

    year = date.today().year - 1
    made = []
    for number, side, account in (
        (1, "own", world.accounts["volunteer"]),
        (2, "other", world.accounts["other_volunteer"]),
    ):
        staff = world.staff[side]
        certificate = Certificate(
            kind=CertificateKind.ANNUAL,
            serial=f"WJW-{year}-{number:05d}",
            organisation_code="WJW",
            serial_year=year,
            sequence=number,
            account_id=account.id,
            staff_member_id=staff.id,
            unit_id=staff.unit_id,
            year=year,
            hours=3,
            activity_count=1,
            content={
                "kind": "annual",
                "name": staff.name,
                "masked_id": "",
                "volunteer_no": "",
                "unit": staff.unit.name,
                "department": "",
                "first_year": year,
                "last_year": year,
                "until": None,
                "hours": "3",
                "activities": 1,
                "categories": [["医疗卫生", "3"]],
                "years": [],
                "stars": 0,
                "issue_date": date.today().isoformat(),
                "issuer": {"body": "市卫生健康委员会", "head": "", "clerk": "", "contact": ""},
            },
            verify_code=f"matrix-code-{side}-0123456789",
        )
        db.session.add(certificate)
        made.append(certificate)
    db.session.commit()
    return {
        "certificate_id": (made[0].id, made[1].id),
        "verify_code": (made[0].verify_code, made[1].verify_code),
    }
