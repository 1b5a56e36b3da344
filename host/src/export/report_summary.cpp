#include <esfreport/export/report_summary.hpp>

#include "report_builder.hpp"

#include <esfreport/core/figures.hpp>

#include <algorithm>
#include <functional>
#include <map>

namespace esfreport {
namespace {

using report_detail::cell_of;
using report_detail::period_text;

// Okabe & Ito's palette: distinguishable with the common colour-vision deficiencies.
constexpr std::uint32_t kSexColour[kSexCount] = {0xE69F00, 0x0072B2, 0x009E73, 0x999999};
// Scales get the colours the sexes do not use, so a series is never read as a sex.
constexpr std::uint32_t kScaleColours[] = {0xCC79A7, 0xD55E00, 0x56B4E9, 0xF0E442, 0x009E73};

constexpr Sex kSexes[] = {Sex::female, Sex::male, Sex::non_binary, Sex::unknown};

FigureValue participant_figure(const ParticipantMetrics& m, std::string_view name, std::optional<Sex> sex) {
    const FigureDef<ParticipantMetrics>* f = find_figure(participant_figures(), name);
    if (!f) throw std::logic_error("no participant figure '" + std::string(name) + "'");
    return f->get(m, sex);
}

void replace_all(std::string& text, const std::string& key, const std::string& value) {
    for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size())) text.replace(at, key.size(), value);
}

class SummaryBuilder {
public:
    SummaryBuilder(const SummaryTemplate& t, const FinalReportContext& c)
        : t_(t), c_(c), config_(*c.data->config), lang_(c.language), scope_(c.results->of(c.scope)) {
        // Women and men always; the other sexes when the scope has any.
        for (Sex s : kSexes)
            if (s == Sex::female || s == Sex::male || scope_.participants.unique[s] > 0) sexes_.push_back(s);
    }

    ReportSummary build() {
        ReportSummary out;
        out.sheet_name = report_detail::sheet_name(t_.sheet.in(lang_));
        out.title = t_.title.in(lang_);
        out.figures_label = t_.figures_label.in(lang_);
        out.key_figures = key_figures(out.sheet_name);
        static const std::map<std::string_view, std::optional<Chart> (SummaryBuilder::*)(const SummaryChart&) const> kinds = {
            {"status_by_sex", &SummaryBuilder::status_by_sex},
            {"participants_by_child", &SummaryBuilder::participants_by_child},
            {"step_movements", &SummaryBuilder::step_movements},
            {"time_per_month", &SummaryBuilder::time_per_month},
        };
        for (const SummaryChart& sc : t_.charts) {
            const auto kind = kinds.find(sc.kind);
            if (kind == kinds.end()) throw TemplateError(t_.file.string() + ": unknown chart kind '" + sc.kind + "'");
            if (std::optional<Chart> chart = (this->*(kind->second))(sc)) out.charts.push_back(std::move(*chart));
        }
        return out;
    }

private:
    std::string sex_label(std::optional<Sex> sex) const {
        return t_.sex.at(sex ? std::string(to_string(*sex)) : std::string("total")).in(lang_);
    }

    ReportTable key_figures(const std::string& sheet) const {
        ReportTable rt;
        rt.id = "summary";
        rt.sheet_name = sheet;
        rt.title = t_.key_figures_title.in(lang_);
        rt.subtitle = c_.scope.label + " · " + period_text(c_.period);
        rt.columns.push_back({t_.figure_label.in(lang_), false});
        std::vector<std::optional<Sex>> columns(sexes_.begin(), sexes_.end());
        columns.push_back(std::nullopt);
        for (const std::optional<Sex>& s : columns) rt.columns.push_back({sex_label(s), true});

        auto add = [&](const std::string& label, const std::function<Cell(std::optional<Sex>)>& cell) {
            ReportRow row;
            row.cells.push_back(Cell::of_text(label));
            for (const std::optional<Sex>& s : columns) row.cells.push_back(cell(s));
            rt.rows.push_back(std::move(row));
        };
        for (const SummaryRow& r : t_.rows) {
            const auto dot = r.figure.find('.');
            const std::string kind = r.figure.substr(0, dot);
            const std::string name = r.figure.substr(dot + 1);
            const std::string label = r.label.in(lang_);
            if (kind == "participants") {
                const ParticipantMetrics& m = scope_.participants;
                if (r.denominator.empty()) {
                    add(label, [&](std::optional<Sex> s) { return cell_of(participant_figure(m, name, s)); });
                    continue;
                }
                // A share of another figure of the same sex, as table 2 shows it.
                add(label, [&](std::optional<Sex> s) {
                    return cell_of(participant_share(std::int64_t(participant_figure(m, name, s).value),
                                                     std::int64_t(participant_figure(m, r.denominator, s).value)));
                });
            } else if (kind == "scales") {
                const FigureDef<ScaleMovements>* f = find_figure(scale_figures(), name);
                for (const ScaleMovements& m : scope_.steps.scales) {
                    if (m.kind != ScaleKind::ordinal) continue;
                    std::string scale_label = label;
                    replace_all(scale_label, "{scale}", config_.scales[m.scale].label);
                    add(scale_label, [&](std::optional<Sex> s) { return cell_of(f->get(m, s)); });
                }
            } else if (kind == "attendance") {
                const FigureDef<AttendanceRow>* f = find_figure(attendance_figures(), name);
                const AttendanceRow row{&scope_.attendance, 0};
                add(label, [&](std::optional<Sex> s) { return cell_of(f->get(row, s)); });
            } else if (kind == "time") {
                const FigureDef<TimeRow>* f = find_figure(time_figures(), name);
                const TimeRow row = TimeRow::of(scope_.time);
                add(label, [&](std::optional<Sex> s) { return cell_of(f->get(row, s)); });
            } else {
                throw TemplateError(t_.file.string() + ": unknown summary figure '" + r.figure + "'");
            }
        }
        return rt;
    }

