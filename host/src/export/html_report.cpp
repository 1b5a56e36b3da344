#include "esfreport/export/html_report.hpp"

#include "esfreport/export/number_format.hpp"
#include "esfreport/export/report_summary.hpp"

#include "chart_cairo.hpp"
#include "chart_svg.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace esfreport {
namespace {

using chart_detail::escape_markup;

// Chart size in units of the viewBox; the SVG scales to its column (about
// 580 CSS pixels on a wide screen, 340 on a phone), its text 1.4 times the
// PDF's so that labels stay readable when the chart is scaled down.
constexpr double kChartWidth = 400;
constexpr double kChartHeight = 270;
constexpr double kChartTextScale = 1.4;

constexpr const char* kStyle = R"css(
:root { --ink: #1a1a1a; --muted: #595959; --rule: #bfbfbf; --head: #d9e1f2; --mark: #fff2cc; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 75rem; padding: 1rem; color: var(--ink); background: #fff;
  font: 1rem/1.45 "DejaVu Sans", Verdana, "Segoe UI", Arial, sans-serif; }
header .context { margin: 0; color: var(--muted); font-size: .875rem; }
h1 { font-size: 1.5rem; margin: .25rem 0; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; }
header .scope { margin: 0 0 1rem; color: var(--muted); }
section { margin-bottom: 2rem; }
.table-wrap { overflow-x: auto; max-width: 100%; margin: .5rem 0; }
.table-wrap:focus { outline: 2px solid #0072b2; }
table { border-collapse: collapse; font-size: .875rem; }
caption { text-align: left; padding-bottom: .4rem; }
caption .title { display: block; font-weight: bold; font-size: 1rem; }
caption .subtitle { display: block; color: var(--muted); font-size: .8125rem; }
th, td { padding: .2rem .5rem; border-bottom: 1px solid #e3e3e3; vertical-align: bottom; }
thead th { background: var(--head); border-bottom: 1px solid var(--ink); text-align: left; }
thead th.num { text-align: right; }
thead th[scope=colgroup] { text-align: center; border-bottom: 1px solid var(--rule); }
tbody th { text-align: left; font-weight: normal; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.highlight > * { background: var(--mark); }
tr.total > * { font-weight: bold; border-top: 1px solid var(--ink); }
tr.note > * { font-style: italic; }
tr.detail > * { font-style: italic; color: var(--muted); }
.note { color: var(--muted); font-size: .8125rem; margin: .25rem 0; max-width: 60rem; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 26rem), 1fr)); gap: 1.5rem; margin-top: 1rem; }
figure { margin: 0; }
svg.chart { width: 100%; height: auto; display: block; }
details { margin-top: .25rem; font-size: .875rem; }
summary { cursor: pointer; color: var(--muted); }
footer { color: var(--muted); font-size: .8125rem; border-top: 1px solid var(--rule); padding-top: .5rem; }
@media (max-width: 40rem) {
  body { padding: .75rem; }
  table { font-size: .8125rem; }
  th, td { padding: .2rem .35rem; }
}
@media print {
  @page { size: A4; margin: 14mm; }
  body { max-width: none; padding: 0; font-size: 9pt; }
  #summary { break-after: page; }
  .table-wrap { overflow: visible; }
  table { font-size: 8pt; }
  thead { display: table-header-group; }
  tr, figure { break-inside: avoid; }
  details { display: none; }
  .charts { grid-template-columns: 1fr 1fr; gap: 6mm; }
}
)css";

const char* generated_label(Language l) { return l == Language::en ? "Generated" : "Skapad"; }

std::string utc_date(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[32];
    const std::size_t n = std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M UTC", &tm);
    return std::string(buffer, n);
}

// An id made of [a-z0-9-] from a table's id ("t1", "about-inputs").
std::string anchor_id(const std::string& text) {
    std::string out;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        out += (std::isalnum(u) != 0) ? static_cast<char>(std::tolower(u)) : '-';
    }
    return out.empty() ? "table" : out;
}

bool numeric_cell(const ReportColumn& column, const Cell& cell) { return column.numeric && cell.kind != CellKind::text; }

const char* row_class(RowStyle style) {
    switch (style) {
    case RowStyle::normal: return nullptr;
    case RowStyle::highlight: return "highlight";
    case RowStyle::total: return "total";
    case RowStyle::note: return "note";
    case RowStyle::detail: return "detail";
    }
    return nullptr;
}

class HtmlWriter {
public:
    explicit HtmlWriter(const ReportDocument& d) : d_(d) {}

