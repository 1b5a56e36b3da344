#!/usr/bin/python3
"""Writes the workbooks the xlsx plugin's tests read, at test time.

Two independent writers, so the plugin is never tested against its own idea
of the format:
- openpyxl, for workbooks as a spreadsheet program writes them (the CSV
  fixtures converted cell by cell with the types Excel would give them);
- raw parts written with zipfile, for what openpyxl cannot write (cached
  formula values, inline and rich strings, error values) and for hostile
  files (zip bombs, external entities, an encrypted workbook).

Usage:
  xlsx_workbooks.py csv FOLDER OUT.xlsx [--swedish]   a CSV folder as one workbook
  xlsx_workbooks.py case NAME OUT.xlsx               one named case (see CASES)
  xlsx_workbooks.py rows OUT.xlsx N                  N participant rows (benchmark)
"""
import csv
import datetime
import io
import re
import sys
import zipfile

KINDS = [  # (file, English sheet, Swedish sheet)
    ("participants.csv", "participants", "Deltagare"),
    ("assessments.csv", "assessments", "Bedömningar"),
    ("attendance.csv", "attendance", "Närvaro"),
    ("hours.csv", "hours", "Timmar"),
    ("kaa.csv", "kaa", "KAA"),
]

# Skatteverket test personnummer (tests/data/identity).
PNR_A = 189001019802
PNR_B = 189001029819


