// The final-report files of `esfreport run`: one XLSX and one PDF per region
// (and for the programme when there are several regions).
#pragma once

#include "commands.hpp"

#include <esfreport/export/report_table.hpp>
#include <esfreport/runtime/output_set.hpp>

#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

namespace esfreport::cli {

struct ReportOutputOptions {
    Language language = Language::sv;
    std::time_t generated_at = 0;
    std::filesystem::path template_dir;  // empty: the bundled templates
};

// The names of the files `run` writes, decided from the configuration before
// any data is read. Scope names that give the same slug ("Örebro län" and
// "Orebro lan", a region named like the project) are made unique in the
// order of report_scopes(): the first keeps its name, the next gets "-2"...
struct ReportOutputPlan {
    std::vector<std::string> scope_stems;  // per report_scopes(config): "slutrapport-orebro-lan"
    std::string participant_sheet;         // "deltagartid-per-deltagare.xlsx"
    std::string rejected = "rejected.csv";
    std::string manifest = "manifest.json";
};
ReportOutputPlan plan_report_outputs(const ProjectConfig& config, Language language);

void write_report_outputs(const Session& session, const ReportOutputOptions& options, const ReportOutputPlan& plan,
                          OutputSet& out);

}  // namespace esfreport::cli
