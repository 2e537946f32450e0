"""Tables as files: CSV for any program (semicolons and a byte order mark, as Swedish Excel
reads it) and Excel (openpyxl: Swedish headers, numbers as numbers, dates as dates, the header
row frozen, column widths set)."""

from __future__ import annotations

import csv
import datetime
import io
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


@dataclass
class Table:
    """A table to hand out as a file: its name (without the extension), the sheet's title in
    Excel, the header row and the rows. `stream`: so many rows that the Excel file is written
    row by row (xlsx_stream_response) rather than laid out with column widths."""

    filename: str
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    stream: bool = False


def asked(request: HttpRequest) -> bool:
    """Whether the page is asked for as a file (?format=csv or ?format=xlsx)."""
    return request.GET.get("format") in FORMATS


def respond(request: HttpRequest, table: Table) -> HttpResponse | StreamingHttpResponse:
    """The table as the file asked for: Excel for ?format=xlsx, else CSV."""
    headers = [str(h) for h in table.headers]
    if request.GET.get("format") != "xlsx":
        return csv_response(table.filename, headers, table.rows)
    if table.stream:
        return xlsx_stream_response(table.filename, table.title, headers, table.rows)
    return xlsx_response(table.filename, table.title, headers, table.rows)


class _Echo:
    """A file-like object whose write() hands the line back, so CSV rows stream."""

    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> Any:
    return "" if value is None else value


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]):
    """A CSV file streamed row by row: constant memory however many rows."""
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield "\ufeff" + writer.writerow([str(h) for h in headers])
        for row in rows:
            yield writer.writerow([_text(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _text(value: Any) -> str:
    """A cell of the CSV file: dates as 2026-10-31, decimals with a comma."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if hasattr(value, "as_tuple"):  # Decimal
        return f"{value.normalize():f}".replace(".", ",")
    return str(value)


def xlsx_response(
    filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    """An Excel workbook of one sheet `title` with the table."""
    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = title[:31]  # Excel's limit for a sheet name
    sheet.append([str(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(h)) for h in headers]
    for row in rows:
        values = [_cell(_naive(v)) for v in row]
        sheet.append(values)
        widths = [max(w, len(_text(v))) for w, v in zip(widths, values, strict=True)]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(60, width + 2)
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def _naive(value: Any) -> Any:
    """Excel has no time zones: a datetime in Swedish local time."""
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def xlsx_stream_response(
    filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> FileResponse:
    """A large table as Excel in little memory: openpyxl's write-only workbook writes the rows
    to a temporary file as they come (no column widths: a write-only sheet has them before
    the rows, and the widths are not known then)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    sheet.append([str(h) for h in headers])
    for row in rows:
        sheet.append([_cell(_naive(v)) for v in row])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 – FileResponse closes it once sent
    book.save(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX)
