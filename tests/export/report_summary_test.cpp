// The summary page's model (key figures and chart data) from the bundled
// templates on a hand-built dataset, each figure computed by hand below; and
// the SVG and HTML renderers: escaping, accessibility, nothing fetched.
#include "../core/issue4_test_data.hpp"

#include <esfreport/export/final_report.hpp>
#include <esfreport/export/html_report.hpp>
#include <esfreport/export/report_summary.hpp>

#include "../../host/src/export/chart_cairo.hpp"
#include "../../host/src/export/chart_svg.hpp"

#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <regex>

using namespace esfreport;
using namespace esfreport::test;
namespace fs = std::filesystem;

namespace {

DocumentTemplate bundled_templates() { return load_report_templates(fs::path(ESFREPORT_SOURCE_DIR) / "templates" / "report"); }

// The region's report, its two subprojects as children.
FinalReportContext region_context(Issue4Data& d, const ProjectResults& results, Language language) {
    FinalReportContext c;
    c.data = &d.dataset;
    c.results = &results;
    c.period = d.whole();
    c.scope = d.region();
    c.children = {d.kumla(), d.karlskoga()};
    c.language = language;
    return c;
}

// Kumla: Anna (F) studies, David (M) work, Berit (F) still active.
// Karlskoga: Erik (M) dropout, Cecilia (F) studies and work.
// Participants: women 3, men 2, total 5. Exited: women 2, men 2, total 4.
// Into studies or work: Anna, Cecilia, David = women 2 (100 %), men 1 (50 %), total 3 (75 %).
// Scale "Självskattning": Anna 3 -> 7 (+4), David 5 -> 4 (-1), Erik one assessment (not measured):
// positive women 1 of 1 (100 %), men 0 of 1 (0 %), total 1 of 2 (50 %).
// Attendance: Anna 10 of 40 hours absent, then 4 of 40: 25.0 % -> 10.0 %; no man has two periods.
// Time: Anna 10.5 h in 2017-02 (10 whole) and 5 h in 2017-03, David 20 h in 2017-02:
// women 15, men 20, total 35 whole hours; at 180 SEK: 2 700, 3 600, 6 300 SEK.
struct SummaryData {
    Issue4Data d;
    std::unique_ptr<ProjectResults> results;
    SummaryData() {
        d.period(kAnna, 0, "2017-01-10", "2017-06-30", StatusAtExit::studies);
        d.period(kDavid, 0, "2017-02-01", "2017-08-31", StatusAtExit::work);
        d.period(kBerit, 0, "2017-03-01", "", std::nullopt);
        d.period(kErik, 1, "2017-01-15", "2017-12-31", StatusAtExit::dropout);
        d.period(kCecilia, 1, "2017-04-01", "2018-02-28", StatusAtExit::studies_and_work);
        const auto self = d.scale("self", {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"});
        d.config().scales[self].label = "Självskattning <1–10>";
        d.assess(kAnna, "2017-02-01", self, "3");
        d.assess(kAnna, "2017-05-01", self, "7");
        d.assess(kDavid, "2017-02-05", self, "5");
        d.assess(kDavid, "2017-06-05", self, "4");
        d.assess(kErik, "2017-03-01", self, "6", 1);
        d.attend(kAnna, "2017-01-10", "2017-02-28", 40, 10);
        d.attend(kAnna, "2017-03-01", "2017-04-30", 40, 4);
        d.hours(kAnna, "2017-02-03", 10'500'000);
        d.hours(kAnna, "2017-03-05", 5'000'000);
        d.hours(kDavid, "2017-02-10", 20'000'000);
        d.config().unit_cost = {{2017, 180.0}, {2018, 182.5}};
        results = std::make_unique<ProjectResults>(d.dataset, d.whole());
    }
    ReportDocument build(Language language = Language::sv) { return build_final_report(bundled_templates(), region_context(d, *results, language)); }
};

// The row of `t` whose first cell is `label`, as the cells' texts.
std::vector<std::string> row_texts(const ReportTable& t, const std::string& label) {
    for (const ReportRow& r : t.rows)
        if (!r.cells.empty() && r.cells[0].text == label) {
            std::vector<std::string> out;
            for (std::size_t i = 1; i < r.cells.size(); ++i) {
                const Cell& c = r.cells[i];
                out.push_back(c.kind == CellKind::missing ? "-" : c.kind == CellKind::percent ? std::to_string(c.value) + "%" : std::to_string(c.value));
            }
            return out;
        }
    FAIL("no row " << label);
    return {};
}

const Chart& chart(const ReportSummary& s, const std::string& id) {
    for (const Chart& c : s.charts)
        if (c.id == id) return c;
    FAIL("no chart " << id);
    throw;
}

std::vector<std::string> series_labels(const Chart& c) {
    std::vector<std::string> out;
    for (const ChartSeries& s : c.series) out.push_back(s.label);
    return out;
}

std::string template_error(const fs::path& dir) {
    try {
        load_report_templates(dir);
    } catch (const TemplateError& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("Summary: key figures by sex are the hand-computed ones", "[report_summary]") {
    SummaryData data;
    const ReportDocument doc = data.build();
    const ReportTable& k = doc.summary.key_figures;
    CHECK(doc.summary.sheet_name == "Sammanfattning");
    CHECK(k.title == "Nyckeltal");
    CHECK(k.subtitle == "Örebro län · 2017-01-01 – 2018-12-31");
    REQUIRE(k.columns.size() == 4);
    CHECK(k.columns[1].label == "Kvinnor");
    CHECK(k.columns[2].label == "Män");
    CHECK(k.columns[3].label == "Totalt");
    using V = std::vector<std::string>;
    CHECK(row_texts(k, "Deltagare") == V{"3.000000", "2.000000", "5.000000"});
    CHECK(row_texts(k, "Avslutade deltagare") == V{"2.000000", "2.000000", "4.000000"});
    CHECK(row_texts(k, "Till studier eller arbete") == V{"2.000000", "1.000000", "3.000000"});
    CHECK(row_texts(k, "Andel till studier eller arbete av avslutade") == V{"1.000000%", "0.500000%", "0.750000%"});
    CHECK(row_texts(k, "Andel med positiv stegförflyttning, Självskattning <1–10>") == V{"1.000000%", "0.000000%", "0.500000%"});
    CHECK(row_texts(k, "Frånvaro, första perioden") == V{"0.250000%", "-", "0.250000%"});
    CHECK(row_texts(k, "Frånvaro, sista perioden") == V{"0.100000%", "-", "0.100000%"});
    CHECK(row_texts(k, "Deltagartid, hela timmar") == V{"15.000000", "20.000000", "35.000000"});
    CHECK(row_texts(k, "Deltagartidens värde, kr") == V{"2700.000000", "3600.000000", "6300.000000"});
}

TEST_CASE("Summary: charts carry the figures they plot", "[report_summary]") {
    SummaryData data;
    const ReportSummary s = data.build().summary;
    std::vector<std::string> ids;
    for (const Chart& c : s.charts) ids.push_back(c.id);
    CHECK(ids == std::vector<std::string>{"status_by_sex", "participants_by_child", "step_movements", "time_per_month"});

    const Chart& status = chart(s, "status_by_sex");
    CHECK(status.kind == ChartKind::stacked_bars);
    CHECK(status.categories == std::vector<std::string>{"Studier", "Arbete", "Studier och arbete", "Avbrott"});
    CHECK(series_labels(status) == std::vector<std::string>{"Kvinnor", "Män"});
    CHECK(status.series[0].values == std::vector<double>{1, 0, 1, 0});
    CHECK(status.series[1].values == std::vector<double>{0, 1, 0, 1});

    const Chart& children = chart(s, "participants_by_child");
    CHECK(children.categories == std::vector<std::string>{"Kumla kommun", "Karlskoga/Degerfors"});
    CHECK(children.series[0].values == std::vector<double>{2, 1});
    CHECK(children.series[1].values == std::vector<double>{1, 1});

    const Chart& steps = chart(s, "step_movements");
    CHECK(steps.kind == ChartKind::grouped_columns);
    CHECK(steps.categories == std::vector<std::string>{"\u22121", "0", "+1", "+2", "+3", "+4"});
    CHECK(series_labels(steps) == std::vector<std::string>{"Självskattning <1–10>"});
    CHECK(steps.series[0].values == std::vector<double>{1, 0, 0, 0, 0, 1});

    const Chart& time = chart(s, "time_per_month");
    CHECK(time.categories == std::vector<std::string>{"2017-02", "2017-03"});
    CHECK(time.series[0].values == std::vector<double>{10, 5});
    CHECK(time.series[1].values == std::vector<double>{20, 0});

    // The figures table the XLSX chart reads and the HTML shows.
    const ReportTable t = chart_figures_table(time, "Sammanfattning");
    REQUIRE(t.rows.size() == 2);
    CHECK(t.columns[0].label == "Månad");
    CHECK(t.rows[0].cells[0].text == "2017-02");
    CHECK(t.rows[0].cells[1].value == 10);
    CHECK(t.rows[0].cells[2].value == 20);
}

TEST_CASE("Summary: a chart with no figures is left out and English labels come from the template", "[report_summary]") {
    Issue4Data d;
    d.period(kAnna, 0, "2017-01-10", "", std::nullopt);
    ProjectResults results(d.dataset, d.whole());
    const ReportSummary s = build_report_summary(*bundled_templates().summary, region_context(d, results, Language::en));
    // No exit, no scale, no hours: only participants per subproject is left.
    REQUIRE(s.charts.size() == 1);
    CHECK(s.charts[0].id == "participants_by_child");
    CHECK(s.charts[0].title == "Participants per subproject");
    CHECK(series_labels(s.charts[0]) == std::vector<std::string>{"Women", "Men"});
    CHECK(s.key_figures.columns[3].label == "Total");
    // No exited participant: the share is missing, never 0 %.
    for (const ReportRow& r : s.key_figures.rows)
        if (r.cells[0].text == "Share into studies or work of the exited") CHECK(r.cells[3].kind == CellKind::missing);
}

TEST_CASE("Summary template: an unknown figure or chart kind names the file and line", "[report_summary]") {
    TempDir dir("summary-template");
    const fs::path bundled = fs::path(ESFREPORT_SOURCE_DIR) / "templates" / "report";
    for (const auto& e : fs::directory_iterator(bundled)) fs::copy_file(e.path(), dir / e.path().filename().string());
    std::string text = read_file(bundled / "summary.toml");
    std::string bad_figure = text;
    bad_figure.replace(bad_figure.find("\"time.hours\""), 12, "\"time.minutes\"");
    write_file(dir / "summary.toml", bad_figure);
    CHECK_THAT(template_error(dir.path()),
               Catch::StartsWith((dir / "summary.toml").string() + ":60: 'row.figure': 'time.minutes' is not a summary figure (expected participants.<"));
    std::string bad_chart = text;
    bad_chart.replace(bad_chart.find("\"time_per_month\""), 16, "\"pie\"");
    write_file(dir / "summary.toml", bad_chart);
    CHECK_THROWS_MATCHES(load_report_templates(dir.path()), TemplateError,
                         Catch::Message((dir / "summary.toml").string() +
                                        ":90: 'chart.kind': 'pie' is not a chart (expected one of: status_by_sex, participants_by_child, "
                                        "step_movements, time_per_month)"));
    // Without summary.toml the reports have no summary page.
    fs::remove(dir / "summary.toml");
    CHECK_FALSE(load_report_templates(dir.path()).summary.has_value());
}

TEST_CASE("SVG chart: names from the configuration are escaped and the figures are its description", "[report_summary]") {
    Chart c;
    c.id = "status_by_sex";
    c.kind = ChartKind::stacked_bars;
    c.title = "Status <script>alert(1)</script> & \"Co\"";
    c.value_label = "Antal";
    c.categories = {"A&B <Kommun>", "Bad\x01name"};
    c.series = {{"Kvinnor 'K'", 0xE69F00, {1366, 2}}, {"Män", 0x0072B2, {3, 0}}};
    const chart_detail::PangoMeasure measure;
    const std::string svg = chart_detail::chart_svg(c, "chart-x", 480, 300, chart_detail::measure_with(measure), Language::sv);
    CHECK_THAT(svg, Catch::StartsWith("<svg class=\"chart\" viewBox=\"0 0 480 300\" role=\"img\" aria-labelledby=\"chart-x-title chart-x-desc\">"));
    CHECK_THAT(svg, Catch::Contains("<title id=\"chart-x-title\">Status &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;</title>"));
    CHECK_THAT(svg, Catch::Contains("<desc id=\"chart-x-desc\">Antal. A&amp;B &lt;Kommun&gt;: Kvinnor &#39;K&#39; 1\u00A0366, Män 3; "
                                    "Bad\uFFFDname: Kvinnor &#39;K&#39; 2, Män 0.</desc>"));
    CHECK(svg.find("<script") == std::string::npos);
    CHECK(svg.find('\x01') == std::string::npos);
    CHECK_THAT(svg, Catch::Contains("<title>A&amp;B &lt;Kommun&gt;, Kvinnor &#39;K&#39;: 1\u00A0366</title>"));
    CHECK(chart_detail::escape_markup("a<b>&\"'\x7f") == "a&lt;b&gt;&amp;&quot;&#39;\uFFFD");
}

TEST_CASE("HTML report: self-contained - accessible - escaped", "[report_summary]") {
    SummaryData data;
    data.d.config().subprojects[0].name = "Kumla <b>&</b> \"kommun\"";
    data.results = std::make_unique<ProjectResults>(data.d.dataset, data.d.whole());
    ReportDocument doc = data.build();
    const std::string html = report_html(doc);
    CHECK_THAT(html, Catch::StartsWith("<!DOCTYPE html>\n<html lang=\"sv\">"));
    // Nothing is fetched: no script, no src, no href, no url(), no @import, no http at all.
    for (const char* banned : {"<script", "src=", "href=", "url(", "@import", "http", "<link", "<img", "<iframe", "<object"})
        CHECK(html.find(banned) == std::string::npos);
    CHECK_THAT(html, Catch::Contains("<th scope=\"row\">Kumla &lt;b&gt;&amp;&lt;/b&gt; &quot;kommun&quot;</th>"));
    CHECK(html.find("<b>&</b>") == std::string::npos);
    CHECK_THAT(html, Catch::Contains("<th scope=\"col\" class=\"num\">Kvinnor</th>"));
    CHECK_THAT(html, Catch::Contains("<caption id=\"caption-summary\"><span class=\"title\">Nyckeltal</span>"));
    CHECK_THAT(html, Catch::Contains("<tr><th scope=\"row\">Deltagare</th><td class=\"num\">3</td><td class=\"num\">2</td><td class=\"num\">5</td></tr>"));
    CHECK_THAT(html, Catch::Contains("<td class=\"num\">75\u00A0%</td>"));
    CHECK_THAT(html, Catch::Contains("@media print"));
    // One SVG per chart, each role="img" with a title and a description.
    const std::regex svg("<svg [^>]*role=\"img\" aria-labelledby=\"(chart-[a-z-]+)-title \\1-desc\">\n<title id=\"\\1-title\">[^<]+</title>\n<desc id=\"\\1-desc\">");
    CHECK(std::distance(std::sregex_iterator(html.begin(), html.end(), svg), std::sregex_iterator()) == 4);
    CHECK_THAT(html, Catch::Contains("<title>2017-02, Män: 20</title>"));
}

TEST_CASE("Summary: the programme's report charts participants per region with each region's own figures", "[report_summary]") {
    SummaryData data;
    data.d.config().subprojects[1].region = "Värmland";
    data.results = std::make_unique<ProjectResults>(data.d.dataset, data.d.whole());
    FinalReportContext c = region_context(data.d, *data.results, Language::sv);
    c.scope = programme_scope(data.d.config());
    c.children = region_scopes(data.d.config());
    const ReportSummary s = build_report_summary(*bundled_templates().summary, c);
    const Chart& regions = chart(s, "participants_by_child");
    CHECK(regions.title == "Deltagare per region");
    CHECK(regions.category_label == "Region");
    // Örebro län = Kumla: Anna, Berit, David; Värmland = Karlskoga: Cecilia, Erik.
    CHECK(regions.categories == std::vector<std::string>{"Örebro län", "Värmland"});
    CHECK(regions.series[0].values == std::vector<double>{2, 1});
    CHECK(regions.series[1].values == std::vector<double>{1, 1});
    CHECK(row_texts(s.key_figures, "Deltagare") == std::vector<std::string>{"3.000000", "2.000000", "5.000000"});
}
