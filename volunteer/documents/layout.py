"""A top-down flow of text blocks on a page: measured first, then drawn, so a page can shrink."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfgen.canvas import Canvas

from volunteer.documents.drawing import INK, RULE
from volunteer.documents.text import text_width, wrap

SHADE = HexColor("#f2f2f2")
PAD = 3.2  # points of space inside a table cell, above and below the text
LEADING = 1.4


class Flow:
    """Blocks placed from `top` downwards at `scale`; with no canvas it only measures.

    `y` is the bottom of the last block, so after a measuring pass it tells whether it all fits.
    """

    def __init__(
        self, canvas: Canvas | None, font: str, x: float, width: float, top: float, scale: float
    ) -> None:
        self.canvas, self.font, self.x, self.width = canvas, font, x, width
        self.y, self.scale = top, scale
        self.spaced = 0.0  # the space left between blocks so far, before stretching
        self.stretch = 1.0  # set above 1 to spread a short page's blocks over it

    def space(self, points: float) -> None:
        """Leave vertical space, shrunk with the page (or stretched to fill it)."""
        self.spaced += points * self.scale
        self.y -= points * self.scale * self.stretch

    def title(self, text: str, size: float) -> None:
        """A centred title, letter-spaced, on as many lines as it takes."""
        size *= self.scale
        spacing = size * 0.18
        lines = wrap(text, self.font, size + spacing, self.width)
        for line in lines:
            self.y -= size * 1.3
            if self.canvas is not None:
                self.canvas.setFillColor(INK)
                self.canvas.setFont(self.font, size)
                width = text_width(line, self.font, size) + spacing * (len(line) - 1)
                self.canvas.drawString(
                    self.x + (self.width - width) / 2, self.y, line, charSpace=spacing
                )

    def paragraph(
        self,
        text: str,
        size: float,
        *,
        indent: int = 0,
        leading: float = LEADING,
        color: Color = INK,
        bold: bool = False,
    ) -> None:
        """Wrapped text; the first line indented by `indent` character widths."""
        size *= self.scale
        lines = wrap("　" * indent + text, self.font, size, self.width)
        canvas = self.canvas
        if canvas is not None:
            canvas.saveState()
            canvas.setFillColor(color)
            canvas.setFont(self.font, size)
            if bold:
                canvas.setStrokeColor(color)
                canvas.setLineWidth(size * 0.03)
        for line in lines:
            self.y -= size * leading
            if canvas is not None:
                text_object = canvas.beginText(self.x, self.y + size * (leading - 1) / 2)
                text_object.setFont(self.font, size)
                if bold:
                    text_object.setTextRenderMode(2)
                text_object.textOut(line)
                canvas.drawText(text_object)
        if canvas is not None:
            canvas.restoreState()

    def label_table(
        self, rows: Sequence[tuple[str, str]], *, label_width: float, size: float
    ) -> None:
        """Two ruled columns: shaded labels on the left, wrapped values on the right."""
        size *= self.scale
        canvas, x, top = self.canvas, self.x, self.y
        value_width = self.width - label_width - 2 * PAD * 2
        cells = [(label, wrap(value, self.font, size, value_width)) for label, value in rows]
        heights = [len(lines) * size * LEADING + 2 * PAD for _, lines in cells]
        self.y -= sum(heights)
        if canvas is None:
            return
        canvas.setFillColor(SHADE)  # the label column first, so the rules stay on top
        canvas.rect(x, self.y, label_width, top - self.y, stroke=0, fill=1)
        canvas.setFillColor(INK)
        canvas.setFont(self.font, size)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        row_top = top
        for (label, lines), height in zip(cells, heights, strict=True):
            baseline = row_top - PAD - size * 1.05
            canvas.drawCentredString(x + label_width / 2, baseline, label)
            for line in lines:
                canvas.drawString(x + label_width + 2 * PAD, baseline, line)
                baseline -= size * LEADING
            row_top -= height
            canvas.line(x, row_top, x + self.width, row_top)
        canvas.rect(x, self.y, self.width, top - self.y, stroke=1, fill=0)
        canvas.line(x + label_width, self.y, x + label_width, top)

    def grid(
        self,
        header: Sequence[str],
        rows: list[list[str]],
        *,
        widths: Sequence[float],
        size: float,
        left_aligned: Sequence[int] = (),
        bottom: float | None = None,
        min_height: float = 0.0,
    ) -> list[list[str]]:
        """A ruled table with a shaded header; returns the rows that did not fit above `bottom`.

        Cells are centred, except in the columns numbered in `left_aligned` (but the header).
        A body row is at least `min_height` tall (room to sign by hand), its text centred in it.
        """
        size *= self.scale
        top = self.y
        columns = [self.width * share for share in widths]
        edges = [self.x]
        for column in columns:
            edges.append(edges[-1] + column)
        self._grid_row(header, columns, edges, size, shaded=True)
        for index, row in enumerate(rows):
            lines = [
                wrap(cell, self.font, size, col - 2 * PAD)
                for cell, col in zip(row, columns, strict=True)
            ]
            height = max(max(len(cell) for cell in lines) * size * LEADING + 2 * PAD, min_height)
            if bottom is not None and self.y - height < bottom:
                self._grid_frame(edges, top)
                return rows[index:]
            self._grid_row(
                row,
                columns,
                edges,
                size,
                lines=lines,
                left_aligned=left_aligned,
                min_height=min_height,
            )
        self._grid_frame(edges, top)
        return []

    def _grid_row(
        self,
        cells: Sequence[str],
        columns: Sequence[float],
        edges: Sequence[float],
        size: float,
        *,
        shaded: bool = False,
        lines: list[list[str]] | None = None,
        left_aligned: Sequence[int] = (),
        min_height: float = 0.0,
    ) -> None:
        if lines is None:
            lines = self._cells(cells, columns, size)
        natural = max(len(cell) for cell in lines) * size * LEADING + 2 * PAD
        height = max(natural, min_height)
        self.y -= height
        canvas = self.canvas
        if canvas is None:
            return
        if shaded:
            canvas.setFillColor(SHADE)
            canvas.rect(edges[0], self.y, edges[-1] - edges[0], height, stroke=0, fill=1)
        canvas.setFillColor(INK)
        canvas.setFont(self.font, size)
        for number, (cell_lines, left, column) in enumerate(
            zip(lines, edges, columns, strict=False)
        ):
            baseline = self.y + height - (height - natural) / 2 - PAD - size * 1.05
            for line in cell_lines:
                if number not in left_aligned:
                    canvas.drawCentredString(left + column / 2, baseline, line)
                else:
                    canvas.drawString(left + PAD, baseline, line)
                baseline -= size * LEADING
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        canvas.line(edges[0], self.y, edges[-1], self.y)

    def _cells(
        self, cells: Sequence[str], columns: Sequence[float], size: float
    ) -> list[list[str]]:
        """Each cell's text wrapped to its column."""
        pairs = zip(cells, columns, strict=True)
        return [wrap(cell, self.font, size, column - 2 * PAD) for cell, column in pairs]

    def _grid_frame(self, edges: Sequence[float], top: float) -> None:
        if self.canvas is None:
            return
        self.canvas.setStrokeColor(RULE)
        self.canvas.setLineWidth(0.4)
        self.canvas.rect(edges[0], self.y, edges[-1] - edges[0], top - self.y, stroke=1, fill=0)
        for edge in edges[1:-1]:
            self.canvas.line(edge, self.y, edge, top)
