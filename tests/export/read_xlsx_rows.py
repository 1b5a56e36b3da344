#!/usr/bin/python3
"""Prints the rows of every sheet of an XLSX file as tab-separated values.

Read with openpyxl (an independent reader). One line per row, prefixed by the
sheet name; empty cells are empty fields; numbers as Python prints them
(15, 9.5), so the tests see what a spreadsheet program holds, not text.
"""
import sys

import openpyxl


def main(path):
    wb = openpyxl.load_workbook(path, read_only=True)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            fields = ["" if v is None else (repr(v) if isinstance(v, float) else str(v)) for v in row]
            print("\t".join([ws.title] + fields))


if __name__ == "__main__":
    main(sys.argv[1])
