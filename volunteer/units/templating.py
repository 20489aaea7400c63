"""How pages name a unit's kind."""

from flask_babel import gettext

from volunteer.units.models import UnitKind


def unit_kind_label(kind: str) -> str:
    """Name a unit's kind (机关 / 单位 / 科室) in the reader's language."""
    try:
        return gettext(UnitKind(kind).label)
    except ValueError:
        return kind
