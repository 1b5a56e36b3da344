// A person taking part in two subprojects at the same time: allowed (a young
// person may be in a school group and in individual support), but worth a
// warning, because the person then counts in both subprojects and only once
// in the region and the programme, so the sum of the subprojects exceeds the
// de-duplicated total. Reported in table 6 and as a warning of every command,
// as counts per pair of subprojects, never as identities.
#pragma once

#include <esfreport/core/model.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace esfreport {

// ConcurrentParticipation is in model.hpp (Dataset keeps the pairs).
// Pairs of subprojects with at least one person whose periods in the two
// overlap by at least one day (an open period runs on without end), ordered
// by (first, second). Cost: a sort of the periods by person, then only the
// periods of persons with more than one subproject are compared pairwise.
std::vector<ConcurrentParticipation> find_concurrent_participation(const Dataset& data);

// "2 persons take part in Kumla and Lindesberg at the same time (counted in
// both subprojects, once in the region and the programme)" — the warning text.
std::string concurrent_participation_warning(const ProjectConfig& config, const ConcurrentParticipation& c);

}  // namespace esfreport
