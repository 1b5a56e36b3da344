"""Dumps every sheet of an XLSX file as tab-separated lines, read with openpyxl
(an independent reader). Each cell is TYPE:VALUE with TYPE n (number), s (text),
f (formula) or e (empty), so tests can check values and types.
Usage: xlsx_dump.py FILE [SHEET]"""
import sys

import openpyxl


def cell(c):
    v = c.value
    if v is None:
        return "e:"
    if c.data_type == "f":
        return "f:" + str(v)
    if isinstance(v, bool):
        return "s:" + str(v)
    if isinstance(v, (int, float)):
        if float(v).is_integer():
            return "n:%d" % int(v)
        return "n:%r" % v
    return "s:" + str(v).replace("\t", " ").replace("\n", " ")


def main():
    wb = openpyxl.load_workbook(sys.argv[1])
    names = [sys.argv[2]] if len(sys.argv) > 2 else wb.sheetnames
    for name in names:
        ws = wb[name]
        print("## " + name)
        for row in ws.iter_rows():
            print("\t".join(cell(c) for c in row))


main()
