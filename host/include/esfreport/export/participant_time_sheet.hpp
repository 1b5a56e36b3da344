// The economist's participant-time sheet: one row per subproject, participant
// and month with whole hours, unit cost and value — the basis for the signed
// attendance certificates and the co-financing in payment claims. It holds
// personnummer: the caller stages it as a personal file (OutputSet::stage(name,
// true), mode 0600 from creation); this module only writes to that path.
#pragma once

#include <esfreport/core/metrics.hpp>
#include <esfreport/export/report_table.hpp>

#include <esfreport/core/participant_time.hpp>

#include <cstddef>
#include <ctime>
#include <filesystem>

namespace esfreport {

struct ParticipantTimeSheetOptions {
    Language language = Language::sv;
    std::time_t generated_at = 0;  // document property, for deterministic output
    // The run's shared index of person-months (built here when null).
    const ParticipantTimeIndex* index = nullptr;
    // Data rows per worksheet: Excel's limit of 1,048,576 rows less the
    // header. Further rows continue on "Deltagartid (2)", "(3)", ...
    std::size_t rows_per_sheet = 1'048'575;
};

// Writes every participant month with recorded time in the scope (`run`
// writes one workbook per subproject) and period, ordered by subproject,
// personnummer and month (XLSX, constant memory). Throws MissingUnitCost
// (core/participant_time.hpp) before anything is written when a month with
// whole hours has no unit cost, and std::runtime_error naming the file when it
// cannot be written.
void write_participant_time_sheet(const Dataset& data, const Scope& scope, const ReportingPeriod& period,
                                  const std::filesystem::path& path, const ParticipantTimeSheetOptions& options = {});

}  // namespace esfreport
