"""Write the .xlsx template of an import file from its column definitions.

The first sheet is what the importer reads: the headers, one example row, drop-downs for the
closed lists, text format for identifiers. A second sheet explains each column. Pure: the column
definitions and a translate function in, bytes out.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from volunteer.imports.columns import Column, FileColumns
from volunteer.texts import N_

# Excel refuses a list typed into a validation longer than this; longer lists live on a sheet.
_INLINE_LIST_LIMIT = 255
_LAST_ROW = 1_048_576
_LISTS_SHEET = "lists"
_REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")
_EXAMPLE_FONT = Font(italic=True, color="808080")

Translate = Callable[[str], str]


def template_workbook(spec: FileColumns, translate: Translate = str) -> bytes:
    """Return the template of `spec` as .xlsx bytes, its notes put in words by `translate`."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has its first sheet
    sheet.title = _sheet_title(translate(spec.title))
    sheet.append([column.name for column in spec.columns])
    sheet.append(spec.example_row)
    sheet.freeze_panes = "A2"
    lists: Worksheet | None = None
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        header = sheet.cell(row=1, column=index)
        header.font = Font(bold=True)
        if column.required:
            header.fill = _REQUIRED_FILL
        note = _note(column, translate)
        if note:
            header.comment = Comment(note, "volunteer")
        sheet.cell(row=2, column=index).font = _EXAMPLE_FONT
        sheet.column_dimensions[letter].width = max(12, 2 * len(column.name) + 4)
        if column.text:
            # Typed 000123 stays 000123: Excel keeps what is typed in a text column.
            sheet.column_dimensions[letter].number_format = "@"
            sheet.cell(row=2, column=index).number_format = "@"
        if column.choices:
            formula = _inline_list(column.choices)
            if formula is None:
                lists = lists or _lists_sheet(workbook)
                formula = _listed(lists, column.choices)
            sheet.add_data_validation(
                _drop_down(column, formula, f"{letter}2:{letter}{_LAST_ROW}", translate)
            )
    _notes_sheet(workbook, spec, translate)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    """Return a name Excel accepts for a sheet: no []:*?/\\ and at most 31 characters."""
    return "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "Sheet1"


def _note(column: Column, translate: Translate) -> str:
    parts = [translate(column.hint)] if column.hint else []
    if column.synonyms:
        also = translate(N_("也可写作：%(headers)s")) % {"headers": "、".join(column.synonyms)}
        parts.append(also)
    return "\n".join(parts)


def _inline_list(choices: tuple[str, ...]) -> str | None:
    formula = '"' + ",".join(choices) + '"'
    if len(formula) > _INLINE_LIST_LIMIT or any("," in choice for choice in choices):
        return None
    return formula


def _lists_sheet(workbook: Workbook) -> Worksheet:
    """Add the hidden sheet that holds the lists too long to type into a validation."""
    lists: Worksheet = workbook.create_sheet(_LISTS_SHEET)
    lists.sheet_state = "hidden"
    return lists


def _listed(lists: Worksheet, choices: tuple[str, ...]) -> str:
    """Write `choices` down a new column of the lists sheet; return the range that holds them."""
    index = 1 if lists["A1"].value is None else lists.max_column + 1
    for row, choice in enumerate(choices, start=1):
        lists.cell(row=row, column=index, value=choice)
    letter = get_column_letter(index)
    return f"'{lists.title}'!${letter}$1:${letter}${len(choices)}"


def _drop_down(column: Column, formula: str, cells: str, translate: Translate) -> DataValidation:
    """Offer `formula`'s list in `cells`: strict lists refuse other values, others only warn."""
    validation = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop" if column.strict else "warning",
        errorTitle=column.name,
        error=translate(N_("请从下拉列表中选择")),
    )
    validation.add(cells)
    return validation


def _notes_sheet(workbook: Workbook, spec: FileColumns, translate: Translate) -> None:
    """Add a sheet explaining each column: required or not, other headers, allowed values."""
    notes = workbook.create_sheet(_sheet_title(translate(N_("填写说明"))))
    notes.append(
        [
            translate(text)
            for text in (N_("列名"), N_("必填"), N_("也可写作"), N_("可填的值"), N_("说明"))
        ]
    )
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for column in spec.columns:
        notes.append(
            [
                column.name,
                translate(N_("是")) if column.required else "",
                "、".join(column.synonyms),
                "、".join(column.choices),
                translate(column.hint) if column.hint else "",
            ]
        )
    for first, second in spec.either:
        rule = translate(N_("“%(a)s”和“%(b)s”两列至少要有一列")) % {"a": first, "b": second}
        notes.append(["", "", "", "", rule])
    notes.append(["", "", "", "", translate(N_("第 2 行是示例，导入前请删除或改写"))])
    for letter, width in zip("ABCDE", (14, 8, 36, 36, 60), strict=True):
        notes.column_dimensions[letter].width = width
