#include <esfreport/core/generalisation.hpp>

#include <map>
#include <set>
#include <tuple>

namespace esfreport {
namespace {

int floor_div(int a, int b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

int birth_key(int year, BirthYearLevel level) {
    return level == BirthYearLevel::year ? year : floor_div(year, 5) * 5;
}

int month_key(int month_index, MonthLevel level) {
    switch (level) {
    case MonthLevel::month: return month_index;
    case MonthLevel::quarter: return floor_div(month_index, 3);
    case MonthLevel::year: return floor_div(month_index, 12);
    }
    return month_index;
}

}  // namespace

const std::vector<Generalisation>& generalisation_ladder() {
    static const std::vector<Generalisation> ladder = {
        {BirthYearLevel::year, MonthLevel::month, 0},
        {BirthYearLevel::five_year_band, MonthLevel::month, 1},
        {BirthYearLevel::five_year_band, MonthLevel::quarter, 2},
        {BirthYearLevel::five_year_band, MonthLevel::year, 3},
    };
    return ladder;
}

GeneralisationResult generalise(const std::vector<QuasiIdentifiers>& rows, int k) {
    using Key = std::tuple<Sex, int, SubprojectIndex, int>;
    GeneralisationResult result;
    result.kept.assign(rows.size(), 1);
    if (k <= 1 || rows.empty()) return result;

    for (const Generalisation& g : generalisation_ladder()) {
        std::map<Key, std::set<PersonIndex>> persons;
        std::vector<Key> keys;
        keys.reserve(rows.size());
        for (const QuasiIdentifiers& r : rows) {
            keys.emplace_back(r.sex, birth_key(r.birth_year, g.birth_year), r.subproject, month_key(r.start_month, g.month));
            persons[keys.back()].insert(r.person);
        }
        result.level = g;
        result.left_out = 0;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            result.kept[i] = persons[keys[i]].size() >= static_cast<std::size_t>(k);
            if (!result.kept[i]) ++result.left_out;
        }
        if (result.left_out == 0) break;
    }
    return result;
}

std::string birth_year_text(int year, BirthYearLevel level) {
    if (level == BirthYearLevel::year) return std::to_string(year);
    const int from = birth_key(year, level);
    return std::to_string(from) + "-" + std::to_string(from + 4);
}

std::string generalised_month_text(int month_index, MonthLevel level) {
    const int year = floor_div(month_index, 12);
    const int month = month_index - year * 12 + 1;
    switch (level) {
    case MonthLevel::month: return std::to_string(year) + (month < 10 ? "-0" : "-") + std::to_string(month);
    case MonthLevel::quarter: return std::to_string(year) + "-Q" + std::to_string((month - 1) / 3 + 1);
    case MonthLevel::year: return std::to_string(year);
    }
    return {};
}

std::string generalisation_text(const Generalisation& g) {
    const char* birth = g.birth_year == BirthYearLevel::year ? "birth year" : "5-year birth band";
    const char* month = g.month == MonthLevel::month ? "month" : g.month == MonthLevel::quarter ? "quarter" : "year";
    return std::string(birth) + ", start " + month;
}

}  // namespace esfreport
