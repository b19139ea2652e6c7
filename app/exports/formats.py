"""Tables as files: CSV (UTF-8 with a BOM, so that Excel shows æøåäö) and XLSX (openpyxl)."""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import Response

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel runs cells that start with these as formulas: a leading apostrophe keeps them text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Swedish and Danish Excel split a CSV line on ";" (their list separator) where a cell is not
# quoted; every CSV cell is quoted, and a formula start after a separator inside a cell is
# kept text as well, in case a program splits it all the same.
INNER_FORMULA = re.compile(r"([;,\t]\s*)(?=[=+\-@])")


@dataclass
class Table:
    """A sheet: a title (the sheet name), column headings and rows of plain values."""

    title: str
    headers: list
    rows: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # lines for a second sheet (e.g. attribution)


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_cell(value):
    value = _cell(value)
    return INNER_FORMULA.sub(r"\1'", value) if isinstance(value, str) else value


def csv_bytes(table):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow([str(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx_cell(value):
    """Dates stay dates in a spreadsheet (Excel sorts and filters them as dates)."""
    if isinstance(value, datetime):
        return value.replace(microsecond=0)
    if isinstance(value, date):
        return value
    return _cell(value)


def xlsx_bytes(table):
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_name(table.title)
    sheet.append([str(h) for h in table.headers])
    widths = [len(str(h)) for h in table.headers]
    for row in table.rows:
        sheet.append([_xlsx_cell(v) for v in row])
        for i, value in enumerate(row):
            text = _cell(value)
            longest = max((len(line) for line in str(text).splitlines()), default=0)
            widths[i] = max(widths[i], longest)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    # Each column as wide as its longest line (a little more), within reason.
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width, 6) + 2, 60)
    sheet.freeze_panes = "A2"
    if table.notes:
        notes = book.create_sheet(_sheet_name("Sources"))
        for line in table.notes:
            notes.append([str(line)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_name(title):
    cleaned = "".join(c for c in str(title) if c not in "[]:*?/\\")
    return cleaned[:31] or "Sheet"


def send_table(table, fmt, filename):
    """The table as a download named ``filename``.``fmt``."""
    if fmt == "xlsx":
        body, mimetype = xlsx_bytes(table), XLSX_TYPE
    else:
        body, mimetype = csv_bytes(table), "text/csv; charset=utf-8"
    response = Response(body, content_type=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
