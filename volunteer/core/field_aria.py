"""Tie a form field to its hint and its error messages for assistive technology."""

from collections.abc import Mapping, Sequence


def hint_id(field_id: str) -> str:
    """The id of a field's hint paragraph."""
    return f"{field_id}-hint"


def error_ids(field_id: str, errors: Sequence[object]) -> list[str]:
    """The ids of a field's error paragraphs, one per message, in order."""
    return [f"{field_id}-error-{n}" for n in range(1, len(errors) + 1)]


def aria_attributes(
    attributes: Mapping[str, object],
    *,
    field_id: str,
    hint: object,
    errors: Sequence[object],
) -> dict[str, object]:
    """Add aria-describedby (the caller's, then the hint's and errors' ids) and aria-invalid."""
    merged = dict(attributes)
    described = [
        str(merged.pop(key)) for key in ("aria_describedby", "aria-describedby") if merged.get(key)
    ]
    described += ([hint_id(field_id)] if hint else []) + error_ids(field_id, errors)
    if described:
        merged["aria-describedby"] = " ".join(described)
    if errors:
        merged["aria-invalid"] = "true"
    return merged
