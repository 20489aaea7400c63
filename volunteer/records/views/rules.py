"""The 时长规则 page: the rules for hours as this installation sets them, with worked examples."""

from __future__ import annotations

from babel.dates import get_timezone_location
from flask import render_template
from flask_babel import get_locale

from volunteer.clock import local_today, local_zone
from volunteer.records.blueprint import bp
from volunteer.records.settings import hour_rules
from volunteer.records.worked_examples import worked_examples


@bp.route("/rules")
def rules():
    """Explain how hours are counted, from the settings, with examples the rules compute.

    Public: the rules are what a volunteer agrees to serve under, worth reading before
    registering, and the page shows settings only, nothing about anyone.
    """
    return render_template(
        "records/rules.html",
        examples=worked_examples(hour_rules(), local_today(), local_zone()),
        # "中国（上海）时间": the TIMEZONE setting as people name it.
        zone=get_timezone_location(local_zone(), locale=get_locale()),
    )
