#!/usr/bin/python3
"""Dumps an XLSX file as tab-separated lines for the export tests.

Reads with openpyxl (an independent reader), so the tests check what a
spreadsheet program sees, not what the writer meant to write. Lines:
  prop <name> <value>
  sheet <name>
  cell <sheet> <coordinate> <data_type> <number_format> <value> <bold> <fill> <top border>
  freeze <sheet> <top-left cell of the scrolling pane>
  autofilter <sheet> <range>
  print_titles <sheet> <rows>
  merged <sheet> <range>
  orientation <sheet> <landscape|portrait>
  fit <sheet> <width> <height>
  width <sheet> <column letter> <width>
Tabs, newlines and backslashes in values are escaped as \\t, \\n, \\\\.
"""
import sys

import openpyxl


def esc(value):
    text = repr(value) if isinstance(value, float) else str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def out(*fields):
    print("\t".join(esc(f) for f in fields))


def main(path):
    wb = openpyxl.load_workbook(path)  # formulas stay formulas (data_type "f")
    p = wb.properties
    out("prop", "title", p.title or "")
    out("prop", "creator", p.creator or "")
    out("prop", "subject", p.subject or "")
    out("prop", "created", p.created.strftime("%Y-%m-%dT%H:%M:%SZ") if p.created else "")
    for ws in wb.worksheets:
        out("sheet", ws.title)
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                fill = c.fill.fgColor.rgb if c.fill is not None and c.fill.fill_type == "solid" else ""
                top = c.border.top.style if c.border is not None and c.border.top is not None else ""
                out("cell", ws.title, c.coordinate, c.data_type, c.number_format, c.value,
                    "bold" if c.font and c.font.b else "", fill or "", top or "")
        out("freeze", ws.title, ws.freeze_panes or "")
        out("autofilter", ws.title, ws.auto_filter.ref or "")
        out("print_titles", ws.title, ws.print_title_rows or "")
        for rng in ws.merged_cells.ranges:
            out("merged", ws.title, str(rng))
        out("orientation", ws.title, ws.page_setup.orientation or "")
        # fitToWidth/fitToHeight default to 1 in OOXML when absent.
        fit = ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage
        if fit:
            width = 1 if ws.page_setup.fitToWidth is None else ws.page_setup.fitToWidth
            height = 1 if ws.page_setup.fitToHeight is None else ws.page_setup.fitToHeight
            out("fit", ws.title, width, height)
        else:
            out("fit", ws.title, "none", "none")
        for letter, dim in sorted(ws.column_dimensions.items()):
            if dim.width:
                out("width", ws.title, letter, dim.width)


if __name__ == "__main__":
    main(sys.argv[1])
