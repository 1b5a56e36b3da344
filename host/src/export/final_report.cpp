#include <esfreport/export/final_report.hpp>
#include <esfreport/export/report_summary.hpp>

#include "report_builder.hpp"

#include <esfreport/core/outcome_figures.hpp>
#include <esfreport/export/public_report.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <tuple>

namespace fs = std::filesystem;

namespace esfreport::report_detail {

std::string period_text(const ReportingPeriod& p) { return p.from.iso() + " – " + p.to.iso(); }

std::string date_text(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
    return buf;
}

std::string sheet_name(std::string s) {
    for (char& c : s)
        if (std::string_view("[]:*?/\\").find(c) != std::string_view::npos) c = '-';
    // 31 characters at most, cut on a UTF-8 boundary.
    if (s.size() > 31) {
        std::size_t cut = 31;
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
        s.resize(cut);
    }
    return s;
}

[[noreturn]] void bad_value(const TableTemplate& t, const std::string& value) {
    throw TemplateError(t.file.string() + ": column value '" + value + "' is not known for rows = \"" + t.rows + "\"");
}

std::int64_t pick(const BySex& b, const std::optional<Sex>& sex) { return sex ? b[*sex] : b.total(); }

Cell cell_of(const FigureValue& v) {
    if (!v.present) return Cell::of_missing();
    switch (v.format) {
    case FigureFormat::count: return Cell::of_integer(v.value);
    case FigureFormat::percent: return Cell::of_percent(v.value, v.decimals);
    case FigureFormat::number: return Cell::of_number(v.value, v.decimals);
    }
    return Cell::of_missing();
}

Cell published(Cell cell, const Scope& scope, std::string_view measure, std::string_view category, const std::optional<Sex>& sex,
               bool share) {
    cell.disclosure = Disclosure::figure;
    cell.figure_key = figure_key(scope.kind, scope.id, measure, category, share);
    cell.figure_sex = sex ? std::string(to_string(*sex)) : "total";
    return cell;
}

Cell withheld(Cell cell) {
    cell.disclosure = Disclosure::withheld;
    return cell;
}

std::string relative_path(const std::string& path, const fs::path& base) {
    // A database input is named "<scheme>:<file> [table t]" (the sql plugin's
    // "sqlite:/srv/p/db/x.db [table hours]"): its file too, so that a report
    // does not depend on the folder the project was run from.
    const std::size_t colon = path.find(':');
    if (colon != std::string::npos && colon > 0 && colon + 1 < path.size() && path[colon + 1] == '/' &&
        std::all_of(path.begin(), path.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; })) {
        const std::size_t suffix = std::min(path.find(" [", colon), path.size());
        return path.substr(0, colon + 1) + relative_path(path.substr(colon + 1, suffix - colon - 1), base) + path.substr(suffix);
    }
    std::error_code ec;
    const fs::path rel = fs::path(path).lexically_relative(base);
    return rel.empty() || rel.string().rfind("..", 0) == 0 ? path : rel.string();
}

ReportBuilder::ReportBuilder(const DocumentTemplate& d, const FinalReportContext& c)
    : doc_(d), ctx_(c), data_(*c.data), config_(*c.data->config), lang_(c.language), scope_(c.results->of(c.scope)) {
    for (const Scope& child : ctx_.children) children_.push_back(&ctx_.results->of(child));
    in_scope_.assign(config_.subprojects.size(), false);
    for (const SubprojectIndex s : ctx_.scope.subprojects)
        if (s < in_scope_.size()) in_scope_[s] = true;
}

ReportDocument ReportBuilder::build() {
    ReportDocument out;
    out.title = doc_.title.in(lang_);
    out.author = doc_.author.in(lang_);
    out.project = config_.name;
    out.registration_number = config_.registration_number;
    out.scope = ctx_.scope.label;
    out.period = period_text(ctx_.period);
    out.generated_at = ctx_.generated_at;
    out.language = lang_;
    for (const TableTemplate& t : doc_.tables) out.tables.push_back(table(t));
    out.about_sheet_name = sheet_name(doc_.about_sheet.in(lang_));
    about(out);
    return out;
}

