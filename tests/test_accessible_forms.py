"""Accessible forms and navigation: errors tied to fields, a named banner, aria-current."""

import lxml.html
import pytest
from flask import render_template_string
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired

from volunteer.auth.models import Role
from volunteer.core.field_aria import aria_attributes
from volunteer.core.navigation import section_of

FOCUSABLE = (
    "//body//*[self::a[@href] or self::button or self::input[not(@type='hidden')]"
    " or self::select or self::textarea]"
)


def page(response):
    return lxml.html.fromstring(response.get_data(as_text=True))


def error_texts(doc, element):
    """The visible texts an input's aria-describedby points at that are its error messages."""
    ids = element.get("aria-describedby", "").split()
    return [doc.get_element_by_id(i).text_content() for i in ids if "-error-" in i]


def test_failed_registration_ties_each_error_to_its_field_and_names_the_fields(client, org):
    response = client.post(
        f"/r/{org['a'].code}",
        data={"kind": "staff", "name": "", "phone": "", "password": "pass-word-9", "consent": "y"},
    )

    doc = page(response)
    name, phone, password = (doc.get_element_by_id(i) for i in ("name", "phone", "password"))
    assert name.get("aria-invalid") == "true"
    assert error_texts(doc, name) == ["请填写姓名。"]
    assert phone.get("aria-invalid") == "true"
    assert error_texts(doc, phone) == ["请填写手机号。"]
    # A field without an error keeps its hint and is not marked.
    assert password.get("aria-invalid") is None
    assert password.get("aria-describedby") == "password-hint"
    assert "至少 8 位" in doc.get_element_by_id("password-hint").text_content()
    [banner] = doc.find_class("flash-error")
    assert banner.get("role") == "alert"
    assert banner.text_content() == "请修改以下各项：姓名、工号、手机号和确认密码"


def test_the_banner_names_the_fields_in_english(client, org):
    client.post("/language", data={"locale": "en"})
    response = client.post(f"/r/{org['a'].code}", data={"kind": "staff", "consent": "y"})

    [banner] = page(response).find_class("flash-error")
    assert banner.text_content().startswith("Please correct the following: ")
    assert "标红" not in response.get_data(as_text=True)


class _Form(FlaskForm):
    name = StringField("姓名", validators=[DataRequired(message="请填写姓名。")])
    agree = BooleanField("同意", validators=[DataRequired(message="请勾选。")])


@pytest.mark.parametrize("posted", [False, True])
def test_the_field_macro_ties_hint_and_errors_after_the_callers_own_description(app, posted):
    with app.test_request_context(method="POST" if posted else "GET", data={}):
        form = _Form(meta={"csrf": False})
        if posted:
            form.validate()
        html = render_template_string(
            '{% from "_macros/forms.html" import field %}'
            "{{ field(form.name, hint='两个字以上', aria_describedby='intro') }}"
            "{{ field(form.agree) }}",
            form=form,
        )
    doc = lxml.html.fromstring(f"<div>{html}</div>")
    name, agree = doc.get_element_by_id("name"), doc.get_element_by_id("agree")
    if posted:
        assert name.get("aria-describedby") == "intro name-hint name-error-1"
        assert name.get("aria-invalid") == "true"
        assert doc.get_element_by_id("name-error-1").text_content() == "请填写姓名。"
        assert agree.get("aria-describedby") == "agree-error-1"
        assert agree.get("aria-invalid") == "true"
    else:
        assert name.get("aria-describedby") == "intro name-hint"
        assert name.get("aria-invalid") is None
        assert agree.get("aria-describedby") is None
        assert doc.find_class("field-error") == []


def test_aria_attributes_keep_other_attributes():
    attributes = aria_attributes(
        {"autocomplete": "tel", "aria-describedby": "a"}, field_id="p", hint=None, errors=["x", "y"]
    )
    assert attributes == {
        "autocomplete": "tel",
        "aria-describedby": "a p-error-1 p-error-2",
        "aria-invalid": "true",
    }


@pytest.mark.parametrize(
    ("endpoint", "section"),
    [
        ("progress.index", "progress.index"),
        ("progress.person", "progress.index"),
        ("reports.index", "progress.index"),
        ("activities.browse", "activities.browse"),
        ("activities.mine", "activities.browse"),
        ("activities.detail", "activities.index"),
        ("checkin.screen", "activities.index"),
        ("registration.me", "registration.me"),
        ("records.my_records", "registration.me"),
        ("records.detail", "records.review"),
        ("registration.pending", "registration.pending"),
        ("reminders.confirm", "progress.index"),
        ("reminders.notices", "registration.me"),
        ("core.index", None),
        (None, None),
    ],
)
def test_section_of_a_page(endpoint, section):
    assert section_of(endpoint) == section


def test_navigation_marks_the_link_of_the_current_section(client, org, make_account, login_as):
    login_as(make_account("mgr", Role.MANAGER, org["a"]))

    for path, label in [
        ("/progress", "完成情况"),
        ("/me", "我的"),
        ("/records/review", "时长审核"),
    ]:
        nav = page(client.get(path, follow_redirects=True)).xpath("//nav[@class='mainnav']")[0]
        current = nav.xpath(".//a[@aria-current]")
        assert [(a.text_content(), a.get("aria-current")) for a in current] == [(label, "page")]


def test_skip_link_is_the_first_focusable_element_and_leads_to_main(client, org):
    for path in ["/login", f"/r/{org['a'].code}"]:
        doc = page(client.get(path))
        first = doc.xpath(FOCUSABLE)[0]
        assert first.get("class") == "skip-link" and first.get("href") == "#main"
        assert first.text_content() == "跳到主要内容"
        assert doc.xpath("//main/@id") == ["main"]
