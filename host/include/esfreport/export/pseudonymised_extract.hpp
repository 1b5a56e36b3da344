// participants-pseudonymised.csv: the evaluators' participant-level file, one
// row per participation period overlapping the reporting period (see
// docs/pseudonyms.md). Pseudonymised data is still personal data: the caller
// stages it with OutputSet::stage(name, /*personal=*/true) (mode 0600).
//
// Columns: pseudonym, sex, birth_year, age_band_at_start, region, subproject,
// start_month, end_month, exit_status, <scale>_first and <scale>_last for each
// configured scale, hours. No personnummer, date of birth, name or contact
// detail; the rows are ordered by subproject and pseudonym, so not even the
// order follows the identities. Quasi-identifiers are generalised as
// core/generalisation.hpp says; end_month is shown at the same precision as
// start_month.
#pragma once

#include <esfreport/core/generalisation.hpp>
#include <esfreport/core/pseudonym.hpp>
#include <esfreport/core/results.hpp>

#include <cstddef>
#include <string>

namespace esfreport {

inline constexpr const char* kPseudonymisedParticipantsFile = "participants-pseudonymised.csv";

struct PseudonymisedExtract {
    std::string csv;                // UTF-8, LF line ends, header first
    std::size_t rows_written = 0;   // participation periods written
    std::size_t rows_left_out = 0;  // periods that generalisation could not protect
    Generalisation level;           // the generalisation reached
};

// The file for every subproject of the configuration over results.period().
// `k` is the smallest number of persons a combination of quasi-identifiers
// may hold (k <= 1: no generalisation).
PseudonymisedExtract pseudonymised_participants(const ProjectResults& results, const PseudonymKey& key, int k);

}  // namespace esfreport
