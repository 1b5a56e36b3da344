// Fills the report templates with metrics for one scope (a region or the
// programme) and returns the document both renderers draw.
#pragma once

#include <esfreport/core/results.hpp>
#include <esfreport/export/report_table.hpp>
#include <esfreport/export/report_template.hpp>

#include <cstdint>
#include <ctime>
#include <string>
#include <utility>
#include <vector>

namespace esfreport {

struct OutcomeFigures;

struct FinalReportContext {
    const Dataset* data = nullptr;
    const ProjectResults* results = nullptr;  // every figure, computed once per run
    ReportingPeriod period;
    Scope scope;                  // the region or the programme
    std::vector<Scope> children;  // its rows: subprojects of a region, regions of the programme
    Language language = Language::sv;
    std::time_t generated_at = 0;
    std::vector<std::pair<std::string, std::string>> plugins;  // name, version
    // `run --public`: every published figure with disclosure control applied;
    // the report shows what these show (export/public_report.hpp). nullptr:
    // the internal report, every figure as computed.
    const OutcomeFigures* disclosure = nullptr;
    // data->rejections per subproject (indexes, in the dataset's order), made
    // once per run by rejections_by_subproject(): a region's table 6b then
    // reads its own rejected rows, not the whole run's. nullptr: it reads all.
    const std::vector<std::vector<std::uint32_t>>* rejections_by_subproject = nullptr;
};

std::vector<std::vector<std::uint32_t>> rejections_by_subproject(const Dataset& data);

ReportDocument build_final_report(const DocumentTemplate& templates, const FinalReportContext& context);

// The scopes that get a report: each region, and the programme when it has
// more than one region. Each with its children.
std::vector<std::pair<Scope, std::vector<Scope>>> report_scopes(const ProjectConfig& config);

// "Örebro län" -> "orebro-lan": for file names.
std::string slug(const std::string& text);

}  // namespace esfreport