    std::string run() {
        const bool en = d_.language == Language::en;
        out_ += "<!DOCTYPE html>\n<html lang=\"" + std::string(en ? "en" : "sv") + "\">\n<head>\n<meta charset=\"utf-8\">\n";
        out_ += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
        out_ += "<meta name=\"generator\" content=\"esfreport\">\n";
        std::string title = d_.title;
        if (!d_.scope.empty()) title += " \u2013 " + d_.scope;
        out_ += "<title>" + escape_markup(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
        out_ += "<header>\n<p class=\"context\">" + escape_markup(d_.project) + "</p>\n<h1>" + escape_markup(d_.title) + "</h1>\n";
        std::string line = d_.scope;
        if (!d_.period.empty()) line += (line.empty() ? "" : ", ") + d_.period;
        out_ += "<p class=\"scope\">" + escape_markup(line) + "</p>\n</header>\n<main>\n";
        if (!d_.summary.empty()) summary();
        for (const ReportTable& t : d_.tables) {
            if (t.workbook_only) continue;  // as in the PDF: a detail sheet of the XLSX
            out_ += "<section id=\"" + anchor_id(t.id) + "\">\n";
            table(t);
            out_ += "</section>\n";
        }
        if (!d_.about.empty()) {
            // No heading of its own when the first table's caption already says it (as in the PDF).
            if (d_.about.front().title == d_.about_sheet_name) {
                out_ += "<section id=\"about\">\n";
            } else {
                out_ += "<section id=\"about\" aria-labelledby=\"about-heading\">\n<h2 id=\"about-heading\">" +
                        escape_markup(d_.about_sheet_name) + "</h2>\n";
            }
            for (const ReportTable& t : d_.about) table(t);
            out_ += "</section>\n";
        }
        out_ += "</main>\n<footer>\n<p>" + std::string(generated_label(d_.language)) + " " + utc_date(d_.generated_at) +
                " \u00B7 esfreport</p>\n</footer>\n</body>\n</html>\n";
        return std::move(out_);
    }

private:
    void summary() {
        const ReportSummary& s = d_.summary;
        out_ += "<section id=\"summary\" aria-labelledby=\"summary-heading\">\n<h2 id=\"summary-heading\">" + escape_markup(s.title) +
                "</h2>\n";
        if (!s.key_figures.rows.empty()) table(s.key_figures);
        if (!s.charts.empty()) {
            const chart_detail::PangoMeasure measure;
            const chart_detail::MeasureText m = chart_detail::measure_with(measure);
            out_ += "<div class=\"charts\">\n";
            for (const Chart& chart : s.charts) {
                const std::string id = "chart-" + anchor_id(chart.id);
                out_ += "<figure id=\"" + id + "\">\n";
                out_ += chart_detail::chart_svg(chart, id, kChartWidth, kChartHeight, m, d_.language, kChartTextScale) + "\n";
                out_ += "<details>\n<summary>" + escape_markup(s.figures_label) + "</summary>\n";
                table(chart_figures_table(chart, s.sheet_name));
                out_ += "</details>\n</figure>\n";
            }
            out_ += "</div>\n";
        }
        out_ += "</section>\n";
    }

    void cell(const std::string& tag, const std::string& attributes, const std::string& text) {
        out_ += "<" + tag + attributes + ">" + escape_markup(text) + "</" + tag + ">";
    }

    void table(const ReportTable& t) {
        const std::string id = anchor_id(t.id);
        const std::string caption = "caption-" + id;
        // A scrollable box is focusable and named, so a keyboard user can scroll it.
        out_ += "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"" + caption + "\">\n";
        out_ += "<table id=\"table-" + id + "\" data-sheet=\"" + escape_markup(t.sheet_name) + "\">\n";
        out_ += "<caption id=\"" + caption + "\">";
        if (!t.title.empty()) out_ += "<span class=\"title\">" + escape_markup(t.title) + "</span>";
        if (!t.subtitle.empty()) out_ += "<span class=\"subtitle\">" + escape_markup(t.subtitle) + "</span>";
        out_ += "</caption>\n<thead>\n";
        if (!t.groups.empty()) {
            out_ += "<tr>";
            std::size_t spanned = 0;
            for (const ColumnGroup& g : t.groups) {
                const std::string span = g.span > 1 ? " colspan=\"" + std::to_string(g.span) + "\"" : "";
                if (g.label.empty()) out_ += "<td" + span + "></td>";
                else cell("th", " scope=\"colgroup\"" + span, g.label);
                spanned += static_cast<std::size_t>(std::max(g.span, 1));
            }
            if (spanned < t.columns.size()) out_ += "<td colspan=\"" + std::to_string(t.columns.size() - spanned) + "\"></td>";
            out_ += "</tr>\n";
        }
        out_ += "<tr>";
        for (const ReportColumn& c : t.columns) cell("th", std::string(" scope=\"col\"") + (c.numeric ? " class=\"num\"" : ""), c.label);
        out_ += "</tr>\n</thead>\n<tbody>\n";
        // The first column names the row when it is text (a subproject, a figure).
        const bool row_headers = !t.columns.empty() && !t.columns[0].numeric;
        for (const ReportRow& r : t.rows) {
            const char* cls = row_class(r.style);
            out_ += cls ? "<tr class=\"" + std::string(cls) + "\">" : std::string("<tr>");
            for (std::size_t c = 0; c < t.columns.size(); ++c) {
                const Cell value = c < r.cells.size() ? r.cells[c] : Cell::blank();
                const std::string text = format_cell(value, d_.language);
                if (c == 0 && row_headers) cell("th", " scope=\"row\"", text);
                else cell("td", numeric_cell(t.columns[c], value) ? " class=\"num\"" : "", text);
            }
            out_ += "</tr>\n";
        }
        out_ += "</tbody>\n</table>\n</div>\n";
        for (const std::string& note : t.notes) out_ += "<p class=\"note\">" + escape_markup(note) + "</p>\n";
    }

    const ReportDocument& d_;
    std::string out_;
};

}  // namespace

std::string report_html(const ReportDocument& document) { return HtmlWriter(document).run(); }

void write_report_html(const ReportDocument& document, const fs::path& path) {
    const std::string html = report_html(document);
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (file) file.write(html.data(), static_cast<std::streamsize>(html.size()));
    if (file) file.close();
    if (!file) throw std::runtime_error("cannot write " + path.string() + ": " + std::strerror(errno));
}

}  // namespace esfreport
