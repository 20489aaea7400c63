"""Time a unit's batch of 2,000 certificates in one signed PDF against bare reportlab (issue 9).

    .venv/bin/python bench/certificates.py [--count 2000]

Each measurement runs in a fresh Python process, so its peak memory (ru_maxrss) is its own:

- the floor: bare reportlab drawing the same text of each page (every label and value, the
  statement, the note, the issuer block, the verification URL) with the same embedded font,
  one page per certificate, compressed; no wrapping, tables, QR code, seal or signature;
- the app: volunteer.documents.certificate.render_certificates over the 2,000 annual
  certificates of one unit (categories, star statement, seal image), then
  volunteer.documents.signing.sign_pdf with a self-signed RSA-2048 key (made before timing).

Prints pages per second, peak memory, KB per page and the ratio to the floor; checks that the
PDF has one page per certificate and that its signature validates. Exits 1 below 150 pages/s,
at 300 MB or more, at 20 KB per page or more, or when a check fails.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from volunteer.documents.data import Certificate, Issuer  # noqa: E402

AIM_PAGES_PER_SECOND = 150
AIM_PEAK_MB = 300
AIM_KB_PER_PAGE = 20

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗欧阳司马诸葛"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰堃喆赟䶮龑昇珺"
DEPARTMENTS = ["心血管内科", "呼吸与危重症医学科", "急诊科", "护理部", "儿科", "检验科"]
CATEGORIES = ["医疗服务", "健康宣教", "应急救援", "敬老助残", "无偿献血服务"]


def seal_png() -> bytes:
    """A red round seal, 400 px, drawn with Pillow (as an uploaded seal image would be)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((12, 12, 388, 388), outline=(200, 20, 20, 230), width=14)
    draw.regular_polygon((200, 200, 60), 5, fill=(200, 20, 20, 230))
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def certificates(count: int) -> list[Certificate]:
    """The annual certificates of one unit, sorted by department then name."""
    issuer = Issuer(
        body="示范市第一人民医院",
        head="李建国",
        clerk="张敏",
        contact="0571-87654321",
        seal_png=seal_png(),
    )
    people = []
    for n in range(count):
        surname = SURNAMES[n % len(SURNAMES)]
        given = GIVEN[(n * 7) % len(GIVEN)] + GIVEN[(n * 13 + 3) % len(GIVEN)]
        people.append((DEPARTMENTS[n % len(DEPARTMENTS)], surname + given, n))
    people.sort()
    result = []
    for department, name, n in people:
        hours = f"{10 + n % 90}.5"
        categories = [(CATEGORIES[(n + k) % len(CATEGORIES)], f"{3 + k}") for k in range(1 + n % 4)]
        result.append(
            Certificate(
                title="年度志愿服务时长证明",
                serial=f"WJW-2026-{n + 1:05d}",
                name=name,
                masked_id_number=f"3301{n % 100:02d}********{n % 10000:04d}",
                volunteer_number=f"3301012019{n:07d}" if n % 3 else "",
                unit="示范市第一人民医院",
                department=department,
                period="2026年度（2026年1月1日至2026年12月2日）",
                hours=hours,
                activities=3 + n % 20,
                categories=categories,
                statement=(
                    f"兹证明{name}同志在2026年度参加志愿服务活动{3 + n % 20}次，"
                    f"经审核认定的志愿服务时长累计{hours}小时。特此证明。"
                ),
                note=(
                    "说明：本证明所载服务时长为经所在单位审核确认的志愿服务时长，不含未审核及"
                    "被退回的记录；本证明可扫描二维码或访问验证网址核验真伪。"
                ),
                star_statement="累计服务时长达到一星级志愿者标准" if n % 2 else "",
                issue_date="2026年12月2日",
                issuer=issuer,
                verify_url=f"https://volunteer.example.gov.cn/verify/{n:06d}Xk3dEf7hIj9kLm1nOp",
                labels={},
            )
        )
    return result


