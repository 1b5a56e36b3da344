// The final-report files of `esfreport run`: one XLSX, PDF and HTML file per region
// (and for the programme when there are several regions).
#pragma once

#include "commands.hpp"

#include <esfreport/export/report_table.hpp>
#include <esfreport/export/report_template.hpp>
#include <esfreport/runtime/output_set.hpp>

#include <ctime>
#include <memory>
#include <filesystem>
#include <string>
#include <vector>

namespace esfreport {
class ProjectResults;
struct OutcomeFigures;
}

namespace esfreport::cli {

// Every figure of the session's data over the configured period, once per
// scope. Throws ConfigError when a month with hours has no unit cost.
std::unique_ptr<ProjectResults> project_results(const Session& session);

struct ReportOutputOptions {
    Language language = Language::sv;
    std::time_t generated_at = 0;
    std::filesystem::path template_dir;  // empty: the bundled templates
    // --no-participant-time-sheet; the configuration's
    // project.participant_time_sheets = false has the same effect.
    bool participant_time_sheets = true;
    // run --public: the report tables only, with disclosure control
    // (k = [project] disclosure_k); nothing that holds a personnummer.
    bool public_report = false;
};

// What `run` writes, decided from the configuration before any data is read:
// the report templates, loaded and checked (an unknown figure name is an error
// now, not after an hour of reading), and the file names. Names that give the
// same slug ("Örebro län" and "Orebro lan", a region named like the project)
// are made unique in the order of report_scopes(): the first keeps its name,
// the next gets "-2"...
struct ReportOutputPlan {
    DocumentTemplate templates;
    std::vector<std::string> scope_stems;  // per report_scopes(config): "slutrapport-orebro-lan"
    // Per subproject (configuration order): "deltagartid-per-deltagare-kumla.xlsx";
    // empty when the sheets are off. Written for subprojects with recorded time.
    std::vector<std::string> participant_sheets;
    std::string rejected = "rejected.csv";  // empty for a public report
    std::string manifest = "manifest.json";
};
// Throws ConfigError for a template that does not load.
ReportOutputPlan plan_report_outputs(const ProjectConfig& config, const ReportOutputOptions& options);

// Writes every file of the plan but the manifest (the reports, the workbooks,
// rejected.csv) and records each one's SHA-256 in `out`. Returns, for a
// public report, the figures as published (nullptr otherwise).
std::unique_ptr<OutcomeFigures> write_report_outputs(const Session& session, const ReportOutputOptions& options,
                                                     const ReportOutputPlan& plan, OutputSet& out);

}  // namespace esfreport::cli
