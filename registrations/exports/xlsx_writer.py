"""A small XLSX writer of our own, for the spreadsheets organisers download.

Why not openpyxl: on a whole visit (5,000 people, 25,000 registrations, 400,000 cells) openpyxl
spent about 2.3 s of CPU on per-cell work (a cell object, its style, an XML element for each),
four times what reading the rows costs, and the export missed its 2-second goal. A workbook is a
zip of a few XML parts; this module writes them as text, row by row, straight into the zip (memory
stays flat), with what our exports use and nothing more: cells typed as text, numbers, dates,
times or moments; a bold header row, frozen, with a filter; column widths. openpyxl still reads
workbooks (imports, tests).

Text is always a text cell, never a formula. One that a spreadsheet would run as a formula once
edited (starting with = + - @, a tab or a carriage return) carries Excel's quote prefix; the
apostrophe is not part of the value. Characters XML 1.0 cannot hold (C0 controls but tab and
line breaks, lone surrogates, U+FFFE, U+FFFF) are left out: the row source already takes them
out of what people typed, this is the last guard. Texts are written in their cells (inline), as
openpyxl wrote them: a shared strings table was barely faster (10 ms on a whole visit's rows)
but holds every distinct text until the end; the XML of a short text's cell is kept for the
next time instead, since statuses, countries and names come back on thousands of rows.
"""

import datetime
import numbers
import re
import zipfile
from xml.sax.saxutils import escape, quoteattr

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Deflate's fastest level: a whole visit's file is 1.8 MB, as openpyxl's was, against 1.4 MB at
# the default level 6, which costs a third more time in this writer (60 ms).
COMPRESSION = 1
ROWS_PER_WRITE = 100
TEXTS_KEPT = 2_000  # short texts whose cell is kept for the next time: a megabyte or so
SHORT_TEXT = 200  # characters

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# Cell styles, by their index in styles.xml's cellXfs.
BOLD, DATE, MOMENT, TIME, QUOTED, BOLD_QUOTED = range(1, 7)
# Unambiguous in every language of the site; Excel shows its own locale's format on request.
STYLES = f"""<styleSheet xmlns="{MAIN}"><numFmts count="3">\
<numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>\
<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/>\
<numFmt numFmtId="166" formatCode="hh:mm"/></numFmts><fonts count="2">\
<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" quotePrefix="1"/>\
</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
</styleSheet>"""
# The frozen header row: the rows scroll under it.
FROZEN_HEADER = (
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
    'activePane="bottomLeft" state="frozen"/>'
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
)
EXCEL_EPOCH = datetime.datetime(1899, 12, 30)


def column_letter(number: int) -> str:
    """1 → A, 26 → Z, 27 → AA."""
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def serial(value) -> float:
    """A date, time or moment as Excel counts it: days since its epoch, the time as a fraction."""
    seconds = 0.0
    if isinstance(value, datetime.time | datetime.datetime):
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
    if isinstance(value, datetime.time):
        return seconds / 86400
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time())
    days = (value - EXCEL_EPOCH).days
    if 0 < days <= 60:  # Excel counts a 29 February 1900 that never was
        days -= 1
    return days + seconds / 86400


def xml_text(text: str) -> str:
    """Text for an XML element: characters XML cannot hold left out, carriage returns as
    references (a parser would read a bare one as a line feed), outer spaces kept."""
    text = escape(NOT_IN_XML.sub("", text)).replace("\r", "&#13;")
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<t{space}>{text}</t>"


