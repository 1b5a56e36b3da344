#include <esfreport/export/report_template.hpp>

#include <esfreport/core/figures.hpp>
#include <esfreport/core/limits.hpp>
#include <esfreport/core/regular_file.hpp>
#include <esfreport/export/report_summary.hpp>

#include <toml++/toml.h>

#include <algorithm>
#include <functional>

namespace fs = std::filesystem;

namespace esfreport {
namespace {

[[noreturn]] void fail(const fs::path& file, const toml::node* n, const std::string& key, const std::string& what) {
    std::string m = file.string();
    if (n && n->source().begin.line > 0) m += ":" + std::to_string(n->source().begin.line);
    throw TemplateError(m + ": '" + key + "': " + what);
}

// Read as bytes first: only a regular file of at most kMaxTemplateBytes, so a
// template that is a FIFO or /dev/zero is an error, not a hang.
toml::table parse(const fs::path& file) {
    std::string text;
    try {
        text = read_regular_file(file, kMaxTemplateBytes, "report template");
    } catch (const FileReadError& e) {
        throw TemplateError(e.what());
    }
    try {
        return toml::parse(text, file.string());
    } catch (const toml::parse_error& e) {
        throw TemplateError(file.string() + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
    }
}

Labels labels(const fs::path& file, const toml::table& t, const std::string& key, bool required = true) {
    const toml::node* n = t.get(key);
    if (!n) {
        if (required) fail(file, &t, key, "missing");
        return {};
    }
    if (auto s = n->value<std::string>()) return {*s, *s};
    const toml::table* lt = n->as_table();
    if (!lt || !lt->get("sv")) fail(file, n, key, "expected { sv = \"...\", en = \"...\" }");
    Labels l;
    l.sv = lt->get("sv")->value<std::string>().value_or("");
    l.en = lt->get("en") ? lt->get("en")->value<std::string>().value_or("") : "";
    return l;
}

std::string text(const fs::path& file, const toml::table& t, const std::string& key, const std::string& fallback = {}) {
    const toml::node* n = t.get(key);
    if (!n) return fallback;
    auto s = n->value<std::string>();
    if (!s) fail(file, n, key, "expected a text");
    return *s;
}

bool flag(const fs::path& file, const toml::table& t, const std::string& key, bool fallback) {
    const toml::node* n = t.get(key);
    if (!n) return fallback;
    auto b = n->as_boolean();
    if (!b) fail(file, n, key, "expected true or false");
    return b->get();
}

RowStyle style(const fs::path& file, const toml::table& t) {
    const std::string s = text(file, t, "style", "normal");
    if (s == "normal") return RowStyle::normal;
    if (s == "highlight") return RowStyle::highlight;
    if (s == "total") return RowStyle::total;
    if (s == "note") return RowStyle::note;
    fail(file, t.get("style"), "style", "expected normal, highlight, total or note");
}

// What the columns of a table may show, per kind of rows: layout values (a
// name, a label, a file) and figures "<figure>.<sex>" from the one table of
// figure names in core/figures.hpp that the report builder looks them up in.
struct RowsKind {
    std::string_view rows;
    std::vector<std::string_view> layout;
    std::function<bool(std::string_view)> is_figure;  // empty: no figures
    std::function<std::string()> figures;
};

template <class Row>
RowsKind with_figures(std::string_view rows, std::vector<std::string_view> layout, const FigureTable<Row>& (*table)()) {
    return {rows, std::move(layout), [table](std::string_view f) { return find_figure(table(), f) != nullptr; },
            [table] { return figure_names(table()); }};
}

const std::vector<RowsKind>& rows_kinds() {
    static const std::vector<RowsKind> kinds = {
        with_figures("children", {"label", "target_ages_in_school", "target_ages_outside_school", "other_affected"}, participant_figures),
        // One block per scope, one row per [[row]] metric: the column picks the
        // row's count, its share of the denominator, or the denominator.
        {"metrics", {"block", "row"}, [](std::string_view f) { return f == "count" || f == "share" || f == "denominator"; },
         [] { return std::string("count, share, denominator"); }},
        with_figures("scales", {"block", "scale", "distribution"}, scale_figures),
        with_figures("attendance", {"label"}, attendance_figures),
        with_figures("months", {"block", "month", "unit_cost"}, time_figures),
        {"inputs", {"subproject", "kind", "file", "rows_read", "rows_accepted", "rows_rejected", "rejected_share"}, {}, {}},
        {"rejection_reasons", {"subproject", "column", "reason", "rows", "first_line"}, {}, {}},
    };
    return kinds;
}

std::string joined(const std::vector<std::string_view>& names) {
    std::string out;
    for (std::string_view n : names) out += (out.empty() ? "" : ", ") + std::string(n);
    return out;
}

void check_column_value(const fs::path& file, const toml::table& column, const RowsKind& kind, const std::string& value) {
    for (std::string_view v : kind.layout)
        if (v == value) return;
    std::string_view figure;
    std::optional<Sex> sex;
    if (kind.is_figure && split_figure_key(value, figure, sex) && kind.is_figure(figure)) return;
    std::string expected = joined(kind.layout);
    if (kind.is_figure) expected += ", or <figure>.<female|male|non_binary|unknown|total> with figure one of: " + kind.figures();
    fail(file, column.get("value"), "column.value",
         "'" + value + "' is not known for rows = \"" + std::string(kind.rows) + "\" (expected " + expected + ")");
}

void check_participant_figure(const fs::path& file, const toml::table& t, const std::string& key, const std::string& name) {
    if (find_figure(participant_figures(), name)) return;
    fail(file, t.get(key), key, "'" + name + "' is not a participant figure (expected one of: " + figure_names(participant_figures()) + ")");
}

TableTemplate load_table(const fs::path& file) {
    const toml::table t = parse(file);
    TableTemplate tt;
    tt.file = file;
    tt.id = text(file, t, "id");
    if (tt.id.empty()) fail(file, &t, "id", "missing");
    tt.sheet = labels(file, t, "sheet");
    tt.title = labels(file, t, "title");
    tt.rows = text(file, t, "rows");
    tt.workbook_only = flag(file, t, "workbook_only", false);
    const RowsKind* kind = nullptr;
    std::vector<std::string_view> kind_names;
    for (const RowsKind& k : rows_kinds()) {
        if (k.rows == tt.rows) kind = &k;
        kind_names.push_back(k.rows);
    }
    if (!kind) fail(file, t.get("rows"), "rows", "expected one of: " + joined(kind_names));
    tt.activity_rows = flag(file, t, "activity_rows", false);
    if (tt.activity_rows && tt.rows != "children" && tt.rows != "metrics" && tt.rows != "scales")
        fail(file, t.get("activity_rows"), "activity_rows", "only rows = \"children\", \"metrics\" or \"scales\" have rows per activity");
    tt.layout = text(file, t, "layout", "long");
    {
        const std::string expected = tt.rows == "metrics" ? "\"long\" or \"wide\""
                                     : tt.rows == "months" ? "\"long\", \"wide\" or \"period\""
                                                           : "\"long\"";
        if (expected.find("\"" + tt.layout + "\"") == std::string::npos)
            fail(file, t.get("layout"), "layout", "expected " + expected + " for rows = \"" + tt.rows + "\"");
    }
    tt.denominator = text(file, t, "denominator");
    if (!tt.denominator.empty()) check_participant_figure(file, t, "denominator", tt.denominator);
    for (auto&& [k, v] : t) {
        const std::string key(k.str());
        if (key.size() > 6 && (key.rfind("_label") == key.size() - 6 || key.rfind("_note") == key.size() - 5))
            tt.texts[key] = labels(file, t, key);
        else if (key.size() > 5 && key.rfind("_note") == key.size() - 5)
            tt.texts[key] = labels(file, t, key);
    }
    const toml::array* cols = t.get("column") ? t.get("column")->as_array() : nullptr;
    if (!cols || cols->empty()) fail(file, &t, "column", "expected [[column]] tables");
    for (auto&& c : *cols) {
        const toml::table* ct = c.as_table();
        if (!ct) fail(file, &c, "column", "expected a table");
        TemplateColumn col;
        col.value = text(file, *ct, "value");
        if (col.value.empty()) fail(file, ct, "column.value", "missing");
        // Wide: the sex comes from the block of rows, the metric from [[row]].
        if (tt.layout == "wide" && tt.rows == "metrics") {
            if (col.value != "sex" && col.value != "block" && col.value != "count" && col.value != "share")
                fail(file, ct->get("value"), "column.value", "'" + col.value + "' is not known for layout = \"wide\" (expected sex, block, count, share)");
        } else {
            check_column_value(file, *ct, *kind, col.value);
        }
        col.label = labels(file, *ct, "label");
        if (ct->get("group")) col.group = labels(file, *ct, "group");
        const bool textual = col.value == "label" || col.value == "block" || col.value == "row" || col.value == "sex" ||
                             col.value.rfind("target_ages", 0) == 0;
        col.numeric = flag(file, *ct, "numeric", !textual);
        col.only_if_nonzero = flag(file, *ct, "only_if_nonzero", false);
        col.scope_only = flag(file, *ct, "scope_only", false);
        tt.columns.push_back(std::move(col));
    }
    if (const toml::node* rn = t.get("row")) {
        const toml::array* rows = rn->as_array();
        if (!rows) fail(file, rn, "row", "expected [[row]] tables");
        for (auto&& r : *rows) {
            const toml::table* rt = r.as_table();
            if (!rt) fail(file, &r, "row", "expected a table");
            TemplateRow row;
            row.metric = text(file, *rt, "metric");
            check_participant_figure(file, *rt, "metric", row.metric);
            row.label = labels(file, *rt, "label");
            row.style = style(file, *rt);
            row.share = flag(file, *rt, "share", true);
            tt.row_defs.push_back(std::move(row));
        }
    }
    if (tt.rows == "metrics" && tt.row_defs.empty()) fail(file, &t, "row", "rows = \"metrics\" needs [[row]] tables");
    return tt;
}

// "participants.unique" -> checked against the figure table of its kind.
void check_summary_figure(const fs::path& file, const toml::table& row, const std::string& figure) {
    const auto dot = figure.find('.');
    const std::string kind = figure.substr(0, dot);
    const std::string name = dot == std::string::npos ? std::string() : figure.substr(dot + 1);
    const std::vector<std::pair<std::string, std::function<bool(std::string_view)>>> kinds = {
        {"participants", [](std::string_view n) { return find_figure(participant_figures(), n) != nullptr; }},
        {"scales", [](std::string_view n) { return find_figure(scale_figures(), n) != nullptr; }},
        {"attendance", [](std::string_view n) { return find_figure(attendance_figures(), n) != nullptr; }},
        {"time", [](std::string_view n) { return find_figure(time_figures(), n) != nullptr; }},
    };
    for (const auto& [k, known] : kinds)
        if (k == kind && known(name)) return;
    fail(file, row.get("figure"), "row.figure",
         "'" + figure + "' is not a summary figure (expected participants.<" + figure_names(participant_figures()) + ">, scales.<" +
             figure_names(scale_figures()) + ">, attendance.<" + figure_names(attendance_figures()) + "> or time.<" +
             figure_names(time_figures()) + ">)");
}

std::map<std::string, Labels> label_set(const fs::path& file, const toml::table& t, const std::string& key,
                                        const std::vector<std::string>& names) {
    const toml::table* set = t.get(key) ? t.get(key)->as_table() : nullptr;
    if (!set) fail(file, &t, key, "expected a [" + key + "] table");
    std::map<std::string, Labels> out;
    for (const std::string& name : names) out[name] = labels(file, *set, name);
    return out;
}

const toml::array& table_array(const fs::path& file, const toml::table& t, const std::string& key) {
    const toml::array* a = t.get(key) ? t.get(key)->as_array() : nullptr;
    if (!a || a->empty()) fail(file, &t, key, "expected [[" + key + "]] tables");
    for (auto&& n : *a)
        if (!n.as_table()) fail(file, &n, key, "expected a table");
    return *a;
}

SummaryTemplate load_summary(const fs::path& file) {
    const toml::table t = parse(file);
    SummaryTemplate s;
    s.file = file;
    s.sheet = labels(file, t, "sheet");
    s.title = labels(file, t, "title");
    s.key_figures_title = labels(file, t, "key_figures_title");
    s.figure_label = labels(file, t, "figure_label");
    s.figures_label = labels(file, t, "figures_label");
    s.sex = label_set(file, t, "sex", {"female", "male", "non_binary", "unknown", "total"});
    std::vector<std::string> statuses;
    for (int i = 0; i < kStatusAtExitCount; ++i) statuses.emplace_back(to_string(static_cast<StatusAtExit>(i)));
    s.status = label_set(file, t, "status", statuses);
    for (auto&& n : table_array(file, t, "row")) {
        const toml::table& rt = *n.as_table();
        SummaryRow row;
        row.figure = text(file, rt, "figure");
        check_summary_figure(file, rt, row.figure);
        row.denominator = text(file, rt, "denominator");
        if (!row.denominator.empty()) {
            if (row.figure.rfind("participants.", 0) != 0)
                fail(file, rt.get("denominator"), "row.denominator", "only a participants figure has a denominator");
            check_participant_figure(file, rt, "denominator", row.denominator);
        }
        row.label = labels(file, rt, "label");
        s.rows.push_back(std::move(row));
    }
    for (auto&& n : table_array(file, t, "chart")) {
        const toml::table& ct = *n.as_table();
        SummaryChart chart;
        chart.kind = text(file, ct, "kind");
        const auto& kinds = summary_chart_kinds();
        if (std::find(kinds.begin(), kinds.end(), chart.kind) == kinds.end())
            fail(file, ct.get("kind"), "chart.kind", "'" + chart.kind + "' is not a chart (expected one of: " + joined(kinds) + ")");
        chart.title = labels(file, ct, "title");
        chart.category = labels(file, ct, "category");
        chart.value = labels(file, ct, "value");
        if (ct.get("programme_title")) chart.programme_title = labels(file, ct, "programme_title");
        if (ct.get("programme_category")) chart.programme_category = labels(file, ct, "programme_category");
        s.charts.push_back(std::move(chart));
    }
    return s;
}

}  // namespace

DocumentTemplate load_report_templates(const fs::path& dir) {
    const fs::path file = dir / "document.toml";
    if (!fs::exists(file)) throw TemplateError(file.string() + ": report template not found");
    const toml::table t = parse(file);
    DocumentTemplate d;
    d.dir = dir;
    d.title = labels(file, t, "title");
    d.author = labels(file, t, "author");
    d.about_sheet = labels(file, t, "about_sheet");
    if (const toml::table* about = t.get("about") ? t.get("about")->as_table() : nullptr)
        for (auto&& [k, v] : *about) d.about[std::string(k.str())] = labels(file, *about, std::string(k.str()));
    if (const toml::table* texts = t.get("texts") ? t.get("texts")->as_table() : nullptr)
        for (auto&& [k, v] : *texts) d.texts[std::string(k.str())] = labels(file, *texts, std::string(k.str()));
    const toml::array* tables = t.get("tables") ? t.get("tables")->as_array() : nullptr;
    if (!tables) fail(file, &t, "tables", "expected a list of table template files");
    for (auto&& n : *tables) {
        auto name = n.value<std::string>();
        if (!name) fail(file, &n, "tables", "expected file names");
        const fs::path tf = dir / *name;
        if (!fs::exists(tf)) fail(file, &n, "tables", "no such template file: " + tf.string());
        d.tables.push_back(load_table(tf));
    }
    if (const fs::path summary = dir / "summary.toml"; fs::exists(summary)) d.summary = load_summary(summary);
    return d;
}

}  // namespace esfreport
