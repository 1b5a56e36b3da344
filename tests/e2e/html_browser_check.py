"""Loads an HTML report in headless Chromium and checks what the browser renders
against the XLSX written by the same run (read with openpyxl, an independent
reader):

- every table of the rendered DOM is found in the workbook (by its sheet and
  title) and every cell shows the workbook's figure: the same text, or the
  same number rounded to the decimals the HTML shows;
- every bar of every chart (an SVG rect with a title) is a figure of the
  chart's figures table; every chart is role="img" with a title and a
  description;
- nothing is fetched: no script, no element with src or href;
- a screenshot is not blank and shows the charts' colours.

Usage: html_browser_check.py CHROMIUM HTML XLSX WORKDIR
Prints "tables N cells N bars N charts N pixels N" and exits 0, or prints what
differs and exits 1.
"""
import os
import re
import signal
import struct
import subprocess
import sys
import zlib
from html.parser import HTMLParser

import openpyxl

TIMEOUT = 120  # seconds per Chromium run


def chromium(binary, workdir, *args):
    profile = os.path.join(workdir, "chromium-profile")
    os.makedirs(profile, exist_ok=True)
    command = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
               "--disable-extensions", "--disable-background-networking", "--disable-sync", "--mute-audio",
               "--user-data-dir=" + profile] + list(args)
    # Its own process group, so that a hung browser is ended with all its children.
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=workdir, start_new_session=True)
    try:
        out, err = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        err += b"\nchromium did not finish within %d seconds" % TIMEOUT
        return subprocess.CompletedProcess(command, 124, out, err)
    return subprocess.CompletedProcess(command, process.returncode, out, err)


class Dom(HTMLParser):
    """Tables (caption, header labels, rows of cell texts) and charts of a rendered DOM."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self.charts, self.fetching = [], [], []
        self.stack, self.text, self.table, self.row, self.cell, self.chart = [], None, None, None, None, None
        self.section = None  # "thead" / "tbody"
        self.rect_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" or "src" in a or "href" in a:
            self.fetching.append((tag, a))
        if tag == "table":
            self.table = {"sheet": a.get("data-sheet"), "title": "", "labels": [], "rows": []}
        elif self.table is not None and tag in ("thead", "tbody"):
            self.section = tag
        elif self.table is not None and tag == "tr":
            self.row = []
        elif self.table is not None and tag in ("td", "th") and self.row is not None:
            self.cell = {"text": "", "colspan": int(a.get("colspan", "1"))}
        elif self.table is not None and tag == "span" and a.get("class") == "title":
            self.text = "title"
        elif tag == "svg":
            self.chart = {"role": a.get("role"), "labelledby": a.get("aria-labelledby", ""), "title": "", "desc": "", "bars": []}
        elif self.chart is not None and tag in ("title", "desc"):
            self.text = tag if not self.stack or self.stack[-1] == "svg" else "bar"
            if self.text == "bar":
                self.chart["bars"].append("")
        self.stack.append(tag)

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() != tag:
            pass
        if tag in ("title", "desc", "span"):
            self.text = None
        if tag == "svg" and self.chart is not None:
            self.charts.append(self.chart)
            self.chart = None
        elif tag in ("td", "th") and self.cell is not None:
            self.row.append(self.cell)
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if self.section == "thead":
                self.table["labels"] = [c["text"] for c in self.row]  # the last header row: column labels
            else:
                self.table["rows"].append([c["text"] for c in self.row])
            self.row = None
        elif tag == "table" and self.table is not None:
            self.tables.append(self.table)
            self.table = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data
        elif self.text == "title" and self.table is not None:
            self.table["title"] += data
        elif self.chart is not None and self.text in ("title", "desc"):
            self.chart[self.text] += data
        elif self.chart is not None and self.text == "bar":
            self.chart["bars"][-1] += data


NUMBER = re.compile(r"^([-\u2212]?)([0-9\u00a0 ]+)(?:,([0-9]+))?(\u00a0%)?$")


def same_figure(text, value):
    """True when the HTML text shows the workbook's value."""
    if value is None:
        return text == ""
    if isinstance(value, str):
        return text == value
    m = NUMBER.match(text)
    if not m:
        return False
    sign, whole, fraction, percent = m.groups()
    decimals = len(fraction or "")
    shown = float(whole.replace("\u00a0", "").replace(" ", "") + ("." + fraction if fraction else ""))
    if sign:
        shown = -shown
    expected = value * 100 if percent else value
    # Half away from zero, as number_format.cpp rounds.
    scaled = abs(expected) * 10 ** decimals
    rounded = int(scaled + 0.5 + 1e-9 * max(1.0, scaled)) / 10 ** decimals
    return abs(shown - (rounded if expected >= 0 else -rounded)) < 1e-9


def sheet_rows(workbook, name):
    return [[c.value for c in row] for row in workbook[name].iter_rows()]