const std::string& ReportBuilder::text(const TableTemplate& t, const std::string& key) const {
    static const std::string empty;
    auto it = t.texts.find(key);
    return it == t.texts.end() ? empty : it->second.in(lang_);
}

std::string ReportBuilder::about_label(const std::string& key) const {
    auto it = doc_.about.find(key);
    return it == doc_.about.end() ? key : it->second.in(lang_);
}

ReportTable ReportBuilder::start(const TableTemplate& t, const std::vector<const TemplateColumn*>& cols) const {
    ReportTable rt;
    rt.id = t.id;
    rt.sheet_name = sheet_name(t.sheet.in(lang_));
    rt.title = t.title.in(lang_);
    rt.workbook_only = t.workbook_only;
    rt.subtitle = ctx_.scope.label + " · " + period_text(ctx_.period);
    bool any_group = false;
    for (const TemplateColumn* c : cols) any_group = any_group || c->group.has_value();
    // In the programme report the children are regions: their column says so.
    const std::string region_column = document_text("region_column", {});
    for (const TemplateColumn* c : cols) {
        const bool child_column = c->value == "label" || c->value == "block";
        if (child_column && ctx_.scope.kind == Scope::Kind::programme && !region_column.empty())
            rt.columns.push_back({region_column, c->numeric});
        else
            rt.columns.push_back({c->label.in(lang_), c->numeric});
        if (!any_group) continue;
        const std::string g = c->group ? c->group->in(lang_) : std::string();
        if (!rt.groups.empty() && rt.groups.back().label == g && !g.empty()) ++rt.groups.back().span;
        else rt.groups.push_back({g, 1});
    }
    return rt;
}

// Columns marked only_if_nonzero are dropped when their figure is zero in
// the whole scope (e.g. no participant of unknown sex).
std::vector<const TemplateColumn*> ReportBuilder::visible_columns(const TableTemplate& t) const {
    std::vector<const TemplateColumn*> out;
    for (const TemplateColumn& c : t.columns) {
        if (c.only_if_nonzero) {
            std::string_view figure;
            std::optional<Sex> sex;
            if (split_figure_key(c.value, figure, sex))
                if (auto b = metric_by_name(scope_.participants, figure); b && pick(*b, sex) == 0) continue;
        }
        out.push_back(&c);
    }
    return out;
}

ReportTable ReportBuilder::table(const TableTemplate& t) {
    if (t.rows == "children") return children_table(t);
    if (t.rows == "metrics") return metrics_table(t);
    if (t.rows == "inputs") return inputs_table(t);
    if (t.rows == "scales") return scales_table(t);
    if (t.rows == "attendance") return attendance_table(t);
    if (t.rows == "months") return months_table(t);
    return reasons_table(t);
}

