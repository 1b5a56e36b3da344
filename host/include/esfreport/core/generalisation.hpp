// Disclosure control of a participant-level file by generalisation: the
// quasi-identifiers (sex, birth year, subproject, start month) are coarsened
// together, one step of a fixed ladder at a time, until every combination
// holds at least k distinct persons:
//
//   level 0: birth year,        start month
//   level 1: 5-year birth band, start month
//   level 2: 5-year birth band, start quarter
//   level 3: 5-year birth band, start year
//
// The first level at which no combination is smaller than k is used. When even
// level 3 leaves combinations of fewer than k persons, those rows are left out
// and counted. Sex and subproject are never coarsened: the evaluation is by
// sex and subproject. k <= 1 means no control (level 0, nothing left out).
#pragma once

#include <esfreport/core/model.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace esfreport {

enum class BirthYearLevel : std::uint8_t { year, five_year_band };
enum class MonthLevel : std::uint8_t { month, quarter, year };

struct Generalisation {
    BirthYearLevel birth_year = BirthYearLevel::year;
    MonthLevel month = MonthLevel::month;
    int step = 0;  // 0..3, the ladder above
};

// The ladder, in order.
const std::vector<Generalisation>& generalisation_ladder();

// One row's quasi-identifiers; `person` tells persons apart (a person with
// two periods in one combination counts once).
struct QuasiIdentifiers {
    PersonIndex person = 0;
    Sex sex = Sex::unknown;
    int birth_year = 0;
    SubprojectIndex subproject = 0;
    int start_month = 0;  // Date::month_index()
};

struct GeneralisationResult {
    Generalisation level;
    std::vector<char> kept;  // per row: 1 written, 0 left out
    std::size_t left_out = 0;
};

GeneralisationResult generalise(const std::vector<QuasiIdentifiers>& rows, int k);

// "1997" or "1995-1999" (bands start at years divisible by 5).
std::string birth_year_text(int year, BirthYearLevel level);
// "2017-03", "2017-Q1" or "2017" for a Date::month_index().
std::string generalised_month_text(int month_index, MonthLevel level);
// "birth year, month", "5-year band, quarter"... for the JSON and messages.
std::string generalisation_text(const Generalisation& g);

}  // namespace esfreport