def compare_table(workbook, table, problems):
    """Finds the table in its sheet by title and header row; returns the cells compared."""
    name = table["sheet"]
    if name not in workbook.sheetnames:
        problems.append("table %r: no sheet %r in the workbook" % (table["title"], name))
        return 0
    rows = sheet_rows(workbook, name)
    labels = table["labels"]
    for t, row in enumerate(rows):
        if not row or row[0] != table["title"]:
            continue
        for h in range(t + 1, len(rows)):
            if [("" if v is None else v) for v in rows[h][:len(labels)]] == labels:
                compared = 0
                for i, html_row in enumerate(table["rows"]):
                    xlsx_row = rows[h + 1 + i] if h + 1 + i < len(rows) else []
                    for c, text in enumerate(html_row):
                        value = xlsx_row[c] if c < len(xlsx_row) else None
                        if not same_figure(text, value):
                            problems.append("%s / %s, row %d, column %r: HTML %r, XLSX %r" %
                                            (name, table["title"], i + 1, labels[c] if c < len(labels) else c, text, value))
                        compared += 1
                return compared
    problems.append("table %r: not found on sheet %r with the header %r" % (table["title"], name, labels))
    return 0


def check_bars(dom, problems):
    """Each bar "category, series: value" is a cell of the chart's figures table."""
    figures = {t["title"]: t for t in dom.tables}
    bars = 0
    for chart in dom.charts:
        if chart["role"] != "img" or not chart["title"] or not chart["desc"]:
            problems.append("chart %r: needs role=img, a title and a description" % chart["title"])
        table = figures.get(chart["title"])
        if table is None:
            problems.append("chart %r: no figures table" % chart["title"])
            continue
        cells = {}
        for row in table["rows"]:
            for c in range(1, len(row)):
                cells["%s, %s: %s" % (row[0], table["labels"][c], row[c])] = True
        for bar in chart["bars"]:
            bars += 1
            if bar not in cells:
                problems.append("chart %r: bar %r is not in its figures table" % (chart["title"], bar))
        nonzero = sum(1 for row in table["rows"] for v in row[1:] if v != "0")
        if nonzero != len(chart["bars"]):
            problems.append("chart %r: %d bars for %d figures above zero" % (chart["title"], len(chart["bars"]), nonzero))
    return bars


def png_pixels(path):
    """RGB(A) rows of an 8-bit PNG, decoded with zlib and the PNG filters."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file: " + path)
    pos, idat, width, height, channels = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            if depth != 8 or colour not in (2, 6):
                raise ValueError("unexpected PNG format: depth %d, colour type %d" % (depth, colour))
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            upleft = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - upleft
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - upleft)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else upleft)) & 0xFF
        rows.append(line)
        previous = line
    return width, height, channels, rows


def check_screenshot(path, colours, problems):
    width, height, channels, rows = png_pixels(path)
    ink, seen = 0, set()
    for line in rows:
        for x in range(0, width * channels, channels):
            r, g, b = line[x], line[x + 1], line[x + 2]
            if r < 240 or g < 240 or b < 240:
                ink += 1
            for colour in colours:
                cr, cg, cb = (colour >> 16) & 0xFF, (colour >> 8) & 0xFF, colour & 0xFF
                if abs(r - cr) < 12 and abs(g - cg) < 12 and abs(b - cb) < 12:
                    seen.add(colour)
    if ink < width * height // 100:
        problems.append("screenshot %s is blank: %d of %d pixels not white" % (path, ink, width * height))
    for colour in colours:
        if colour not in seen:
            problems.append("screenshot %s: no pixel of the chart colour #%06X" % (path, colour))
    return ink


def main():
    binary, html, xlsx, workdir = sys.argv[1:5]
    url = "file://" + os.path.abspath(html)
    dumped = chromium(binary, workdir, "--dump-dom", url)
    if dumped.returncode != 0 or b"<html" not in dumped.stdout:
        print("chromium --dump-dom failed (%d): %s" % (dumped.returncode, dumped.stderr.decode(errors="replace")[-2000:]))
        return 1
    dom = Dom()
    dom.feed(dumped.stdout.decode("utf-8"))
    problems = []
    for tag, attrs in dom.fetching:
        problems.append("the DOM fetches: <%s %r>" % (tag, attrs))
    workbook = openpyxl.load_workbook(xlsx)
    cells = sum(compare_table(workbook, t, problems) for t in dom.tables)
    bars = check_bars(dom, problems)

    screenshot = os.path.join(workdir, "report.png")
    shot = chromium(binary, workdir, "--screenshot=" + screenshot, "--window-size=1000,1400", "--hide-scrollbars", url)
    if shot.returncode != 0 or not os.path.exists(screenshot):
        problems.append("chromium --screenshot failed (%d): %s" % (shot.returncode, shot.stderr.decode(errors="replace")[-2000:]))
        pixels = 0
    else:
        # The sexes' colours (report_summary.cpp): the charts were drawn.
        pixels = check_screenshot(screenshot, [0xE69F00, 0x0072B2], problems)
    for p in problems[:50]:
        print(p)
    if problems:
        print("%d problem(s)" % len(problems))
        return 1
    print("tables %d cells %d bars %d charts %d pixels %d" % (len(dom.tables), cells, bars, len(dom.charts), pixels))
    return 0


sys.exit(main())
