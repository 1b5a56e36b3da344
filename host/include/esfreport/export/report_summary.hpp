// The summary page a report opens with: key figures by sex and the charts of
// templates/report/summary.toml, for one scope. Every figure is looked up by
// name in the scope's results (core/figures.hpp), as the tables do, so the
// summary cannot disagree with tables 1-5.
//
// Decisions where the issue is silent:
// - Columns and series are women, men, and non-binary / sex unknown only when
//   the scope has such participants (as in the tables); then the total.
// - The share into studies or work is of the exited participants of the same
//   sex, rounded to whole percent as in table 2.
// - Step movements are charted per ordinal scale as measured participants per
//   movement in steps (never averaged across scales); categorical scales have
//   no movement and are left out.
// - A chart with no figure in the scope (no exits, no measured scale, no
//   recorded time, a report without children) is left out, not drawn empty.
#pragma once

#include <esfreport/export/final_report.hpp>

#include <string_view>
#include <vector>

namespace esfreport {

// The chart kinds a summary template may name, in no particular order.
const std::vector<std::string_view>& summary_chart_kinds();

ReportSummary build_report_summary(const SummaryTemplate& templ, const FinalReportContext& context);

// The figures a chart plots, as a table: one row per category, one column per
// series. The XLSX chart reads its values from this table on the summary
// sheet; the HTML shows it under the chart.
ReportTable chart_figures_table(const Chart& chart, const std::string& sheet_name);

}  // namespace esfreport