def typed(text):
    """The value Excel would store for a CSV field typed into a cell, when
    that value shows as exactly the same text; otherwise the text."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            return text
    if re.fullmatch(r"[1-9]\d{0,14}", text):
        return int(text)
    if re.fullmatch(r"\d+\.\d*[1-9]", text) and repr(float(text)) == text:
        return float(text)
    return text


def read_csv_rows(path):
    """(line, fields) per record, line being where the record starts."""
    raw = open(path, encoding="utf-8-sig", newline="").read()
    first = raw.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count)
    reader = csv.reader(io.StringIO(raw, newline=""), delimiter=delimiter)
    rows, line = [], 1
    for record in reader:
        rows.append((line, record))
        line = reader.line_num + 1
    return rows


def write_from_csv(folder, out, swedish):
    import os
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    # Built-in date format 14 on some sheets, a custom one on the others.
    date_formats = ["yyyy-mm-dd", "mm-dd-yy"]
    for index, (file, english, swedish_name) in enumerate(KINDS):
        path = os.path.join(folder, file)
        if not os.path.exists(path):
            continue
        ws = wb.create_sheet(swedish_name if swedish else english)
        for line, record in read_csv_rows(path):
            for column, text in enumerate(record, start=1):
                if text.strip() == "":
                    continue
                value = typed(text) if line > 1 else text
                cell = ws.cell(row=line, column=column, value=value)
                if isinstance(value, datetime.date):
                    cell.number_format = date_formats[index % 2]
    wb.save(out)


# ---------------------------------------------------------------- openpyxl cases

def openpyxl_case(name, out):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    if name == "typed":
        # Personnummer as numbers, dates as date serials under built-in and
        # custom formats, dates as text, booleans, an empty row in between,
        # and trailing rows that are only formatted.
        ws.title = "Deltagare"
        ws.append(["Personnummer", "Kön", "Startdatum", "Slutdatum", "Avslutsorsak", "Mobil"])
        ws.append([PNR_A, "K", datetime.date(2024, 1, 15), None, None, True])
        ws.append([])
        ws.append([PNR_B, "M", "2024-02-01", datetime.datetime(2024, 5, 31, 13, 45), "work", 46701234567])
        ws["C2"].number_format = "yyyy-mm-dd"
        ws["D4"].number_format = "d/m/yyyy h:mm"
        ws["F4"].number_format = "0"
        from openpyxl.styles import Font, PatternFill
        for row in range(5, 40):
            ws.cell(row=row, column=1).fill = PatternFill("solid", fgColor="FFFF00")
            ws.cell(row=row, column=3).font = Font(bold=True)
            ws.cell(row=row, column=3).number_format = "yyyy-mm-dd"
    elif name == "builtin-date":
        ws.title = "participants"
        ws.append(["person_id", "start_date"])
        ws.append([PNR_A, datetime.date(2024, 3, 1)])
        ws["B2"].number_format = "mm-dd-yy"  # built-in id 14
    elif name == "date1904":
        wb.epoch = datetime.datetime(1904, 1, 1)
        ws.title = "Deltagare"
        ws.append(["person_id", "start_date", "end_date"])
        ws.append([PNR_A, datetime.date(2024, 1, 15), datetime.date(2024, 6, 30)])
        for c in ("B2", "C2"):
            ws[c].number_format = "yyyy-mm-dd"
    elif name == "title":
        # A merged title above the header, a blank row, then the header.
        ws.title = "Blad1"
        ws["A1"] = "Deltagarlista Kumla 2024"
        ws.merge_cells("A1:D1")
        ws["A2"] = "Uppdaterad av projektledaren"
        ws.merge_cells("A2:D2")
        ws.append([])
        ws.append(["", "Personnummer", "Startdatum", "Kommentar"])
        ws.append(["", PNR_A, "2024-01-15", "ny"])
        ws.append(["", PNR_B, "2024-02-01", None])
        ws.append(["", "19900101-0000", "2024-02-01", None])
    elif name == "hidden":
        ws.title = "Instruktioner"
        ws["A1"] = "Fyll i bladet Deltagare"
        d = wb.create_sheet("Deltagare")
        d.sheet_state = "hidden"
        d.append(["person_id", "start_date"])
        d.append([PNR_A, "2024-01-15"])
        t = wb.create_sheet("Timmar")
        t.append(["person_id", "datum", "timmar", "aktivitet"])
        t.append([PNR_A, "2024-01-16", 7.5, "Praktik"])
    elif name == "formula-no-value":
        ws.title = "Deltagare"
        ws.append(["person_id", "start_date", "end_date"])
        ws.append([PNR_A, "2024-01-15", "=B2+30"])
        ws.append([PNR_B, "2024-01-15", None])
    elif name == "two-sheets-first":
        ws.title = "Lista"
        ws.append(["person_id", "start_date"])
        ws.append([PNR_A, "2024-01-15"])
        other = wb.create_sheet("Anteckningar")
        other["A1"] = "fritext"
    elif name == "lista-tid":
        # Sheets named after no kind: participants first, hours by option.
        ws.title = "Tid"
        ws.append(["person_id", "date", "hours"])
        ws.append([PNR_A, "2024-01-16", 3])
        lista = wb.create_sheet("Lista", 0)
        lista.append(["person_id", "start_date"])
        lista.append([PNR_A, "2024-01-15"])
    elif name == "empty-hours":
        # A template's hours sheet that nobody filled in.
        ws.title = "Deltagare"
        ws.append(["person_id", "start_date"])
        ws.append([PNR_A, "2024-01-15"])
        wb.create_sheet("Timmar")
    else:
        raise SystemExit("unknown case " + name)
    wb.save(out)


# ---------------------------------------------------------------- raw parts

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def raw_parts(sheets, shared=None, styles=None, workbook_pr=""):
    """The parts of a workbook; `sheets` is [(name, sheetData XML)]."""
    parts = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": PACKAGE_RELS}
    rels = []
    entries = []
    for i, (name, data) in enumerate(sheets, start=1):
        entries.append('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (name, i, i))
        rels.append('<Relationship Id="rId%d" Type="%sworksheet" Target="worksheets/sheet%d.xml"/>' % (i, REL, i))
        parts["xl/worksheets/sheet%d.xml" % i] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="%s"><sheetData>%s</sheetData></worksheet>' % (MAIN, data))
    n = len(sheets)
    if shared is not None:
        rels.append('<Relationship Id="rId%d" Type="%ssharedStrings" Target="sharedStrings.xml"/>' % (n + 1, REL))
        parts["xl/sharedStrings.xml"] = '<sst xmlns="%s">%s</sst>' % (MAIN, "".join(shared))
    if styles is not None:
        rels.append('<Relationship Id="rId%d" Type="%sstyles" Target="/xl/styles.xml"/>' % (n + 2, REL))
        parts["xl/styles.xml"] = '<styleSheet xmlns="%s">%s</styleSheet>' % (MAIN, styles)
    parts["xl/workbook.xml"] = (
        '<workbook xmlns="%s" xmlns:r="%s"><workbookPr%s/><sheets>%s</sheets></workbook>'
        % (MAIN, REL[:-1], workbook_pr, "".join(entries)))
    parts["xl/_rels/workbook.xml.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">%s</Relationships>'
        % "".join(rels))
    return parts


def write_parts(out, parts, compression=zipfile.ZIP_DEFLATED, streamed=False):
    """With `streamed`, as writers that cannot seek back do it: sizes and CRC
    in a data descriptor after each part, zeros in the local headers."""
    class Unseekable(io.RawIOBase):
        def __init__(self, f):
            self.f = f
        def writable(self):
            return True
        def write(self, b):
            return self.f.write(b)
    with open(out, "wb") as f:
        target = Unseekable(f) if streamed else f
        with zipfile.ZipFile(target, "w", compression) as z:
            for name, text in parts.items():
                z.writestr(name, text if isinstance(text, bytes) else text.encode("utf-8"))


# Style 1: built-in date format 14; style 2: a custom date format; style 3:
# a number format with 'E' and minutes-like text that is no date.
STYLES = ('<numFmts count="2"><numFmt numFmtId="164" formatCode="[$-41D]yyyy/mm/dd;@"/>'
          '<numFmt numFmtId="165" formatCode="0.00E+00"/></numFmts>'
          '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
          '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs>')


def raw_case(name, out):
    if name == "excel-cells":
        # What Excel writes: shared strings with rich runs and a phonetic run,
        # inline strings, formulas with cached values of every type, an error
        # value, cells without r= after cells with r=, rows with gaps.
        shared = ['<si><t>Pnr</t></si>',
                  '<si><r><t>Start</t></r><r><rPr><b/></rPr><t xml:space="preserve">datum </t></r></si>',
                  '<si><t>Avslutsorsak</t><rPh sb="0" eb="1"><t>ふりがな</t></rPh></si>',
                  '<si><t>arbete</t></si>',
                  '<si><t>Mobil</t></si>']
        data = (
            '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
            '<c r="D1" t="s"><v>4</v></c><c r="E1" t="inlineStr"><is><t>Slutdatum</t></is></c></row>'
            '<row r="2"><c r="A2"><v>189001019802</v></c><c r="B2" s="1"><v>45306</v></c>'
            '<c r="C2" t="str"><f>LOWER("ARBETE")</f><v>arbete</v></c><c r="D2" t="b"><f>TRUE()</f><v>1</v></c>'
            '<c r="E2" s="2"><f>B2+30</f><v>45336</v></c></row>'
            '<row r="5"><c><v>1.89001029819E+11</v></c><c t="inlineStr"><is><r><t>2024-</t></r><r><t>02-01</t></r></is></c>'
            '<c t="s"><v>3</v></c><c s="3"><v>0.30000000000000004</v></c></row>'
            '<row r="6"><c r="A6"><v>189001039800</v></c><c r="B6" s="1"><v>45306</v></c>'
            '<c r="E6" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
            '<row r="7"><c r="A7"><v>189001049817</v></c><c r="B7" s="1"><v>60</v></c></row>'
            '<row r="8"><c r="A8" t="d"><v>2024-03-01T00:00:00</v></c></row>')
        write_parts(out, raw_parts([("Deltagare", data)], shared, STYLES))
    elif name == "bad-shared-index":
        data = '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>7</v></c></row>'
        write_parts(out, raw_parts([("Deltagare", data)], ['<si><t>person_id</t></si>']))
    elif name == "xxe":
        parts = raw_parts([("Deltagare", "")])
        parts["xl/worksheets/sheet1.xml"] = (
            '<?xml version="1.0"?>\n<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
            '<worksheet xmlns="%s"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
            '</sheetData></worksheet>' % MAIN)
        write_parts(out, parts)
    elif name == "billion-laughs":
        lol = "".join('<!ENTITY l%d "&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;">' % ((i,) + (i - 1,) * 10)
                      for i in range(1, 10))
        parts = raw_parts([("Deltagare", "")])
        parts["xl/workbook.xml"] = ('<?xml version="1.0"?>\n<!DOCTYPE workbook [<!ENTITY l0 "lol">%s]>\n'
                                    '<workbook xmlns="%s"><sheets><sheet name="&l9;"/></sheets></workbook>'
                                    % (lol, MAIN))
        write_parts(out, parts)
    elif name in ("zip-bomb", "zip-bomb-lying"):
        # A sheet of 200 MiB of blanks inside a few hundred kilobytes.
        head = ('<worksheet xmlns="%s"><sheetData>' % MAIN).encode()
        comp = zipfile.zlib.compressobj(9, zipfile.zlib.DEFLATED, -15)
        body = [comp.compress(head)]
        block = b" " * (1 << 20)
        crc = zipfile.zlib.crc32(head)
        for _ in range(200):
            body.append(comp.compress(block))
            crc = zipfile.zlib.crc32(block, crc)
        tail = b"</sheetData></worksheet>"
        body.append(comp.compress(tail))
        body.append(comp.flush())
        crc = zipfile.zlib.crc32(tail, crc)
        size = len(head) + 200 * len(block) + len(tail)
        data = b"".join(body)
        parts = raw_parts([("Deltagare", "")])
        del parts["xl/worksheets/sheet1.xml"]
        write_parts(out, parts)
        # Append the sheet as a deflated entry with the sizes we choose.
        declared = size if name == "zip-bomb" else 60 * len(data)
        append_raw_entry(out, "xl/worksheets/sheet1.xml", data, crc, declared)
    elif name == "encrypted":
        # The first sector of an OLE2 compound file, the container of an
        # EncryptedPackage (a password-protected .xlsx) and of a legacy .xls.
        header = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(16) + bytes.fromhex("3E000300FEFF0900")
        open(out, "wb").write(header + bytes(512 - len(header)))
    elif name == "not-a-zip":
        open(out, "wb").write(b"person_id;start_date\n189001019802;2024-01-15\n")
    elif name == "streamed":
        data = ('<row r="1"><c r="A1" t="inlineStr"><is><t>person_id</t></is></c>'
                '<c r="B1" t="inlineStr"><is><t>start_date</t></is></c></row>'
                '<row r="2"><c r="A2"><v>189001019802</v></c><c r="B2" s="1"><v>45306</v></c></row>')
        write_parts(out, raw_parts([("Deltagare", data)], None, STYLES), streamed=True)
    elif name == "bad-crc":
        # A stored (uncompressed) sheet with one digit changed after the CRC
        # was taken: still well-formed XML, but not the bytes that were written.
        data = ('<row r="1"><c r="A1" t="inlineStr"><is><t>person_id</t></is></c>'
                '<c r="B1" t="inlineStr"><is><t>start_date</t></is></c></row>'
                '<row r="2"><c r="A2"><v>189001019802</v></c><c r="B2" t="inlineStr"><is><t>2024-01-15</t></is></c></row>')
        write_parts(out, raw_parts([("Deltagare", data)]), zipfile.ZIP_STORED)
        blob = open(out, "rb").read()
        open(out, "wb").write(blob.replace(b"189001019802", b"189001019803"))
    elif name in ("truncated", "corrupt-data"):
        data = ('<row r="1"><c r="A1" t="inlineStr"><is><t>person_id</t></is></c>'
                '<c r="B1" t="inlineStr"><is><t>start_date</t></is></c></row>' +
                "".join('<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (r, r, r) for r in range(2, 3000)))
        write_parts(out, raw_parts([("Deltagare", data)]))
        blob = bytearray(open(out, "rb").read())
        if name == "truncated":
            blob = blob[: len(blob) // 2]
        else:
            # Damage the middle of the sheet's compressed data.
            z = zipfile.ZipFile(io.BytesIO(bytes(blob)))
            info = z.getinfo("xl/worksheets/sheet1.xml")
            start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
            for i in range(start + info.compress_size // 2, start + info.compress_size // 2 + 16):
                blob[i] ^= 0x5A
        open(out, "wb").write(bytes(blob))
    else:
        openpyxl_case(name, out)


def append_raw_entry(path, name, data, crc, declared_size):
    """Adds a deflated entry whose headers declare `declared_size`."""
    import struct

    blob = open(path, "rb").read()
    end = blob.rfind(b"PK\x05\x06")
    count, dir_size, dir_offset = struct.unpack("<HII", blob[end + 10:end + 20])
    directory = blob[dir_offset:dir_offset + dir_size]
    files = blob[:dir_offset]
    raw_name = name.encode()
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), declared_size, len(raw_name), 0)
    offset = len(files)
    files += local + raw_name + data
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(data), declared_size,
                          len(raw_name), 0, 0, 0, 0, 0, offset) + raw_name
    directory += central
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count + 1, count + 1, len(directory), len(files), 0)
    open(path, "wb").write(files + directory + eocd)


def write_rows(out, n):
    """N participant rows as a spreadsheet program streams them (shared
    strings for the repeated words, numbers, date serials)."""
    shared = ['<si><t>%s</t></si>' % s for s in
              ("person_id", "sex", "start_date", "end_date", "exit_status", "email", "K", "M", "work", "studies")]
    parts = raw_parts([("Deltagare", "")], shared, STYLES)
    del parts["xl/worksheets/sheet1.xml"]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for part, text in parts.items():
            z.writestr(part, text)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(('<worksheet xmlns="%s"><sheetData><row r="1">' % MAIN).encode())
            sheet.write("".join('<c t="s"><v>%d</v></c>' % i for i in range(6)).encode() + b"</row>")
            chunk = []
            for r in range(2, n + 2):
                # Generated numbers (valid check digit not needed for reading).
                chunk.append('<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d" t="s"><v>%d</v></c>'
                             '<c r="C%d" s="1"><v>%d</v></c><c r="D%d" s="1"><v>%d</v></c>'
                             '<c r="E%d" t="s"><v>%d</v></c><c r="F%d" t="inlineStr"><is><t>deltagare%d@example.se</t></is></c></row>'
                             % (r, r, 199001010000 + r, r, 6 + r % 2, r, 42000 + r % 1500, r, 42300 + r % 1500,
                                r, 8 + r % 2, r, r))
                if len(chunk) == 10000:
                    sheet.write("".join(chunk).encode())
                    chunk = []
            sheet.write("".join(chunk).encode() + b"</sheetData></worksheet>")


def main(argv):
    if len(argv) >= 3 and argv[0] == "csv":
        write_from_csv(argv[1], argv[2], "--swedish" in argv[3:])
    elif len(argv) == 3 and argv[0] == "case":
        raw_case(argv[1], argv[2])
    elif len(argv) == 3 and argv[0] == "rows":
        write_rows(argv[1], int(argv[2]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
