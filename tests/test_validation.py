"""The field rules every form and import share, as a table of examples."""

from datetime import date

import pytest

from volunteer.core.masking import mask_id_card, mask_name, mask_phone
from volunteer.demo.people import make_people
from volunteer.people.validation import (
    clean_text,
    fold_identifier,
    fold_width,
    id_card_problem,
    is_valid_phone,
    normalise_phone,
    parse_date,
    trim_name,
)


@pytest.mark.parametrize(
    ("raw", "name"),
    [(" 李 雷 ", "李雷"), ("欧阳　娜娜", "欧阳娜娜"), ("Anna  Smith ", "Anna Smith"), (None, "")],
)
def test_names_lose_stray_and_full_width_spaces(raw, name):
    assert trim_name(raw) == name


@pytest.mark.parametrize(
    ("raw", "code"), [("０００１２３", "000123"), (" 00 0123 ", "000123"), ("ab12", "AB12")]
)
def test_codes_are_half_width_without_spaces(raw, code):
    assert fold_identifier(raw) == code


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (
            " 义诊（社区）：测血压，量血糖；发放手册、宣传单 ",
            "义诊（社区）：测血压，量血糖；发放手册、宣传单",
        ),
        ("第一行\r\n　　第二行（缩进）\r\n", "第一行\n　　第二行（缩进）"),
        ("ＡＢＣ １２３", "ＡＢＣ １２３"),
        ("\u3000\t", ""),
        (None, ""),
    ],
)
def test_free_text_keeps_every_character_typed_and_loses_only_the_outer_spaces(raw, text):
    assert clean_text(raw) == text


@pytest.mark.parametrize(
    ("raw", "name"), [("Ｌｉ（李）", "Ｌｉ（李）"), (" Anna\u3000 Smith ", "Anna Smith")]
)
def test_names_keep_their_characters(raw, name):
    assert trim_name(raw) == name


@pytest.mark.parametrize(
    ("raw", "figure"),
    [
        ("０８：３０", "08:30"),
        (" 2024-03-05\u300008:30 ", "2024-03-05 08:30"),
        ("２．５小时", "2.5小时"),
    ],
)
def test_dates_times_and_amounts_are_read_half_width(raw, figure):
    assert fold_width(raw) == figure


@pytest.mark.parametrize(
    ("raw", "phone"),
    [
        ("13800138000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        ("+86 138 0013 8000", "13800138000"),
        ("１３８００１３８０００", "13800138000"),
        ("0571-88886666", "0571-88886666"),
    ],
)
def test_phones_normalise_to_what_people_dial(raw, phone):
    assert normalise_phone(raw) == phone
    assert is_valid_phone(phone)


@pytest.mark.parametrize("phone", ["1380013800", "23800138000", "12800138000", "phone"])
def test_malformed_phones_are_refused(phone):
    assert not is_valid_phone(phone)


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("11010519491231002X", None),
        ("110105194912310021", "身份证号校验位错误"),
        ("11010519491331002X", "身份证号中的出生日期无效"),
        ("1101051949123100", "身份证号应为18位"),
        ("11010519491231002Y", "身份证号格式不正确"),
    ],
)
def test_id_numbers_are_checked_by_gb_11643(number, problem):
    assert id_card_problem(number) == problem


def test_generated_demo_people_have_valid_id_numbers_even_on_29_february():
    assert all(id_card_problem(p.id_card) is None for p in make_people(5000))


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("2024-03-05", date(2024, 3, 5)),
        ("2024/3/5", date(2024, 3, 5)),
        ("2024.03.05", date(2024, 3, 5)),
        ("2024年3月5日", date(2024, 3, 5)),
        ("20240305", date(2024, 3, 5)),
        ("2024-02-30", None),
        ("March 5", None),
        ("", None),
    ],
)
def test_dates_in_the_forms_spreadsheets_use(raw, day):
    assert parse_date(raw) == day


def test_personal_data_is_masked_for_display():
    assert mask_id_card("11010519491231002X") == "110105********002X"
    assert mask_phone("13800138000") == "138****8000"
    assert mask_name("欧阳娜娜") == "欧***"
