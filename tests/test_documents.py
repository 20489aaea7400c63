"""The printed documents read back: text, embedded font, QR code and page order."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from datetime import date
from io import BytesIO

import pytest
import qrcode.constants
from documents_world import ISSUER, VERIFY_URL, certificate
from PIL import Image, ImageDraw
from qr_reading import read_pdf_page
from qrcode.util import QRData, create_data

from volunteer.documents import fonts, qr
from volunteer.documents.certificate import render_certificate, render_certificates
from volunteer.documents.data import Honour, ServiceLine, YearLine
from volunteer.documents.honour import render_honours
from volunteer.documents.poster import Poster, render_poster
from volunteer.documents.text import wrap


def pdf_text(pdf: bytes, *pages: int) -> str:
    """The text of the PDF (or of the given pages), as pdftotext extracts it."""
    command = ["pdftotext", "-layout"]
    if pages:
        command += ["-f", str(pages[0]), "-l", str(pages[-1])]
    result = subprocess.run([*command, "-", "-"], input=pdf, capture_output=True, check=True)
    return result.stdout.decode()


def page_texts(pdf: bytes) -> list[str]:
    return pdf_text(pdf).split("\f")[:-1]


def test_the_annual_certificate_shows_the_person_the_hours_the_serial_and_the_title():
    text = pdf_text(render_certificate(certificate()))
    for expected in ("年度志愿服务时长证明", "王䶮堃", "36.5 小时", "WJW-2026-00017", "12 次"):
        assert expected in text.replace("年 度 志 愿 服 务 时 长 证 明", "年度志愿服务时长证明")
    assert "110101********1234" in text
    assert "医疗服务 20.5 小时；健康宣教 16 小时" in text
    assert "累计服务时长达到一星级志愿者标准" in text
    assert "出具单位：示范市卫生健康委员会" in text and "经办人：张敏" in text
    assert "盖章处" in text  # no seal image: the dashed circle says where to stamp


@pytest.mark.parametrize("name", ["欧阳䶮", "李堃", "张喆", "陈赟", "龔書證"])
def test_rare_and_traditional_characters_of_names_come_out_intact(name):
    text = pdf_text(render_certificate(certificate(name=name)))
    assert name in text


def test_the_cjk_font_is_embedded_as_a_subset():
    pdf = render_certificate(certificate())
    listing = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True)
    rows = [line.split() for line in listing.stdout.decode().splitlines()[2:]]
    assert rows, "no font in the PDF"
    for row in rows:  # name type encoding emb sub uni: every font embedded, as a subset
        assert re.match(r"[A-Z]{6}\+WenQuanYiZenHei", row[0]), row
        assert row[-5:-2] == ["yes", "yes", "yes"], row


def test_the_fallback_font_is_used_when_the_font_file_is_missing():
    assert fonts.cjk_font("/no/such/font.ttc") == fonts.FALLBACK_FONT
    assert render_certificate(certificate(), font_path="/no/such/font.ttc").startswith(b"%PDF-")


def test_the_qr_code_decodes_to_the_verification_url(tmp_path):
    (code,) = read_pdf_page(render_certificate(certificate()), tmp_path)
    assert code.text == VERIFY_URL
    assert code.level == "M"
    assert code.version == qr.qr_version(VERIFY_URL)


def test_the_qr_version_grows_with_the_text():
    assert qr.qr_version("x") == 1
    assert qr.qr_version(VERIFY_URL) < qr.qr_version(VERIFY_URL * 4)
    assert len(qr.qr_matrix(VERIFY_URL)) == 4 * qr.qr_version(VERIFY_URL) + 17


def test_a_batch_has_one_page_per_person_in_the_order_given():
    names = ["李堃", "王芳", "赵喆"]
    pdf = render_certificates(
        certificate(name=n, serial=f"WJW-2026-{i:05d}") for i, n in enumerate(names)
    )
    pages = page_texts(pdf)
    assert len(pages) == 3
    for page, name, number in zip(pages, names, range(3), strict=True):
        assert name in page and f"WJW-2026-{number:05d}" in page


def test_the_detailed_version_adds_a_page_of_activities_after_each_certificate():
    services = [ServiceLine(date(2026, 3, day), f"社区义诊第{day}场", "3") for day in (1, 2)]
    people = [certificate(name=name, services=services) for name in ("李堃", "王芳", "赵喆")]
    pages = page_texts(render_certificates(people))
    assert len(pages) == 6
    for index, name in enumerate(("李堃", "王芳", "赵喆")):
        first, detail = pages[2 * index], pages[2 * index + 1]
        assert name in first and "年度志愿服务时长证明" in first.replace(" ", "")
        assert "服务活动明细" in detail.replace(" ", "") and name in detail
        assert "2026-03-01" in detail and "社区义诊第2场" in detail


def test_a_long_list_of_activities_continues_on_further_pages():
    services = [ServiceLine(date(2026, 1, 1), f"第{n}次活动", "1") for n in range(1, 81)]
    pages = page_texts(render_certificate(certificate(services=services)))
    assert len(pages) >= 3
    detail = "".join(pages[1:])
    assert all(f"第{n}次活动" in detail for n in range(1, 81))


def test_the_record_certificate_lists_each_year_with_the_cumulative_hours():
    years = [YearLine(2024, "10", 3, "10"), YearLine(2025, "12.5", 4, "22.5")]
    pdf = render_certificate(
        certificate(title="志愿服务记录证明", years=years, period="2024—2025年")
    )
    text = pdf_text(pdf)
    assert "志愿服务记录证明" in text.replace(" ", "")
    assert re.search(r"2025\s+12\.5\s+4\s+22\.5", text)


def test_long_unit_names_and_many_categories_wrap_and_stay_on_one_page():
    long_unit = "示范市第一人民医院（示范市红十字会医院、示范大学附属第一医院、示范市急救中心）"
    categories = [(f"服务类别{n}号（社区卫生服务与健康宣教）", f"{n}.5") for n in range(12)]
    pdf = render_certificate(certificate(unit=long_unit, categories=categories))
    pages = page_texts(pdf)
    assert len(pages) == 1
    joined = pages[0].replace("\n", "").replace(" ", "")
    assert "示范市急救中心" in joined and "服务类别11号" in joined and "盖章处" in joined


def test_wrapping_breaks_chinese_anywhere_but_never_before_a_comma():
    font = fonts.cjk_font()
    lines = wrap("一二三四五六七八九十，一二三", font, 10, 100)
    assert lines == ["一二三四五六七八九", "十，一二三"]  # ten 10-point characters a line
    assert all(not line.startswith("，") for line in lines)
    assert wrap("volunteer service hours", font, 10, 60) == ["volunteer", "service hours"]


def test_honour_certificates_are_one_landscape_page_per_person():
    people = [
        Honour(
            title="荣誉证书",
            name=name,
            unit="示范市第一人民医院",
            citation="被评为2026年度优秀志愿者。",
            issuer=ISSUER,
            issue_date="2026年12月5日",
        )
        for name in ("欧阳䶮", "李堃")
    ]
    pdf = render_honours(people)
    pages = page_texts(pdf)
    assert len(pages) == 2
    assert "欧阳䶮同志：" in pages[0] and "李堃同志：" in pages[1]
    assert "被评为2026年度优秀志愿者。" in pages[1]
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout
    assert b"841.89 x 595.276 pts (A4)" in info  # landscape


def test_the_poster_renders_with_its_title_and_code(tmp_path):
    poster = Poster(
        title="社区义诊",
        heading="扫码签到",
        facts=[("地点", "门诊大厅")],
        instructions=["扫码"],
        note="海报码签到",
        url="https://example.org/s/abc",
    )
    pdf = render_poster(poster)
    assert "社区义诊" in pdf_text(pdf)
    (code,) = read_pdf_page(pdf, tmp_path)
    assert code.text == "https://example.org/s/abc" and code.level == "Q"


def test_many_years_continue_on_a_page_of_their_own_with_the_note():
    years = [YearLine(1990 + n, "10", 3, f"{10 * (n + 1)}") for n in range(36)]
    pdf = render_certificate(certificate(title="志愿服务记录证明", years=years))
    pages = page_texts(pdf)
    assert len(pages) == 2
    assert "盖章处" in pages[0] and "说明" not in pages[0]
    assert all(str(1990 + n) in pdf_text(pdf) for n in range(36))
    assert "2025" in pages[1] and "说明：服务时长为经所在单位审核确认的志愿服务时长。" in pages[1]


@pytest.mark.parametrize(
    "text",
    [VERIFY_URL, "HTTP://LOCALHOST/S/ABC123", "12345678901234567890", "王䶮堃" * 20, "", "x" * 400],
)
@pytest.mark.parametrize("level", ["L", "M", "Q", "H"])
def test_the_fast_codewords_equal_the_qrcode_librarys(text, level):
    correction = getattr(qrcode.constants, f"ERROR_CORRECT_{level}")
    version = qr.qr_version(text, error_correction=correction)
    segment = QRData(text.encode())
    assert qr.codewords(version, correction, segment) == create_data(version, correction, [segment])


def test_the_seal_image_takes_the_seals_place_and_is_stored_once_for_a_batch(tmp_path):
    image = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((5, 5, 195, 195), outline=(200, 20, 20, 255), width=8)
    png = BytesIO()
    image.save(png, "PNG")
    sealed = replace(ISSUER, seal_png=png.getvalue())
    pdf = render_certificates(certificate(issuer=sealed) for _ in range(3))
    assert "盖章处" not in pdf_text(pdf)
    (tmp_path / "batch.pdf").write_bytes(pdf)
    listing = subprocess.run(
        ["pdfimages", "-list", str(tmp_path / "batch.pdf")], capture_output=True, check=True
    )
    # page num type width height color comp bpc enc interp object ...
    rows = [row.split() for row in listing.stdout.decode().splitlines()[2:]]
    images = [row for row in rows if row[2] == "image"]
    assert [row[0] for row in images] == ["1", "2", "3"]  # on each page...
    assert len({row[11] for row in images}) == 1  # ...the same object
