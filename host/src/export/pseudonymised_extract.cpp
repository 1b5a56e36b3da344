#include <esfreport/export/pseudonymised_extract.hpp>

#include <esfreport/export/csv_field.hpp>

#include <algorithm>
#include <map>
#include <utility>

namespace esfreport {
namespace {

const char* age_band_text(int age) {
    if (age < 15) return "under_15";
    if (age <= 19) return "15_19";
    if (age <= 24) return "20_24";
    return "over_24";
}

using PersonInSubproject = std::pair<SubprojectIndex, PersonIndex>;

struct Row {
    const ParticipantPeriod* period = nullptr;
    std::string pseudonym;
    std::int64_t hours = 0;
};

}  // namespace

PseudonymisedExtract pseudonymised_participants(const ProjectResults& results, const PseudonymKey& key, int k) {
    const Dataset& data = results.data();
    const ProjectConfig& config = *data.config;
    const ReportingPeriod& period = results.period();
    const int first_month = period.from.month_index(), last_month = period.to.month_index();

    // The periods in the file: those overlapping the reporting period (as the
    // metrics count participants), grouped by subproject and person.
    std::map<PersonInSubproject, std::vector<const ParticipantPeriod*>> periods;
    for (const ParticipantPeriod& p : data.periods)
        if (p.start <= period.to && (!p.end || *p.end >= period.from)) periods[{p.subproject, p.person}].push_back(&p);
    for (auto& [who, list] : periods)
        std::sort(list.begin(), list.end(), [](const ParticipantPeriod* a, const ParticipantPeriod* b) { return a->start < b->start; });

    // Whole hours per certified month (rounded per subproject, person and
    // month, as table 5 counts them). Each month of the reporting period goes
    // to the person's latest period in the subproject that started by then
    // (months before the first start to the first), so every hour is in
    // exactly one row and the file's hours add up to table 5's.
    std::map<const ParticipantPeriod*, std::int64_t> hours;
    const ParticipantTimeIndex& time = results.time_index();
    for (SubprojectIndex s = 0; s < config.subprojects.size(); ++s)
        for (const std::uint32_t* at = time.begin(s); at != time.end(s); ++at) {
            const ParticipantMonth m = time.row(*at);
            if (m.month < first_month || m.month > last_month || m.whole_hours == 0) continue;
            const auto found = periods.find({m.subproject, m.person});
            if (found == periods.end()) continue;
            const ParticipantPeriod* owner = found->second.front();
            for (const ParticipantPeriod* p : found->second)
                if (p->start.month_index() <= m.month) owner = p;
            hours[owner] += m.whole_hours;
        }

    // Assessments per subproject, person and scale, by date.
    std::map<PersonInSubproject, std::vector<const Assessment*>> assessments;
    for (const Assessment& a : data.assessments)
        if (periods.count({a.subproject, a.person})) assessments[{a.subproject, a.person}].push_back(&a);
    for (auto& [who, list] : assessments)
        std::stable_sort(list.begin(), list.end(), [](const Assessment* a, const Assessment* b) { return a->date < b->date; });

    std::vector<Row> rows;
    for (const auto& [who, list] : periods) {
        const std::string name = pseudonym(key, data.persons[who.second].id);
        for (const ParticipantPeriod* p : list) rows.push_back({p, name, hours.count(p) ? hours[p] : 0});
    }
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        if (a.period->subproject != b.period->subproject) return a.period->subproject < b.period->subproject;
        if (a.pseudonym != b.pseudonym) return a.pseudonym < b.pseudonym;
        return a.period->start < b.period->start;
    });

    std::vector<QuasiIdentifiers> quasi;
    quasi.reserve(rows.size());
    for (const Row& r : rows) {
        const Person& who = data.persons[r.period->person];
        quasi.push_back({r.period->person, who.sex, who.birth_date.year(), r.period->subproject, r.period->start.month_index()});
    }
    const GeneralisationResult generalised = generalise(quasi, k);

    PseudonymisedExtract out;
    out.level = generalised.level;
    out.rows_left_out = generalised.left_out;
    out.csv = "pseudonym,sex,birth_year,age_band_at_start,region,subproject,start_month,end_month,exit_status";
    for (const ScaleConfig& scale : config.scales) out.csv += "," + csv_field(scale.id + "_first") + "," + csv_field(scale.id + "_last");
    out.csv += ",hours\n";

    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (!generalised.kept[i]) continue;
        const ParticipantPeriod& p = *rows[i].period;
        const Person& who = data.persons[p.person];
        const SubprojectConfig& sp = config.subprojects[p.subproject];
        // A period still open at the end of the reporting period has neither
        // end nor exit status from the report's point of view.
        const bool ended = p.end && *p.end <= period.to;
        std::string line = rows[i].pseudonym;
        line += "," + std::string(to_string(who.sex));
        line += "," + birth_year_text(who.birth_date.year(), generalised.level.birth_year);
        line += "," + std::string(age_band_text(age_in_years(who.birth_date, p.start)));
        line += "," + csv_field(sp.region) + "," + csv_field(sp.id);
        line += "," + generalised_month_text(p.start.month_index(), generalised.level.month);
        line += "," + (ended ? generalised_month_text(p.end->month_index(), generalised.level.month) : std::string());
        line += "," + (ended ? std::string(to_string(p.exit_status.value_or(StatusAtExit::unknown))) : std::string());
        // First and last assessment inside the period (up to the end of the
        // reporting period), per scale; empty when there is none.
        const Date until = ended ? *p.end : period.to;
        const auto found = assessments.find({p.subproject, p.person});
        for (std::size_t s = 0; s < config.scales.size(); ++s) {
            const Assessment* first = nullptr;
            const Assessment* last = nullptr;
            if (found != assessments.end())
                for (const Assessment* a : found->second)
                    if (a->scale == s && a->date >= p.start && a->date <= until) {
                        if (!first) first = a;
                        last = a;
                    }
            const std::vector<std::string>& steps = config.scales[s].steps;
            auto step = [&](const Assessment* a) { return a && a->step < steps.size() ? csv_field(steps[a->step]) : std::string(); };
            line += "," + step(first) + "," + step(last);
        }
        line += "," + std::to_string(rows[i].hours) + "\n";
        out.csv += line;
        ++out.rows_written;
    }
    return out;
}

}  // namespace esfreport
