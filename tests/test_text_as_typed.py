"""Free text is kept as the person typed it: "，（）：；、", full-width letters and line breaks.

Every free-text field is submitted through its real form, read back from the database and looked
for on the page where people read it; a multi-line note keeps its lines, its indentation and its
punctuation, only its line endings becoming "\n".
"""

from __future__ import annotations

import pytest
from text_forms_activities import (
    _new_activity,
    _new_project,
    _new_team,
    _theme,
    activity_cancel_reason,
    activity_title_changed,
    category_name,
    project_close_reason,
    team_disband_reason,
    team_member_skills,
)
from text_forms_admin import (
    account_deactivate_reason,
    account_display_name,
    badge_revoke_reason,
    id_number_export_reason,
    poster_revoke_reason,
    role_grant_reason,
    role_revoke_reason,
    staff_edit_reason,
    staff_leave_reason,
    staff_transfer_reason,
    target_document,
    target_reason,
    unit_move_reason,
    unit_name_changed,
    unit_name_created,
    unit_retire_reason,
)
from text_forms_records import (
    _correction_answer,
    _make_up,
    _served,
    correction_message,
    forgotten_sign_out_reason,
    missing_record_message,
    record_reject_reason,
    record_void_reason,
    registration_affiliation,
    registration_approve_note,
    registration_reject_reason,
)
from text_world import (  # noqa: F401 - the fixture is used by name
    SENT,
    TYPED,
    page,
    submit,
    world_fixture,
)

from volunteer.records.models import ServiceRecord

FREE_TEXT_FORMS = [
    _new_activity("title"),
    _new_activity("place"),
    _new_activity("description"),
    _new_activity("contact"),
    activity_title_changed,
    activity_cancel_reason,
    category_name,
    _theme("title"),
    _theme("description"),
    _new_team("name"),
    _new_team("description"),
    team_member_skills,
    team_disband_reason,
    _new_project("name"),
    _new_project("description"),
    project_close_reason,
    record_reject_reason,
    record_void_reason,
    forgotten_sign_out_reason,
    _make_up("reason", 0),
    _make_up("evidence_note", 1),
    correction_message,
    missing_record_message,
    _correction_answer("accept"),
    _correction_answer("reject"),
    registration_affiliation,
    registration_approve_note,
    registration_reject_reason,
    target_document,
    target_reason,
    unit_name_created,
    unit_name_changed,
    unit_move_reason,
    unit_retire_reason,
    staff_edit_reason,
    staff_leave_reason,
    staff_transfer_reason,
    account_display_name,
    role_grant_reason,
    role_revoke_reason,
    account_deactivate_reason,
    badge_revoke_reason,
    poster_revoke_reason,
    id_number_export_reason,
]


@pytest.mark.parametrize("form", FREE_TEXT_FORMS, ids=lambda form: form.__name__)
def test_free_text_is_stored_and_shown_as_it_was_typed(client, login_as, db, world, form):
    sent = form(world, SENT)

    submit(client, login_as, sent)

    db.session.expire_all()
    assert sent.stored() == TYPED
    assert sent.page is not None
    if sent.reader is not None:
        client.post("/logout")
        login_as(sent.reader)
    assert TYPED in page(client.get(sent.page()))


def test_a_multi_line_note_keeps_its_lines_and_its_punctuation(client, login_as, db, world):
    record = _served(world)
    login_as(world.coordinator)
    typed = "本人未到场：\r\n　　经核实（见签到表），作废；"

    client.post(f"/records/{record.id}/void", data={"reason": typed})

    db.session.expire_all()
    assert db.session.get(ServiceRecord, record.id).status_reason == (
        "本人未到场：\n　　经核实（见签到表），作废；"
    )
