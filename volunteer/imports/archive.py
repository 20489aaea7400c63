"""Check an .xlsx as the zip it is, before any XML parser unpacks a byte of it.

A few hundred kilobytes of zip can unpack to gigabytes (one cell of 400 MB, a sheet of millions
of rows, a table of shared strings); what each part will unpack to is written in the zip's
directory, and Python's zipfile never unpacks a part beyond the size written there. So reading
that directory, and refusing what is too large, bounds every parse that follows. Pure.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile

from volunteer.imports.limits import FileLimits, FileRefused, size_text
from volunteer.texts import N_

TOO_MANY_PARTS = N_(
    "这个 Excel 文件内部有 %(n)s 个组成部分，超过上限 %(max)s 个，不是正常的表格文件。"
    "请把数据复制到新建的工作簿，另存为 .xlsx 后再导入"
)
PARTS_PAST_LIMIT = N_(
    "这个 Excel 文件内部的组成部分超过 %(max)s 个，不是正常的表格文件。"
    "请把数据复制到新建的工作簿，另存为 .xlsx 后再导入"
)
TOO_LARGE = N_(
    "这个 Excel 文件解压后有 %(size)s，超过上限 %(max)s。"
    "请删除多余的工作表、图片和空行，或拆分成几个文件导入"
)
SHEET_TOO_LARGE = N_(
    "文件中的一个工作表解压后有 %(size)s，超过上限 %(max)s。"
    "请删除多余的空行、空列和格式，或拆分成几个文件导入"
)
STRINGS_TOO_LARGE = N_(
    "文件中的文字（共享字符串表）解压后有 %(size)s，超过上限 %(max)s。"
    "请删除多余的内容，或拆分成几个文件导入"
)
PART_TOO_LARGE = N_(
    "文件中的组成部分“%(part)s”解压后有 %(size)s，超过上限 %(max)s。"
    "请把数据复制到新建的工作簿，另存为 .xlsx 后再导入"
)
PACKED_TOO_TIGHT = N_(
    "文件中的组成部分“%(part)s”压缩比异常（约 %(ratio)s 比 1，上限 %(max)s 比 1），"
    "可能是特意构造的文件，已拒绝读取"
)
NOT_A_ZIP = N_("无法读取 Excel 文件，请确认是 .xlsx 格式且未损坏")

# The end of a zip's directory: its signature, then (at 12) the directory's size in bytes.
_END_OF_DIRECTORY = b"PK\x05\x06"
_END_RECORD = struct.Struct("<4s4H2LH")
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_SIZE = struct.Struct("<Q")
# A directory entry is 46 bytes and a name; an .xlsx's names are short.
_DIRECTORY_BYTES_PER_PART = 1024
# The name of a part's root element, after the XML declaration and any comments.
_ROOT = re.compile(rb"^(?:\s|<\?.*?\?>|<!--.*?-->)*<(?:[\w.-]+:)?([\w.-]+)", re.DOTALL)
_HEAD_BYTES = 4096


def check_xlsx_archive(data: bytes, limits: FileLimits) -> None:
    """Refuse an .xlsx whose zip holds too many parts or unpacks too far; return if it is sound."""
    directory_bytes = _directory_bytes(data)
    if directory_bytes > limits.max_xlsx_parts * _DIRECTORY_BYTES_PER_PART:
        # Reading such a directory would itself cost memory: refuse by its size alone.
        raise FileRefused(PARTS_PAST_LIMIT, max=limits.max_xlsx_parts)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    # A damaged directory can also claim a zip version or method Python does not read.
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        ValueError,
        EOFError,
        NotImplementedError,
    ) as error:
        raise FileRefused(NOT_A_ZIP, value=str(error)[:200]) from error
    with archive:
        parts = archive.infolist()
        if len(parts) > limits.max_xlsx_parts:
            raise FileRefused(TOO_MANY_PARTS, n=len(parts), max=limits.max_xlsx_parts)
        for part in parts:
            _check_part(archive, part, limits)
        total = sum(part.file_size for part in parts)
        if total > limits.max_xlsx_bytes:
            raise FileRefused(
                TOO_LARGE, size=size_text(total), max=size_text(limits.max_xlsx_bytes)
            )


def _directory_bytes(data: bytes) -> int:
    """Return the size the zip's last record gives its directory (0 when there is no record)."""
    at = data.rfind(_END_OF_DIRECTORY, max(0, len(data) - _END_RECORD.size - 0xFFFF))
    if at < 0 or len(data) - at < _END_RECORD.size:
        return 0  # not a zip: zipfile says so in its own words
    size = int(_END_RECORD.unpack_from(data, at)[5])
    locator = at - _ZIP64_LOCATOR.size
    if size != 0xFFFFFFFF or locator < 0:
        return size
    # A zip64 archive keeps the directory's size in a record of its own, which a locator names.
    signature, _disk, record, _disks = _ZIP64_LOCATOR.unpack_from(data, locator)
    if signature != b"PK\x06\x07" or data[record : record + 4] != b"PK\x06\x06":
        return size
    return int(_ZIP64_SIZE.unpack_from(data, record + 40)[0]) if record + 48 <= len(data) else size


def _check_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo, limits: FileLimits) -> None:
    """Refuse one part that unpacks beyond the limit for its kind, or far beyond its packed size."""
    size = part.file_size
    limit, reason = _limit_of(archive, part, limits)
    if size > limit:
        raise FileRefused(
            reason,
            value=part.filename,
            part=part.filename,
            size=size_text(size),
            max=size_text(limit),
        )
    if size > limits.ratio_from_bytes and size > part.compress_size * limits.max_ratio:
        ratio = size // max(part.compress_size, 1)
        raise FileRefused(
            PACKED_TOO_TIGHT,
            value=part.filename,
            part=part.filename,
            ratio=ratio,
            max=limits.max_ratio,
        )


def _limit_of(
    archive: zipfile.ZipFile, part: zipfile.ZipInfo, limits: FileLimits
) -> tuple[int, str]:
    """Return how large this part may unpack, and the reason given when it is larger."""
    if part.file_size <= limits.max_other_part_bytes:
        return limits.max_other_part_bytes, PART_TOO_LARGE
    # Only a worksheet is read as it unpacks, and only the shared strings are kept whole by
    # design; any other part is parsed whole into memory. The part says what it is itself, so a
    # renamed part cannot borrow a larger limit.
    root = _root_element(archive, part)
    if root == b"worksheet":
        return limits.max_sheet_bytes, SHEET_TOO_LARGE
    if root == b"sst":
        return limits.max_shared_strings_bytes, STRINGS_TOO_LARGE
    return limits.max_other_part_bytes, PART_TOO_LARGE


def _root_element(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> bytes | None:
    """Return the local name of the part's root element, read from its first few kilobytes."""
    try:
        with archive.open(part) as source:
            head = source.read(_HEAD_BYTES)
    except (zipfile.BadZipFile, NotImplementedError, ValueError, EOFError, OSError):
        return None
    found = _ROOT.match(head.removeprefix(b"\xef\xbb\xbf"))
    return found.group(1) if found else None