    Chart start(const SummaryChart& sc, ChartKind kind, const std::string& id) const {
        Chart chart;
        chart.id = id;
        chart.kind = kind;
        const bool programme = c_.scope.kind == Scope::Kind::programme;
        chart.title = (programme && sc.programme_title ? *sc.programme_title : sc.title).in(lang_);
        chart.category_label = (programme && sc.programme_category ? *sc.programme_category : sc.category).in(lang_);
        chart.value_label = sc.value.in(lang_);
        return chart;
    }

    // One series per sex shown, with `value(sex, category index)`.
    void sex_series(Chart& chart, const std::function<double(Sex, std::size_t)>& value) const {
        for (Sex s : sexes_) {
            ChartSeries series{sex_label(s), kSexColour[static_cast<int>(s)], {}};
            for (std::size_t i = 0; i < chart.categories.size(); ++i) series.values.push_back(value(s, i));
            chart.series.push_back(std::move(series));
        }
    }

    std::optional<Chart> status_by_sex(const SummaryChart& sc) const {
        Chart chart = start(sc, ChartKind::stacked_bars, sc.kind);
        std::vector<std::string> figures;
        for (int i = 0; i < kStatusAtExitCount; ++i) {
            const std::string token(to_string(static_cast<StatusAtExit>(i)));
            if (participant_figure(scope_.participants, "status." + token, std::nullopt).value == 0) continue;
            chart.categories.push_back(t_.status.at(token).in(lang_));
            figures.push_back("status." + token);
        }
        if (chart.categories.empty()) return std::nullopt;
        sex_series(chart, [&](Sex s, std::size_t i) { return participant_figure(scope_.participants, figures[i], s).value; });
        return chart;
    }

    std::optional<Chart> participants_by_child(const SummaryChart& sc) const {
        if (c_.children.empty()) return std::nullopt;
        Chart chart = start(sc, ChartKind::stacked_bars, sc.kind);
        std::vector<const ScopeResults*> children;
        for (const Scope& child : c_.children) {
            children.push_back(&c_.results->of(child));
            chart.categories.push_back(child.label);
        }
        sex_series(chart, [&](Sex s, std::size_t i) { return participant_figure(children[i]->participants, "unique", s).value; });
        return chart;
    }

    std::optional<Chart> step_movements(const SummaryChart& sc) const {
        std::vector<const ScaleMovements*> scales;
        int low = 0, high = 0;
        for (const ScaleMovements& m : scope_.steps.scales) {
            if (m.kind != ScaleKind::ordinal || m.distribution.empty()) continue;
            scales.push_back(&m);
            low = std::min(low, m.distribution.begin()->first);
            high = std::max(high, m.distribution.rbegin()->first);
        }
        if (scales.empty()) return std::nullopt;
        Chart chart = start(sc, ChartKind::grouped_columns, sc.kind);
        // Every step from the largest fall to the largest rise, so the axis has no gaps.
        for (int step = low; step <= high; ++step)
            chart.categories.push_back(step < 0 ? "\u2212" + std::to_string(-step) : step > 0 ? "+" + std::to_string(step) : "0");
        for (std::size_t k = 0; k < scales.size(); ++k) {
            const ScaleMovements& m = *scales[k];
            ChartSeries series{config_.scales[m.scale].label, kScaleColours[k % std::size(kScaleColours)], {}};
            for (int step = low; step <= high; ++step) {
                const auto found = m.distribution.find(step);
                series.values.push_back(found == m.distribution.end() ? 0.0 : double(found->second.total()));
            }
            chart.series.push_back(std::move(series));
        }
        return chart;
    }

    std::optional<Chart> time_per_month(const SummaryChart& sc) const {
        if (scope_.time.months.empty()) return std::nullopt;
        Chart chart = start(sc, ChartKind::stacked_columns, sc.kind);
        for (const MonthTime& m : scope_.time.months) chart.categories.push_back(month_text(m.month));
        const FigureDef<TimeRow>* hours = find_figure(time_figures(), "hours");
        sex_series(chart, [&](Sex s, std::size_t i) { return hours->get(TimeRow::of(scope_.time.months[i]), s).value; });
        return chart;
    }

    const SummaryTemplate& t_;
    const FinalReportContext& c_;
    const ProjectConfig& config_;
    Language lang_;
    const ScopeResults& scope_;
    std::vector<Sex> sexes_;
};

}  // namespace

const std::vector<std::string_view>& summary_chart_kinds() {
    static const std::vector<std::string_view> kinds = {"status_by_sex", "participants_by_child", "step_movements", "time_per_month"};
    return kinds;
}

ReportSummary build_report_summary(const SummaryTemplate& templ, const FinalReportContext& context) {
    return SummaryBuilder(templ, context).build();
}

ReportTable chart_figures_table(const Chart& chart, const std::string& sheet_name) {
    ReportTable rt;
    rt.id = "chart-" + chart.id;
    rt.sheet_name = sheet_name;
    rt.title = chart.title;
    rt.subtitle = chart.value_label;
    rt.columns.push_back({chart.category_label, false});
    for (const ChartSeries& s : chart.series) rt.columns.push_back({s.label, true});
    for (std::size_t i = 0; i < chart.categories.size(); ++i) {
        ReportRow row;
        row.cells.push_back(Cell::of_text(chart.categories[i]));
        for (const ChartSeries& s : chart.series)
            row.cells.push_back(chart.whole_numbers ? Cell::of_integer(s.values.at(i)) : Cell::of_number(s.values.at(i), 1));
        rt.rows.push_back(std::move(row));
    }
    return rt;
}

}  // namespace esfreport