class XlsxWriter:
    """A workbook written into `file` (opened for writing in binary): add its sheets one after
    the other, then close it (or use it as a context manager)."""

    def __init__(self, file):
        self.zip = zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESSION)
        self.sheets = []  # (name, the filter's range)
        self.text_cells = {}  # text: the end of its cell's XML, after the reference
        self.moment_cells = {}  # date or time: the same

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def add_sheet(self, name: str, header: list[str], rows, widths=()) -> None:
        """A sheet of a header row (bold, frozen, with a filter) then `rows`, each a sequence of
        values in the order of the header; `widths` of the columns in characters."""
        refs = [column_letter(n) for n in range(1, len(header) + 1)]
        cols = "".join(
            f'<col min="{n}" max="{n}" width="{width}" customWidth="1"/>'
            for n, width in enumerate(widths, start=1)
        )
        with self.zip.open(f"xl/worksheets/sheet{len(self.sheets) + 1}.xml", "w") as stream:
            stream.write(
                f'{DECLARATION}<worksheet xmlns="{MAIN}">{FROZEN_HEADER}'
                f'<sheetFormatPr defaultRowHeight="15"/>{cols and f"<cols>{cols}</cols>"}'
                f"<sheetData>{self.header_row(header, refs)}".encode()
            )
            last = 1
            chunk = []
            for last, values in enumerate(rows, start=2):
                chunk.append(self.row(last, values, refs))
                if len(chunk) == ROWS_PER_WRITE:
                    stream.write("".join(chunk).encode())
                    chunk = []
            filtered = f"A1:{refs[-1]}{last}"
            stream.write(
                f'{"".join(chunk)}</sheetData><autoFilter ref="{filtered}"/></worksheet>'.encode()
            )
        self.sheets.append((name, filtered))

    def header_row(self, header: list[str], refs: list[str]) -> str:
        cells = []
        for ref, label in zip(refs, header, strict=True):
            style = BOLD_QUOTED if label.startswith(FORMULA_TRIGGERS) else BOLD
            cells.append(f'<c r="{ref}1" s="{style}" t="inlineStr"><is>{xml_text(label)}</is></c>')
        return f'<row r="1">{"".join(cells)}</row>'

    def row(self, number: int, values, refs: list[str]) -> str:
        """A row's XML, each cell's end worked out once per distinct text, date or time."""
        line = str(number)
        text_cells = self.text_cells
        cells, end = [f'<row r="{line}">'], ""
        for ref, value in zip(refs, values, strict=True):
            if type(value) is str:
                end = text_cells.get(value) or self.text_cell(value)
            else:
                end = self.cell(value)
            if end:
                cells.append(f'<c r="{ref}{line}"{end}')
        if not end:  # an empty last cell all the same: readers see rows as wide as the header
            cells.append(f'<c r="{refs[-1]}{line}"/>')
        cells.append("</row>")
        return "".join(cells)

    def text_cell(self, text: str) -> str:
        if not text:
            return ""
        style = f' s="{QUOTED}"' if text.startswith(FORMULA_TRIGGERS) else ""
        end = f'{style} t="inlineStr"><is>{xml_text(text)}</is></c>'
        if len(text) <= SHORT_TEXT:  # long ones hardly come back
            if len(self.text_cells) == TEXTS_KEPT:
                self.text_cells.clear()
            self.text_cells[text] = end
        return end

    def cell(self, value) -> str:
        """The end of the XML of a cell that is not plain text: typed, or the value's text."""
        if value is None:
            return ""
        if isinstance(value, bool):  # a number to Python, not to a reader
            return self.text_cell(str(value))
        if isinstance(value, int):
            return f"><v>{value}</v></c>"
        if isinstance(value, numbers.Real):
            return f"><v>{float(value):.16g}</v></c>" if value == value else ""  # NaN: empty
        if isinstance(value, datetime.datetime):
            return f' s="{MOMENT}"><v>{serial(value):.16g}</v></c>'
        if isinstance(value, datetime.date | datetime.time):
            if value not in self.moment_cells:
                style = DATE if isinstance(value, datetime.date) else TIME
                self.moment_cells[value] = f' s="{style}"><v>{serial(value):.16g}</v></c>'
            return self.moment_cells[value]
        return self.text_cell(str(value))

    def close(self) -> None:
        """Write the parts that list the sheets, and the zip's directory."""
        count = len(self.sheets)
        self.part("xl/styles.xml", STYLES)
        self.part("xl/workbook.xml", self.workbook())
        targets = [f"worksheets/sheet{n}.xml" for n in range(1, count + 1)]
        kinds = ["worksheet"] * count + ["styles"]
        self.part(
            "xl/_rels/workbook.xml.rels",
            relationships(zip(kinds, [*targets, "styles.xml"], strict=True)),
        )
        self.part("_rels/.rels", relationships([("officeDocument", "xl/workbook.xml")]))
        self.part("[Content_Types].xml", content_types(count))
        self.zip.close()

    def workbook(self) -> str:
        sheets, filters = [], []
        for n, (name, filtered) in enumerate(self.sheets, start=1):
            name = NOT_IN_XML.sub("", name)
            sheets.append(f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>')
            start, end = (f"${part[0]}${part[1:]}" for part in filtered.split(":"))
            quoted = "'" + name.replace("'", "''") + "'"
            filters.append(
                f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n - 1}" hidden="1">'
                f"{escape(quoted)}!{start}:{end}</definedName>"
            )
        return (
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
            '<bookViews><workbookView activeTab="0"/></bookViews>'
            f"<sheets>{''.join(sheets)}</sheets>"
            f"<definedNames>{''.join(filters)}</definedNames></workbook>"
        )

    def part(self, name: str, xml: str) -> None:
        self.zip.writestr(name, DECLARATION + xml)


def relationships(targets) -> str:
    """The relationships part of (kind, target) pairs, numbered rId1, rId2...: the sheets first."""
    rows = "".join(
        f'<Relationship Id="rId{n}" Type="{RELATIONSHIPS}/{kind}" Target="{target}"/>'
        for n, (kind, target) in enumerate(targets, start=1)
    )
    return f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">{rows}</Relationships>'


def content_types(sheets: int) -> str:
    parts = [
        ("/xl/workbook.xml", f"{CONTENT_TYPE}.sheet.main+xml"),
        ("/xl/styles.xml", f"{CONTENT_TYPE}.styles+xml"),
        *(
            (f"/xl/worksheets/sheet{n}.xml", f"{CONTENT_TYPE}.worksheet+xml")
            for n in range(1, sheets + 1)
        ),
    ]
    overrides = "".join(
        f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in parts
    )
    return (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>'
    )