void ReportBuilder::about(ReportDocument& out) const {
    ReportTable facts;
    facts.id = "about";
    facts.about_persons = false;
    facts.sheet_name = out.about_sheet_name;
    facts.title = about_label("title");
    facts.columns = {{about_label("fact"), false}, {about_label("value"), false}};
    auto add = [&](const std::string& k, const std::string& v) { facts.rows.push_back({{Cell::of_text(about_label(k)), Cell::of_text(v)}}); };
    add("project", config_.name);
    if (!config_.registration_number.empty()) add("registration_number", config_.registration_number);
    add("scope", ctx_.scope.label);
    add("period", period_text(ctx_.period));
    add("generated", date_text(ctx_.generated_at));
    add("config", config_.file.filename().string());
    add("config_digest", config_.sha256);
    add("suppression", ctx_.disclosure ? with_threshold(about_label("suppression_on"), ctx_.disclosure->k) : about_label("suppression_off"));
    out.about.push_back(std::move(facts));

    ReportTable inputs;
    inputs.id = "about-inputs";
    inputs.about_persons = false;
    inputs.sheet_name = out.about_sheet_name;
    inputs.title = about_label("inputs_title");
    inputs.columns = {{about_label("subproject"), false}, {about_label("file"), false}, {about_label("sha256"), false}, {about_label("rows_read"), true}};
    const fs::path base = config_.file.parent_path();
    for (const InputRecord& in : data_.inputs) {
        if (!in_scope(in.subproject)) continue;
        inputs.rows.push_back({{Cell::of_text(config_.subprojects[in.subproject].name), Cell::of_text(relative_path(in.path, base)),
                                Cell::of_text(in.sha256), Cell::of_integer(double(in.rows_read))}});
    }
    out.about.push_back(std::move(inputs));

    ReportTable plugins;
    plugins.id = "about-plugins";
    plugins.about_persons = false;
    plugins.sheet_name = out.about_sheet_name;
    plugins.title = about_label("plugins_title");
    plugins.columns = {{about_label("plugin"), false}, {about_label("version"), false}};
    for (const auto& [name, version] : ctx_.plugins) plugins.rows.push_back({{Cell::of_text(name), Cell::of_text(version)}});
    out.about.push_back(std::move(plugins));
}

}  // namespace esfreport::report_detail

namespace esfreport {

std::vector<std::vector<std::uint32_t>> rejections_by_subproject(const Dataset& data) {
    std::vector<std::vector<std::uint32_t>> out(data.config->subprojects.size());
    for (std::size_t i = 0; i < data.rejections.size(); ++i) {
        const SubprojectIndex s = data.rejections[i].subproject;
        if (s >= out.size()) out.resize(s + 1u);
        out[s].push_back(static_cast<std::uint32_t>(i));
    }
    return out;
}

ReportDocument build_final_report(const DocumentTemplate& templates, const FinalReportContext& context) {
    ReportDocument doc = report_detail::ReportBuilder(templates, context).build();
    // The summary reads figures without the disclosure marking the tables
    // carry, so a public report has none (docs/public-report.md).
    if (templates.summary && !context.disclosure) doc.summary = build_report_summary(*templates.summary, context);
    if (context.disclosure) {
        const auto text = [&](const std::string& key) {
            const auto it = templates.about.find(key);
            return with_threshold(it == templates.about.end() ? key : it->second.in(context.language), context.disclosure->k);
        };
        apply_disclosure_control(doc, *context.disclosure, {text("suppression_note"), text("other_sex"), text("other_sex_note")});
    }
    return doc;
}

std::vector<std::pair<Scope, std::vector<Scope>>> report_scopes(const ProjectConfig& config) {
    std::vector<std::pair<Scope, std::vector<Scope>>> out;
    const std::vector<Scope> subprojects = subproject_scopes(config);
    const std::vector<Scope> regions = region_scopes(config);
    for (const Scope& region : regions) {
        std::vector<Scope> children;
        for (SubprojectIndex s : region.subprojects) children.push_back(subprojects[s]);
        out.emplace_back(region, std::move(children));
    }
    if (regions.size() > 1) out.emplace_back(programme_scope(config), regions);
    return out;
}

std::string slug(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        char mapped = 0;
        if (c == 0xC3 && i + 1 < text.size()) {
            const unsigned char n = static_cast<unsigned char>(text[++i]);
            mapped = (n == 0x85 || n == 0x84 || n == 0xA5 || n == 0xA4) ? 'a' : (n == 0x96 || n == 0xB6) ? 'o'
                   : (n == 0x89 || n == 0xA9) ? 'e' : '-';
        } else if (std::isalnum(c)) {
            mapped = static_cast<char>(std::tolower(c));
        } else {
            mapped = '-';
        }
        if (mapped == '-' && (out.empty() || out.back() == '-')) continue;
        out += mapped;
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out.empty() ? "report" : out;
}

}  // namespace esfreport