def floor(certs: list[Certificate]) -> bytes:
    """Bare reportlab: the same text of each page, the same font, one page each."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from volunteer.documents.fonts import cjk_font
    from volunteer.documents.labels import DEFAULT_LABELS

    font = cjk_font()
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1, invariant=1)
    labels = DEFAULT_LABELS
    for cert in certs:
        lines = [
            (labels["serial"], cert.serial),
            (labels["name"], cert.name),
            (labels["id_number"], cert.masked_id_number),
            (labels["volunteer_number"], cert.volunteer_number),
            (labels["unit"], f"{cert.unit} {cert.department}"),
            (labels["period"], cert.period),
            (labels["hours"], cert.hours),
            (labels["activities"], str(cert.activities)),
            (labels["categories"], "；".join(f"{c} {h}" for c, h in cert.categories)),
            ("", cert.statement),
            ("", cert.star_statement),
            ("", cert.note[:45]),
            ("", cert.note[45:]),
            (labels["issuer"], cert.issuer.body),
            (labels["head"], cert.issuer.head),
            (labels["clerk"], cert.issuer.clerk),
            (labels["contact"], cert.issuer.contact),
            (labels["issue_date"], cert.issue_date),
            (labels["verify"], cert.verify_url),
        ]
        canvas.setFont(font, 24)
        canvas.drawCentredString(A4[0] / 2, 760, cert.title)
        canvas.setFont(font, 10)
        y = 720.0
        for label, value in lines:
            canvas.drawString(60, y, f"{label} {value}")
            y -= 24
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def child(kind: str, count: int) -> dict[str, float]:
    """One measurement in this process: returns seconds, pages, bytes and peak memory."""
    certs = certificates(count)
    from volunteer.documents import signing
    from volunteer.documents.certificate import render_certificates
    from volunteer.documents.fonts import cjk_font

    cjk_font()  # reading the font file once per process is not part of a batch
    result: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        key, cert = Path(folder) / "key.pem", Path(folder) / "cert.pem"
        signing.create_self_signed(key, cert, organisation="示范市第一人民医院")
        signer = signing.load_signer(key, cert)
        start, cpu = time.perf_counter(), time.process_time()
        if kind == "floor":
            pdf = floor(certs)
        else:
            pdf = render_certificates(certs)
            result["render_seconds"] = time.perf_counter() - start
            pdf = signing.sign_pdf(pdf, signer, reason="志愿服务时长证明", location="示范市")
        result["seconds"] = time.perf_counter() - start
        result["cpu_seconds"] = time.process_time() - cpu
        if kind != "floor":
            check = signing.validate(pdf, cert.read_bytes())
            result["signature_ok"] = float(check.intact and check.trusted)
    result["pages"] = float(page_count(pdf))
    result["bytes"] = float(len(pdf))
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def page_count(pdf: bytes) -> int:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return int(PdfFileReader(BytesIO(pdf)).root["/Pages"]["/Count"])


def measure(kind: str, count: int) -> dict[str, float]:
    """Run `child` in a fresh interpreter and return what it measured."""
    output = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--count", str(count)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def describe(label: str, figures: dict[str, float]) -> None:
    pages = figures["pages"]
    print(
        f"{label}: {pages:.0f} pages in {figures['seconds']:.2f} s = "
        f"{pages / figures['seconds']:.0f} pages/s ({pages / figures['cpu_seconds']:.0f} per CPU "
        f"second); peak {figures['peak_mb']:.0f} MB; "
        f"{figures['bytes'] / 1024 / pages:.1f} KB/page ({figures['bytes'] / 1e6:.1f} MB)"
    )


def main() -> int:
    count = int(sys.argv[sys.argv.index("--count") + 1]) if "--count" in sys.argv else 2000
    if "--child" in sys.argv:
        print(json.dumps(child(sys.argv[sys.argv.index("--child") + 1], count)))
        return 0
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, load average "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    bare = measure("floor", count)
    describe("(a) floor, bare reportlab, same text and font", bare)
    app = measure("app", count)
    describe("(b) render_certificates + sign_pdf", app)
    render = app["render_seconds"]
    print(f"    of which rendering {render:.2f} s, signing {app['seconds'] - render:.2f} s")
    rate, floor_rate = app["pages"] / app["seconds"], bare["pages"] / bare["seconds"]
    kb_page = app["bytes"] / 1024 / app["pages"]
    print(f"ratio (b) / (a), pages per second: {rate / floor_rate:.2f}")
    failures = []
    if app["pages"] != count:
        failures.append(f"{app['pages']:.0f} pages for {count} certificates")
    if app["signature_ok"] != 1:
        failures.append("the signature does not validate")
    if rate < AIM_PAGES_PER_SECOND:
        failures.append(f"{rate:.0f} pages/s, aim {AIM_PAGES_PER_SECOND}")
    if app["peak_mb"] >= AIM_PEAK_MB:
        failures.append(f"peak {app['peak_mb']:.0f} MB, aim under {AIM_PEAK_MB}")
    if kb_page >= AIM_KB_PER_PAGE:
        failures.append(f"{kb_page:.1f} KB/page, aim under {AIM_KB_PER_PAGE}")
    for failure in failures:
        print(f"FAIL: {failure}")
    if not failures:
        print("PASS")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
