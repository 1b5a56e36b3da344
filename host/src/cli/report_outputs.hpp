// The final-report files of `esfreport run`: one XLSX and one PDF per region
// (and for the programme when there are several regions).
#pragma once

#include "commands.hpp"

#include <esfreport/export/report_table.hpp>
#include <esfreport/runtime/output_set.hpp>

#include <ctime>
#include <filesystem>

namespace esfreport::cli {

struct ReportOutputOptions {
    Language language = Language::sv;
    std::time_t generated_at = 0;
    std::filesystem::path template_dir;  // empty: the bundled templates
};

void write_report_outputs(const Session& session, const ReportOutputOptions& options, OutputSet& out);

}  // namespace esfreport::cli
