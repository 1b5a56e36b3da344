#!/usr/bin/python3
"""Builds an SQLite database from one subproject's canonical CSV folder.

    build_sqlite.py CSV_FOLDER DATABASE

The example reads Sydnärke from db/sydnarke.db, made with

    /usr/bin/python3 examples/orebro/build_sqlite.py examples/orebro/data/sydnarke examples/orebro/db/sydnarke.db

Tables are named and typed as the sql plugin expects (docs in
plugins/sql/README.md): DATE for dates, NUMERIC for hours and values, TEXT for
the rest; an empty CSV field becomes NULL. A file whose headers are not the
canonical ones (a subproject with its own, mapped in the configuration) keeps
them as the table's column names, all TEXT. No NOT NULL constraints: a row the
host will reject must reach it as the CSV file has it. Rows keep the order of the files,
so the plugin's row numbers are the files' line numbers minus one. The
database (mode 0600: it holds personnummer) is written to a temporary name
beside DATABASE and renamed, so a half-written file never takes its place. Standard library only.
"""
import csv
import os
import sqlite3
import sys

# Per file: table, then (column, SQL type) in canonical order.
TABLES = {
    "participants.csv": ("participants", [
        ("person_id", "TEXT"), ("sex", "TEXT"), ("start_date", "DATE"), ("end_date", "DATE"),
        ("setting", "TEXT"), ("exit_status", "TEXT"), ("email", "TEXT"), ("mobile", "TEXT")]),
    "assessments.csv": ("assessments", [
        ("person_id", "TEXT"), ("date", "DATE"), ("scale", "TEXT"), ("value", "TEXT")]),
    "attendance.csv": ("attendance", [
        ("person_id", "TEXT"), ("period_start", "DATE"), ("period_end", "DATE"),
        ("scheduled_hours", "NUMERIC"), ("absent_hours", "NUMERIC"), ("invalid_absent_hours", "NUMERIC")]),
    "hours.csv": ("hours", [
        ("person_id", "TEXT"), ("date", "DATE"), ("hours", "NUMERIC"), ("activity", "TEXT")]),
    "kaa.csv": ("kaa", [
        ("person_id", "TEXT"), ("municipality", "TEXT"), ("responsibility_start", "DATE"),
        ("responsibility_end", "DATE"), ("occupation", "TEXT"), ("measure", "TEXT"), ("measure_start", "DATE"),
        ("measure_end", "DATE"), ("address", "TEXT"), ("email", "TEXT"), ("phone", "TEXT")]),
}


def quoted(identifier):
    return '"' + identifier.replace('"', '""') + '"'


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: build_sqlite.py CSV_FOLDER DATABASE\n")
        return 2
    folder, database = argv[1], argv[2]
    if not os.path.isfile(os.path.join(folder, "participants.csv")):
        sys.stderr.write(f"build_sqlite.py: {folder}: no participants.csv\n")
        return 1
    os.makedirs(os.path.dirname(os.path.abspath(database)), exist_ok=True)
    temporary = database + ".tmp"
    if os.path.exists(temporary):
        os.remove(temporary)
    # It holds personnummer: readable by its owner only.
    os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    db = sqlite3.connect(temporary)
    for file_name, (table, columns) in TABLES.items():
        path = os.path.join(folder, file_name)
        if not os.path.isfile(path):
            continue
        with open(path, newline="", encoding="utf-8-sig") as f:
            delimiter = ";" if ";" in f.readline() else ","  # as the csv plugin detects it
            f.seek(0)
            reader = csv.reader(f, delimiter=delimiter)
            header = [h.strip().lower() for h in next(reader)]
            names = [c for c, _ in columns]
            if all(h in names for h in header):
                db.execute(f"CREATE TABLE {table} (" + ", ".join(f"{c} {t}" for c, t in columns) + ")")
            else:
                # Headers of the file's own (a subproject whose columns the
                # configuration maps): the table keeps them, as TEXT, like a
                # municipality's own table would.
                header = [h.strip() for h in header]
                db.execute(f"CREATE TABLE {table} (" + ", ".join(quoted(h) + " TEXT" for h in header) + ")")
            sql = f"INSERT INTO {table} ({', '.join(quoted(h) for h in header)}) VALUES ({', '.join('?' for _ in header)})"
            for line, row in enumerate(reader, start=2):
                if len(row) != len(header):
                    sys.stderr.write(f"build_sqlite.py: {path}:{line}: {len(row)} fields, expected {len(header)}\n")
                    return 1
                db.execute(sql, [v if v != "" else None for v in row])
    db.commit()
    db.execute("VACUUM")
    db.close()
    os.replace(temporary, database)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
