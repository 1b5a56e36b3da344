#!/usr/bin/python3
"""Writes two of the example's subprojects as workbooks shaped like the ones
subprojects really send: Swedish headers of their own, a title row above the
header, personnummer and dates as Excel stores them, and their own words for
the exit status and the setting. esfreport.toml maps those headers and words
([subproject.columns], [subproject.values.*]); table 1 stays the published one.

The CSV files under data/ (written by generator/) are the one source of the
data: this script only reshapes them.

    make_workbooks.py            write workbooks/kumla.xlsx, workbooks/lindesberg.xlsx
    make_workbooks.py --check    exit 1 when a committed workbook's cells differ
                                 from what the CSV files give

Needs python3-openpyxl (/usr/bin/python3 on Debian).
"""
import csv
import datetime
import io
import sys
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent
FIXED_TIME = datetime.datetime(2019, 1, 15, 8, 0, 0)

# Per subproject: the title, each kind's sheet, the headers it writes for the
# canonical columns, its own words for exit status and setting, and whether
# personnummer are stored as numbers (as Excel does when one types them).
SUBPROJECTS = {
    "kumla": {
        "title": "Kumla kommun – #jagmed, deltagarförteckning",
        "person_as_number": True,
        "sheets": {
            "participants.csv": ("Deltagare", {
                "person_id": "Personnr", "sex": "Kön", "start_date": "Startdatum", "end_date": "Slutdatum",
                "setting": "Skola eller fritid", "exit_status": "Resultat", "email": "E-post", "mobile": "Mobil"}),
            "assessments.csv": ("Bedömningar", {
                "person_id": "Personnr", "date": "Datum", "scale": "Skala", "value": "Värde"}),
            "hours.csv": ("Timmar", {"person_id": "Personnr", "date": "Datum", "hours": "Timmar"}),
        },
        "words": {
            "sex": {"K": "Kvinna", "M": "Man"},
            "setting": {"in_school": "Skola", "outside_school": "Fritid"},
            "exit_status": {
                "studies": "Gått till studier", "work": "Fått jobb", "studies_and_work": "Studier och jobb",
                "job_seeking": "Söker jobb", "other_authority": "Annan myndighet", "other_measure": "Annan insats",
                "dropout": "Hoppade av", "not_reached": "Ej nådd", "other": "Annat", "unknown": "Vet ej"},
        },
    },
    "lindesberg": {
        "title": "Lindesbergs kommun – deltagare i #jagmed",
        "person_as_number": False,
        "sheets": {
            "participants.csv": ("Deltagare", {
                "person_id": "Personnummer", "sex": "Kön", "start_date": "Startdatum", "end_date": "Slutdatum",
                "setting": "I skola/utanför skola", "exit_status": "Status vid avslut", "email": "E-post",
                "mobile": "Mobil"}),
            "hours.csv": ("Närvaro timmar", {"person_id": "Personnummer", "date": "Datum", "hours": "Timmar"}),
        },
        "words": {
            "setting": {"i skola": "Skola", "utanför skola": "Ej skola"},
            "exit_status": {
                "studier": "Fortsatta studier", "arbete": "Arbete", "avbrott": "Avbrutit",
                "annan insats": "Annan insats", "annan myndighet": "Annan myndighet", "övrigt": "Övrigt",
                "okänd": "Okänt"},
        },
    },
}

DATE_COLUMNS = {"start_date", "end_date", "date"}
NUMBER_COLUMNS = {"hours", "value"}


def read_csv(path):
    text = path.read_text(encoding="utf-8")
    dialect = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=dialect))
    return rows[0], rows[1:]


def cell_value(column, text, spec):
    """The value Excel would hold for a CSV field."""
    if text == "":
        return None
    if column in spec["words"]:
        return spec["words"][column].get(text, text)
    if column in DATE_COLUMNS:
        return datetime.datetime.strptime(text, "%Y-%m-%d")
    if column in NUMBER_COLUMNS:
        number = float(text.replace(",", "."))
        return int(number) if number.is_integer() else number
    if column == "person_id" and spec["person_as_number"] and text.isdigit():
        return int(text)
    return text


def build(subproject):
    spec = SUBPROJECTS[subproject]
    book = openpyxl.Workbook()
    book.remove(book.active)
    for file_name, (sheet_name, headers) in spec["sheets"].items():
        header, rows = read_csv(HERE / "data" / subproject / file_name)
        sheet = book.create_sheet(sheet_name)
        # A title row (merged across the table) and a note, then a blank row.
        sheet.append([spec["title"]])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.append(["Uppdaterad 2019-01-15. Fyll i en rad per deltagarperiod."])
        sheet.append([])
        sheet.append([headers[c] for c in header])
        for row in rows:
            sheet.append([cell_value(c, t, spec) for c, t in zip(header, row)])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, datetime.datetime):
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(cell.value, int) and cell.value > 10**11:
                    cell.number_format = "0"
    book.properties.creator = "make_workbooks.py"
    book.properties.created = FIXED_TIME
    return book


def cells(book):
    return {s.title: [[c.value for c in row] for row in s.iter_rows()] for s in book.worksheets}


def save(book, path):
    """Saved with fixed times in the ZIP, so that rerunning the script on the
    same CSV files gives the same bytes (openpyxl stamps the current time)."""
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = data.decode("utf-8")
                start = text.find("<dcterms:modified")
                end = text.find("</dcterms:modified>")
                if start >= 0 and end >= 0:
                    text = text[:start] + text[end + len("</dcterms:modified>"):]
                data = text.encode("utf-8")
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(fixed, data)


def main(argv):
    check = argv[1:] == ["--check"]
    if argv[1:] and not check:
        print(__doc__, file=sys.stderr)
        return 2
    out_dir = HERE / "workbooks"
    out_dir.mkdir(exist_ok=True)
    status = 0
    for subproject in SUBPROJECTS:
        path = out_dir / (subproject + ".xlsx")
        book = build(subproject)
        if not check:
            save(book, path)
            continue
        if not path.exists() or cells(openpyxl.load_workbook(path)) != cells(book):
            print(f"{path}: differs from what data/{subproject}/*.csv give; run make_workbooks.py", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
