// A person's participation in a subproject as the SCB files report it: one
// start and one end, however many activities the person took part in at once.
// Periods of one person in one subproject overlap only when they belong to
// different activities (the ingestor rejects the others); such periods are
// one participation from the first start to the last end. Periods that follow
// one another (a re-entry) stay separate participations.
#pragma once

#include <esfreport/core/model.hpp>

#include <optional>
#include <vector>

namespace esfreport {

struct Participation {
    std::uint32_t period = 0;  // its period that starts first (index into Dataset::periods): person, subproject, setting, contact
    Date start;
    std::optional<Date> end;  // open while any of its periods is
    std::uint32_t ended_last = 0;  // its period that ended last (on a tie, started last; an open one): the status at exit
};

// Every participation of the dataset, in order of that period's index.
std::vector<Participation> participations(const Dataset& data);

}  // namespace esfreport
