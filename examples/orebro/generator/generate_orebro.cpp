// Generates the bundled example project "#jagmed Örebro län": participant-level
// data for the region's six subprojects, reproducing the participant counts by
// sex of the regional final report (6 March 2019) and a few of its narrative
// figures. Usage:
//
//     esfreport-generate-example <testpersonnummer.csv> <output dir>
//
// Output is a pure function of the input list: a fixed-seed splitmix64 stream
// per subproject, integer arithmetic only (hours in halves, shares in
// permille), no std::*_distribution (their output differs between standard
// libraries). Identities are drawn from Skatteverket's published test
// personnummer only, each person used in at most one subproject.

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

// ---------------------------------------------------------------- dates ---

// Days since 1970-01-01 (H. Hinnant's civil calendar algorithms).
int days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct Civil {
    int y, m, d;
};

Civil civil_from_days(int z) {
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const int doe = z - era * 146097;
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int y = yoe + era * 400;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    const int d = doy - (153 * mp + 2) / 5 + 1;
    const int m = mp + (mp < 10 ? 3 : -9);
    return {y + (m <= 2), m, d};
}

int day(int y, int m, int d) { return days_from_civil(y, m, d); }

// 0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday).
int weekday(int z) { return ((z % 7) + 7 + 3) % 7; }

std::string format_date(int z) {
    const Civil c = civil_from_days(z);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.y, c.m, c.d);
    return buf;
}

bool valid_civil(int y, int m, int d) {
    if (m < 1 || m > 12 || d < 1) return false;
    const Civil c = civil_from_days(days_from_civil(y, m, d));
    return c.y == y && c.m == m && c.d == d;
}

// Age in whole years on date z of a person born on `birth`.
int age_on(const Civil& birth, int z) {
    const Civil c = civil_from_days(z);
    int age = c.y - birth.y;
    if (c.m < birth.m || (c.m == birth.m && c.d < birth.d)) --age;
    return age;
}

const int kDataFirst = day(2016, 1, 1);
const int kDataLast = day(2018, 12, 31);
// The extract is taken before the Christmas break: no activity after this.
const int kLastActivity = day(2018, 12, 21);

// ----------------------------------------------------------------- PRNG ---

class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    // Uniform integer in [lo, hi], by rejection so that it is unbiased.
    int uniform(int lo, int hi) {
        const std::uint64_t range = static_cast<std::uint64_t>(hi - lo) + 1;
        const std::uint64_t limit = UINT64_MAX - UINT64_MAX % range;
        std::uint64_t x;
        do x = next();
        while (x >= limit);
        return lo + static_cast<int>(x % range);
    }
    bool percent(int p) { return uniform(0, 99) < p; }
    template <class T>
    void shuffle(std::vector<T>& v) {
        for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[static_cast<std::size_t>(uniform(0, static_cast<int>(i) - 1))]);
    }

private:
    std::uint64_t state_;
};

// FNV-1a, to derive one independent stream per subproject from its id.
std::uint64_t fnv1a(const std::string& s) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : s) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

const std::uint64_t kSeed = 0x4f726562726f3139ULL;  // "Orebro19"

// ------------------------------------------------------------- identity ---

struct Identity {
    std::string digits;  // YYYYMMDDNNNC
    Civil birth;
    bool female;
};

bool luhn_ok(const std::string& d12) {
    int sum = 0;
    for (int i = 0; i < 9; ++i) {
        int v = (d12[static_cast<std::size_t>(i + 2)] - '0') * (i % 2 == 0 ? 2 : 1);
        sum += v > 9 ? v - 9 : v;
    }
    return (10 - sum % 10) % 10 == d12[11] - '0';
}

// Reads Skatteverket's list: a header line "Testpersonnummer", then one
// 12-digit number per line. Anything else is an error naming file and line.
std::vector<Identity> read_test_personnummer(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path.string() + ": cannot open for reading");
    std::vector<Identity> result;
    std::string line;
    int line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line_no == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
        if (line.empty()) continue;
        if (line_no == 1 && line == "Testpersonnummer") continue;
        const std::string where = path.string() + ":" + std::to_string(line_no) + ": ";
        if (line.size() != 12) throw std::runtime_error(where + "expected a 12-digit personnummer, found " + std::to_string(line.size()) + " characters");
        for (std::size_t i = 0; i < line.size(); ++i)
            if (line[i] < '0' || line[i] > '9')
                throw std::runtime_error(where + "column " + std::to_string(i + 1) + ": expected a digit");
        Identity id;
        id.digits = line;
        id.birth = {std::stoi(line.substr(0, 4)), std::stoi(line.substr(4, 2)), std::stoi(line.substr(6, 2))};
        const std::string masked = line.substr(0, 8) + "-****";
        if (!valid_civil(id.birth.y, id.birth.m, id.birth.d))
            throw std::runtime_error(where + masked + ": invalid date of birth");
        if (!luhn_ok(line)) throw std::runtime_error(where + masked + ": wrong check digit");
        id.female = (line[10] - '0') % 2 == 0;
        result.push_back(id);
    }
    if (result.empty()) throw std::runtime_error(path.string() + ": no personnummer found");
    // Sorted, so the example does not depend on the order of the published list.
    std::sort(result.begin(), result.end(), [](const Identity& a, const Identity& b) { return a.digits < b.digits; });
    result.erase(std::unique(result.begin(), result.end(), [](const Identity& a, const Identity& b) { return a.digits == b.digits; }),
                 result.end());
    return result;
}

class IdentityPool {
public:
    explicit IdentityPool(std::vector<Identity> ids) : ids_(std::move(ids)), used_(ids_.size(), false) {}

    // A not yet used identity of the given sex who is exactly `age` on date z.
    const Identity& take(SplitMix64& rng, bool female, int age, int z) {
        std::vector<std::size_t> candidates;
        const int year = civil_from_days(z).y;
        for (std::size_t i = 0; i < ids_.size(); ++i) {
            const Identity& id = ids_[i];
            if (used_[i] || id.female != female) continue;
            if (id.birth.y < year - age - 1 || id.birth.y > year - age) continue;
            if (age_on(id.birth, z) == age) candidates.push_back(i);
        }
        if (candidates.empty())
            throw std::runtime_error("the test personnummer list has no unused " + std::string(female ? "woman" : "man") +
                                     " aged " + std::to_string(age) + " on " + format_date(z));
        const std::size_t pick = candidates[static_cast<std::size_t>(rng.uniform(0, static_cast<int>(candidates.size()) - 1))];
        used_[pick] = true;
        return ids_[pick];
    }

private:
    std::vector<Identity> ids_;
    std::vector<bool> used_;
};

// ---------------------------------------------------------------- model ---

enum class Exit { studies, work, studies_and_work, job_seeking, other_authority, other_measure, dropout, not_reached, other, unknown };
const Exit kAllExits[] = {Exit::studies,       Exit::work,    Exit::studies_and_work, Exit::job_seeking, Exit::other_authority,
                          Exit::other_measure, Exit::dropout, Exit::not_reached,      Exit::other,       Exit::unknown};

const char* exit_token(Exit e) {
    switch (e) {
        case Exit::studies: return "studies";
        case Exit::work: return "work";
        case Exit::studies_and_work: return "studies_and_work";
        case Exit::job_seeking: return "job_seeking";
        case Exit::other_authority: return "other_authority";
        case Exit::other_measure: return "other_measure";
        case Exit::dropout: return "dropout";
        case Exit::not_reached: return "not_reached";
        case Exit::other: return "other";
        case Exit::unknown: return "unknown";
    }
    return "";
}

const char* exit_label_sv(Exit e) {
    switch (e) {
        case Exit::studies: return "studier";
        case Exit::work: return "arbete";
        case Exit::studies_and_work: return "studier och arbete";
        case Exit::job_seeking: return "arbetssökande";
        case Exit::other_authority: return "annan myndighet";
        case Exit::other_measure: return "annan insats";
        case Exit::dropout: return "avbrott";
        case Exit::not_reached: return "ej nådd";
        case Exit::other: return "övrigt";
        case Exit::unknown: return "okänd";
    }
    return "";
}

bool into_studies_or_work(Exit e) { return e == Exit::studies || e == Exit::work || e == Exit::studies_and_work; }

struct AgeRange {
    int min, max;
};

// How a subproject's own system writes its files.
struct Style {
    char delimiter = ',';
    bool swedish_labels = false;   // "i skola", "studier" instead of tokens
    bool dashed_person_id = false; // YYYYMMDD-NNNC
    bool sex_column = false;       // K/M written out (else blank, derived)
    bool bom = false;              // UTF-8 BOM, as Excel's "CSV UTF-8" writes
    bool decimal_comma = false;    // 7,5 (needs a ';' delimiter)
};

// Time in the project: a few days a week, some hours a day.
struct HoursProfile {
    int days_min, days_max;              // days per week
    int halves_min, halves_max;          // hours per day, in half hours
    bool school_calendar;                // long summer break
    std::vector<std::string> activities; // empty: no activity column
};

enum class Assessments { none, self_assessment, coaching_ladder };

// Activities (insatser) of a subproject's periods: each person takes part in
// one, with the number of persons per activity; of the first activity's
// persons, `studies_in_first` left for studies (a local report's figure).
struct ActivityPlan {
    std::vector<std::pair<std::string, int>> groups;  // empty: no activity column
    int studies_in_first = 0;
};

struct SubprojectSpec {
    std::string id;
    int girls, boys;
    std::optional<AgeRange> in_school, outside_school;
    int active;     // persons whose only period is still open
    int reentries;  // persons with two periods
    int min_days = 90;  // shortest closed period (not a re-entrant's first)
    std::vector<int> term_starts; // if set: starts follow school terms
    std::map<Exit, int> exit_weights;  // for persons without a fixed status
    // Fixed statuses of the last period (Karlskoga/Degerfors' narrative).
    std::vector<Exit> fixed_exits_female, fixed_exits_male;
    Style style;
    HoursProfile hours;
    Assessments assessments = Assessments::none;
    bool attendance = false;
    ActivityPlan activities;
};

struct Period {
    int start;
    std::optional<int> end;
    bool in_school;
    std::optional<Exit> exit;
    std::string activity;  // empty: none
};

struct Person {
    Identity identity;
    std::vector<Period> periods;
    int number = 0;  // running number across the example, for fake contact data
    bool has_email = true, has_mobile = true;
};

struct AssessmentRow {
    std::string person, date, scale;
    int value;
};

// ---------------------------------------------------------- generation ---

std::vector<Exit> repeat(Exit e, int n) { return std::vector<Exit>(static_cast<std::size_t>(n), e); }

std::vector<Exit> concat(std::initializer_list<std::vector<Exit>> parts) {
    std::vector<Exit> all;
    for (const auto& p : parts) all.insert(all.end(), p.begin(), p.end());
    return all;
}

Exit weighted_exit(SplitMix64& rng, const std::map<Exit, int>& weights) {
    int total = 0;
    for (const auto& [e, w] : weights) total += w;
    int x = rng.uniform(0, total - 1);
    for (const auto& [e, w] : weights) {
        if (x < w) return e;
        x -= w;
    }
    return Exit::unknown;
}

std::vector<SubprojectSpec> subproject_specs() {
    const std::map<Exit, int> school_weights = {
        {Exit::studies, 42}, {Exit::work, 8},           {Exit::studies_and_work, 6}, {Exit::job_seeking, 5}, {Exit::other_authority, 8},
        {Exit::other_measure, 10}, {Exit::dropout, 9}, {Exit::other, 6},       {Exit::unknown, 5}};
    const std::map<Exit, int> municipal_weights = {
        {Exit::studies, 30}, {Exit::work, 15},           {Exit::studies_and_work, 7}, {Exit::job_seeking, 9}, {Exit::other_authority, 9},
        {Exit::other_measure, 12}, {Exit::dropout, 9}, {Exit::other, 5},       {Exit::unknown, 4}};
    const std::map<Exit, int> folk_high_school_weights = {
        {Exit::studies, 34}, {Exit::work, 20},          {Exit::studies_and_work, 9}, {Exit::job_seeking, 12}, {Exit::other_authority, 4},
        {Exit::other_measure, 5}, {Exit::dropout, 11}, {Exit::other, 2},             {Exit::unknown, 3}};

    std::vector<SubprojectSpec> specs;

    SubprojectSpec ljusnarsberg;
    ljusnarsberg.id = "ljusnarsberg";
    ljusnarsberg.girls = 5;
    ljusnarsberg.boys = 8;
    ljusnarsberg.in_school = AgeRange{15, 20};
    ljusnarsberg.outside_school = AgeRange{15, 20};
    ljusnarsberg.active = 2;
    ljusnarsberg.reentries = 0;
    ljusnarsberg.exit_weights = municipal_weights;
    ljusnarsberg.style.sex_column = true;
    ljusnarsberg.hours = {1, 3, 2, 6, false, {}};
    specs.push_back(ljusnarsberg);

    SubprojectSpec lindesberg;
    lindesberg.id = "lindesberg";
    lindesberg.girls = 6;
    lindesberg.boys = 15;
    lindesberg.in_school = AgeRange{15, 20};
    lindesberg.active = 3;
    lindesberg.reentries = 1;
    lindesberg.exit_weights = school_weights;
    lindesberg.style.delimiter = ';';
    lindesberg.style.swedish_labels = true;
    lindesberg.style.dashed_person_id = true;
    lindesberg.hours = {1, 2, 2, 4, true, {}};
    specs.push_back(lindesberg);

    SubprojectSpec kavesta;
    kavesta.id = "kavesta-fellingsbro";
    kavesta.girls = 44;
    kavesta.boys = 50;
    kavesta.in_school = AgeRange{18, 24};
    kavesta.active = 12;
    kavesta.reentries = 2;
    kavesta.term_starts = {day(2016, 1, 11), day(2016, 8, 15), day(2017, 1, 9), day(2017, 8, 14), day(2018, 1, 8), day(2018, 8, 13)};
    kavesta.exit_weights = folk_high_school_weights;
    kavesta.style.bom = true;
    kavesta.hours = {2, 4, 4, 10, true, {}};
    specs.push_back(kavesta);

    SubprojectSpec kumla;
    kumla.id = "kumla";
    kumla.girls = 11;
    kumla.boys = 18;
    kumla.in_school = AgeRange{16, 19};
    kumla.outside_school = AgeRange{16, 19};
    kumla.active = 4;
    kumla.reentries = 1;
    kumla.exit_weights = municipal_weights;
    kumla.style.sex_column = true;
    kumla.hours = {1, 3, 2, 6, false, {}};
    kumla.assessments = Assessments::self_assessment;
    specs.push_back(kumla);

    // Final report: of the 35 boys 59 % to studies and work, 11 % to another
    // authority, 26 % still in the coaching team, one dropout; of the 25 girls
    // 47 % / 35 % / 18 % / none. Nearest whole persons: boys 21/4/9/1 (60 %,
    // 11 %, 26 %), girls 12/9/4 (48 %, 36 %, 16 %). "Still in the coaching
    // team" is the municipality's ordinary coaching after the project:
    // other_measure, with the ESF period closed.
    SubprojectSpec karlskoga;
    karlskoga.id = "karlskoga-degerfors";
    karlskoga.girls = 25;
    karlskoga.boys = 35;
    karlskoga.outside_school = AgeRange{16, 20};
    karlskoga.active = 0;
    karlskoga.reentries = 0;
    karlskoga.fixed_exits_male = concat({repeat(Exit::studies, 9), repeat(Exit::work, 7), repeat(Exit::studies_and_work, 5),
                                         repeat(Exit::other_authority, 4), repeat(Exit::other_measure, 9), repeat(Exit::dropout, 1)});
    karlskoga.fixed_exits_female = concat({repeat(Exit::studies, 6), repeat(Exit::work, 3), repeat(Exit::studies_and_work, 3),
                                           repeat(Exit::other_authority, 9), repeat(Exit::other_measure, 4)});
    karlskoga.hours = {1, 3, 3, 8, false, {"coachning", "studiebesök", "praktik", "gruppaktivitet"}};
    karlskoga.assessments = Assessments::coaching_ladder;
    // Shaped like Katrineholm's local report: the groups "lovplugg" (19) and
    // "7tjugo" (11) and individual support (30), of whom 13 went back to studies.
    karlskoga.activities = {{{"individuellt stöd", 30}, {"lovplugg", 19}, {"7tjugo", 11}}, 13};
    specs.push_back(karlskoga);

    SubprojectSpec sydnarke;
    sydnarke.id = "sydnarke";
    sydnarke.girls = 28;
    sydnarke.boys = 20;
    sydnarke.in_school = AgeRange{15, 20};
    sydnarke.active = 6;
    sydnarke.reentries = 1;
    sydnarke.exit_weights = school_weights;
    sydnarke.style.delimiter = ';';
    sydnarke.style.swedish_labels = true;
    sydnarke.style.decimal_comma = true;
    sydnarke.hours = {1, 2, 2, 5, true, {}};
    sydnarke.attendance = true;
    sydnarke.min_days = 150;  // room for a first and a last attendance period
    specs.push_back(sydnarke);

    return specs;
}

bool on_holiday(int z, bool school_calendar) {
    const Civil c = civil_from_days(z);
    const int md = c.m * 100 + c.d;
    if (md >= 1222 || md <= 106) return true;  // Christmas and New Year
    if (school_calendar) return md >= 615 && md <= 814;
    return c.m == 7;
}

bool school_day(int z) { return weekday(z) < 5 && !on_holiday(z, true); }

// Start of a period: any day in [lo, hi], or shortly after a term start;
// schools do not enrol anybody during a break.
int pick_start(SplitMix64& rng, const SubprojectSpec& spec, int lo, int hi) {
    if (!spec.term_starts.empty()) {
        std::vector<int> terms;
        for (int t : spec.term_starts)
            if (t >= lo && t + 20 <= hi) terms.push_back(t);
        if (!terms.empty()) return terms[static_cast<std::size_t>(rng.uniform(0, static_cast<int>(terms.size()) - 1))] + rng.uniform(0, 20);
    }
    int z = rng.uniform(lo, hi);
    if (spec.hours.school_calendar)
        while (on_holiday(z, true)) ++z;
    return z;
}

bool pick_setting(SplitMix64& rng, const SubprojectSpec& spec) {
    if (spec.in_school && spec.outside_school) return rng.percent(55);
    return spec.in_school.has_value();
}

std::vector<Person> generate_people(const SubprojectSpec& spec, SplitMix64& rng, IdentityPool& pool) {
    const int n = spec.girls + spec.boys;
    std::vector<char> female;  // not vector<bool>: shuffled by swapping elements
    for (int i = 0; i < n; ++i) female.push_back(i < spec.girls);
    rng.shuffle(female);

    // Roles by position: the first `active` persons are still active, the next
    // `reentries` have two periods; everybody else has one closed period.
    std::vector<Exit> fixed_f = spec.fixed_exits_female, fixed_m = spec.fixed_exits_male;
    rng.shuffle(fixed_f);
    rng.shuffle(fixed_m);

    std::vector<Person> people;
    for (int i = 0; i < n; ++i) {
        Person p;
        const bool is_female = female[static_cast<std::size_t>(i)] != 0;
        const bool active = i < spec.active;
        const bool reentry = !active && i < spec.active + spec.reentries;
        Exit last_exit;
        if (is_female && !fixed_f.empty()) {
            last_exit = fixed_f.back();
            fixed_f.pop_back();
        } else if (!is_female && !fixed_m.empty()) {
            last_exit = fixed_m.back();
            fixed_m.pop_back();
        } else {
            last_exit = weighted_exit(rng, spec.exit_weights);
        }
        const bool in_school = pick_setting(rng, spec);
        if (active) {
            p.periods.push_back({pick_start(rng, spec, day(2018, 1, 8), day(2018, 9, 30)), std::nullopt, in_school, std::nullopt, {}});
        } else if (reentry) {
            // A short first period ending in a dropout, a break, then a return.
            const int s1 = pick_start(rng, spec, day(2016, 1, 11), day(2017, 9, 30));
            const int e1 = s1 + rng.uniform(30, 120);
            const int s2 = pick_start(rng, spec, e1 + 30, e1 + 200);
            const int e2 = std::min(s2 + rng.uniform(spec.min_days, 330), kLastActivity);
            p.periods.push_back({s1, e1, in_school, Exit::dropout, {}});
            p.periods.push_back({s2, e2, pick_setting(rng, spec), last_exit, {}});
        } else {
            const int s = pick_start(rng, spec, day(2016, 1, 11), day(2018, 8, 31));
            const int e = std::min(s + rng.uniform(spec.min_days, 450), kLastActivity);
            p.periods.push_back({s, e, in_school, last_exit, {}});
        }
        // The target ages apply to the setting of the first start.
        const AgeRange ages = p.periods.front().in_school ? *spec.in_school : *spec.outside_school;
        p.identity = pool.take(rng, is_female, rng.uniform(ages.min, ages.max), p.periods.front().start);
        p.has_email = !rng.percent(12);
        p.has_mobile = !rng.percent(8);
        people.push_back(std::move(p));
    }
    std::sort(people.begin(), people.end(), [](const Person& a, const Person& b) {
        if (a.periods.front().start != b.periods.front().start) return a.periods.front().start < b.periods.front().start;
        return a.identity.digits < b.identity.digits;
    });
    return people;
}

// Each person's activity, without drawing from the random stream (the rest of
// the data stays as it was): in order of start, the first `studies_in_first`
// persons who left for studies take the first activity, and everybody else
// the activity with the largest share of its places still free (any but the
// first for the other persons who left for studies).
void assign_activities(const ActivityPlan& plan, std::vector<Person>& people) {
    if (plan.groups.empty()) return;
    std::vector<int> free;
    int places = 0;
    for (const auto& [name, n] : plan.groups) {
        free.push_back(n);
        places += n;
    }
    if (places != static_cast<int>(people.size())) throw std::logic_error("activity places do not match the persons");
    std::vector<char> done(people.size(), 0);
    int studies = 0;
    for (std::size_t i = 0; i < people.size() && studies < plan.studies_in_first; ++i)
        if (people[i].periods.back().exit == Exit::studies) {
            done[i] = 1;
            ++studies;
            --free[0];
        }
    if (studies != plan.studies_in_first) throw std::logic_error("too few persons left for studies for the activity plan");
    for (std::size_t i = 0; i < people.size(); ++i) {
        std::size_t pick = 0;
        if (!done[i]) {
            // The first activity's other places go to persons who did not leave for studies.
            const std::size_t from = people[i].periods.back().exit == Exit::studies ? 1 : 0;
            pick = from;
            for (std::size_t a = from + 1; a < free.size(); ++a)
                if (long(free[a]) * plan.groups[pick].second > long(free[pick]) * plan.groups[a].second) pick = a;
            --free[pick];
        }
        for (Period& per : people[i].periods) per.activity = plan.groups[pick].first;
    }
    for (int n : free)
        if (n != 0) throw std::logic_error("the activity plan could not be filled exactly");
}

// ------------------------------------------------------------- writing ---

class CsvFile {
public:
    CsvFile(const fs::path& path, const Style& style) : path_(path), style_(style) {
        out_.open(path, std::ios::binary | std::ios::trunc);
        if (!out_) throw std::runtime_error(path.string() + ": cannot open for writing");
        if (style.bom) out_ << "\xEF\xBB\xBF";
    }
    void row(const std::vector<std::string>& fields) {
        for (std::size_t i = 0; i < fields.size(); ++i) {
            // Nothing we write needs quoting; make sure it stays that way.
            if (fields[i].find_first_of(std::string(1, style_.delimiter) + "\"\r\n") != std::string::npos)
                throw std::logic_error(path_.string() + ": field would need quoting: " + fields[i]);
            if (i) out_ << style_.delimiter;
            out_ << fields[i];
        }
        out_ << '\n';
        ++rows_;
    }
    int data_rows() const { return rows_ - 1; }
    ~CsvFile() { out_.close(); }

private:
    fs::path path_;
    Style style_;
    std::ofstream out_;
    int rows_ = 0;
};

std::string person_id(const Identity& id, const Style& style) {
    if (!style.dashed_person_id) return id.digits;
    return id.digits.substr(0, 8) + "-" + id.digits.substr(8);
}

// A quantity kept in half units (hours), written with one decimal when needed.
std::string format_halves(int halves, const Style& style) {
    std::string s = std::to_string(halves / 2);
    if (halves % 2) s += style.decimal_comma ? ",5" : ".5";
    return s;
}

std::string two_digits(int v) {
    char buf[16];  // room for any int: keeps -Wformat-truncation quiet at -O2
    std::snprintf(buf, sizeof buf, "%02d", v);
    return buf;
}

std::string three_digits(int v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%03d", v);
    return buf;
}

struct SubprojectSummary {
    std::string id;
    int rows = 0, girls = 0, boys = 0, active = 0, reentries = 0;
    std::map<std::string, std::map<Exit, int>> exits;  // "K"/"M" -> status -> persons (last period)
    int hours_rows = 0;
    long total_halves = 0;
    std::vector<std::string> notes;
};

void write_participants(const fs::path& dir, const SubprojectSpec& spec, const std::vector<Person>& people, SubprojectSummary& summary) {
    const Style& st = spec.style;
    CsvFile f(dir / "participants.csv", st);
    const bool activities = !spec.activities.groups.empty();
    std::vector<std::string> header = {"person_id", "sex", "start_date", "end_date", "setting", "exit_status", "email", "mobile"};
    if (activities) header.push_back("activity");
    f.row(header);
    struct RowRef {
        const Person* person;
        const Period* period;
    };
    std::vector<RowRef> rows;
    for (const Person& p : people)
        for (const Period& per : p.periods) rows.push_back({&p, &per});
    std::stable_sort(rows.begin(), rows.end(), [](const RowRef& a, const RowRef& b) { return a.period->start < b.period->start; });
    for (const RowRef& r : rows) {
        const Person& p = *r.person;
        const Period& per = *r.period;
        std::string setting = per.in_school ? (st.swedish_labels ? "i skola" : "in_school") : (st.swedish_labels ? "utanför skola" : "outside_school");
        std::string exit = per.exit ? (st.swedish_labels ? exit_label_sv(*per.exit) : exit_token(*per.exit)) : "";
        std::vector<std::string> fields = {person_id(p.identity, st), st.sex_column ? (p.identity.female ? "K" : "M") : "",
                                           format_date(per.start), per.end ? format_date(*per.end) : "", setting, exit,
                                           p.has_email ? "deltagare" + three_digits(p.number) + "@example.se" : "",
                                           p.has_mobile ? "070-000 " + two_digits(p.number / 100) + " " + two_digits(p.number % 100) : ""};
        if (activities) fields.push_back(per.activity);
        f.row(fields);
    }
    if (activities) {
        std::map<std::string, std::pair<int, int>> per_activity;  // persons, of them left for studies
        for (const Person& p : people) {
            auto& counts = per_activity[p.periods.back().activity];
            ++counts.first;
            if (p.periods.back().exit == Exit::studies) ++counts.second;
        }
        std::string note = "activities:";
        for (const auto& [name, n] : spec.activities.groups)
            note += " " + name + " " + std::to_string(per_activity[name].first) + " (studies " + std::to_string(per_activity[name].second) + ")";
        summary.notes.push_back(note);
    }
    summary.rows = f.data_rows();
    for (const Person& p : people) {
        (p.identity.female ? summary.girls : summary.boys)++;
        if (!p.periods.back().end) summary.active++;
        if (p.periods.size() > 1) summary.reentries++;
        if (p.periods.back().exit) summary.exits[p.identity.female ? "K" : "M"][*p.periods.back().exit]++;
    }
}

void write_hours(const fs::path& dir, const SubprojectSpec& spec, const std::vector<Person>& people, SplitMix64& rng,
                 SubprojectSummary& summary) {
    const Style& st = spec.style;
    const HoursProfile& hp = spec.hours;
    CsvFile f(dir / "hours.csv", st);
    if (hp.activities.empty())
        f.row({"person_id", "date", "hours"});
    else
        f.row({"person_id", "date", "hours", "activity"});
    for (const Person& p : people) {
        for (const Period& per : p.periods) {
            const int last = per.end ? *per.end : kLastActivity;
            // Week by week from the Monday on or before the start.
            for (int monday = per.start - weekday(per.start); monday <= last; monday += 7) {
                if (rng.percent(12)) continue;  // a week without contact: illness, a break
                std::vector<int> weekdays = {0, 1, 2, 3, 4};
                rng.shuffle(weekdays);
                weekdays.resize(static_cast<std::size_t>(rng.uniform(hp.days_min, hp.days_max)));
                std::sort(weekdays.begin(), weekdays.end());
                for (int wd : weekdays) {
                    const int z = monday + wd;
                    if (z < per.start || z > last || z < kDataFirst || z > kDataLast || on_holiday(z, hp.school_calendar)) continue;
                    const int halves = rng.uniform(hp.halves_min, hp.halves_max);
                    std::vector<std::string> fields = {person_id(p.identity, st), format_date(z), format_halves(halves, st)};
                    if (!hp.activities.empty())
                        fields.push_back(hp.activities[static_cast<std::size_t>(rng.uniform(0, static_cast<int>(hp.activities.size()) - 1))]);
                    f.row(fields);
                    summary.total_halves += halves;
                }
            }
        }
    }
    summary.hours_rows = f.data_rows();
}

// Kumla: a self-assessment 1-10 at the first start and at the end. Of the
// participants who fill it in twice, 4 in 5 move up; two fill it in only once.
void write_self_assessments(const fs::path& dir, const SubprojectSpec& spec, const std::vector<Person>& people, SplitMix64& rng,
                            SubprojectSummary& summary) {
    const Style& st = spec.style;
    const int n = static_cast<int>(people.size());
    const int single = 2, zero = 3, negative = 2;
    const int positive = n - single - zero - negative;
    std::vector<int> outcome;  // 0 single, 1 positive, 2 zero, 3 negative
    for (int i = 0; i < single; ++i) outcome.push_back(0);
    for (int i = 0; i < positive; ++i) outcome.push_back(1);
    for (int i = 0; i < zero; ++i) outcome.push_back(2);
    for (int i = 0; i < negative; ++i) outcome.push_back(3);
    rng.shuffle(outcome);

    CsvFile f(dir / "assessments.csv", st);
    f.row({"person_id", "date", "scale", "value"});
    std::map<std::string, std::array<int, 4>> by_sex;  // K/M -> single, positive, zero, negative
    for (int i = 0; i < n; ++i) {
        const Person& p = people[static_cast<std::size_t>(i)];
        const int kind = outcome[static_cast<std::size_t>(i)];
        by_sex[p.identity.female ? "K" : "M"][static_cast<std::size_t>(kind)]++;
        const int first = rng.uniform(2, 6);
        const std::string id = person_id(p.identity, st);
        f.row({id, format_date(p.periods.front().start), "sjalvskattning", std::to_string(first)});
        if (kind == 0) continue;
        int last = first;
        if (kind == 1) last = std::min(10, first + rng.uniform(1, 4));
        if (kind == 3) last = std::max(1, first - rng.uniform(1, 2));
        // An active participant fills in the end form at the extract date.
        const int when = p.periods.back().end ? *p.periods.back().end : kLastActivity;
        f.row({id, format_date(when), "sjalvskattning", std::to_string(last)});
    }
    for (const auto& [sex, c] : by_sex)
        summary.notes.push_back("sjalvskattning " + sex + ": measured " + std::to_string(c[1] + c[2] + c[3]) + " (positive " +
                                std::to_string(c[1]) + ", zero " + std::to_string(c[2]) + ", negative " + std::to_string(c[3]) +
                                "), single assessment " + std::to_string(c[0]));
}

// Karlskoga/Degerfors: the coaching ladder (1 home ... 5 studies/work),
// assessed at the start, about every second or third month and at the end;
// where a participant ends up follows their status at exit.
void write_coaching_ladder(const fs::path& dir, const SubprojectSpec& spec, const std::vector<Person>& people, SplitMix64& rng,
                           SubprojectSummary& summary) {
    const Style& st = spec.style;
    CsvFile f(dir / "assessments.csv", st);
    f.row({"person_id", "date", "scale", "value"});
    int rows = 0, positive = 0, zero = 0, negative = 0;
    for (const Person& p : people) {
        const int start = p.periods.front().start;
        const int end = p.periods.back().end ? *p.periods.back().end : kLastActivity;
        std::vector<int> dates = {start};
        for (int z = start + rng.uniform(55, 95); z < end - 30; z += rng.uniform(55, 95)) dates.push_back(z);
        dates.push_back(end);
        const int r = rng.uniform(0, 9);
        const int first = r < 5 ? 1 : (r < 9 ? 2 : 3);
        const Exit exit = p.periods.back().exit.value_or(Exit::unknown);
        int target;
        if (into_studies_or_work(exit))
            target = rng.percent(70) ? 5 : 4;
        else if (exit == Exit::other_authority)
            target = rng.uniform(2, 3);
        else if (exit == Exit::other_measure)
            target = rng.uniform(2, 4);
        else
            target = std::max(1, first - 1);
        target = exit == Exit::dropout ? target : std::max(target, first);
        const int steps = static_cast<int>(dates.size()) - 1;
        for (int k = 0; k <= steps; ++k) {
            int value = first + ((target - first) * k + steps / 2) / steps;
            // An occasional setback between the first and the last assessment.
            if (k > 0 && k < steps && value > 1 && rng.percent(15)) --value;
            f.row({person_id(p.identity, st), format_date(dates[static_cast<std::size_t>(k)]), "coachingtrappa", std::to_string(value)});
            ++rows;
        }
        const int movement = target - first;
        (movement > 0 ? positive : movement == 0 ? zero : negative)++;
    }
    summary.notes.push_back("coachingtrappa: " + std::to_string(rows) + " assessments; movement first->last positive " +
                            std::to_string(positive) + ", zero " + std::to_string(zero) + ", negative " + std::to_string(negative));
}

// Sydnärke: scheduled and absent hours in the first and the last twenty
// school days of each participant's time in the subproject (fewer if a period
// is shorter); absence falls from about 50 % to about 22 % on average.
void write_attendance(const fs::path& dir, const SubprojectSpec& spec, const std::vector<Person>& people, SplitMix64& rng,
                      SubprojectSummary& summary) {
    const Style& st = spec.style;
    const int kSchoolDays = 20;
    CsvFile f(dir / "attendance.csv", st);
    f.row({"person_id", "period_start", "period_end", "scheduled_hours", "absent_hours", "invalid_absent_hours"});
    long first_permille_sum = 0, last_permille_sum = 0;
    int over_50_first = 0, over_50_last = 0;
    // School days of [from, to], counted from the front or from the back.
    auto school_days = [&](int from, int to, bool from_front) {
        std::vector<int> days;
        for (int i = 0; i <= to - from && static_cast<int>(days.size()) < kSchoolDays; ++i) {
            const int z = from_front ? from + i : to - i;
            if (school_day(z)) days.push_back(z);
        }
        std::sort(days.begin(), days.end());
        return days;
    };
    auto emit = [&](const Person& p, const std::vector<int>& days, int centre_permille, int spread_permille) {
        if (days.empty()) throw std::logic_error("attendance period without school days for person " + std::to_string(p.number));
        int scheduled = 0;  // half hours, 3.5-5 h a school day
        for (std::size_t i = 0; i < days.size(); ++i) scheduled += rng.uniform(7, 10);
        const int share = centre_permille + rng.uniform(0, spread_permille) + rng.uniform(0, spread_permille) - spread_permille;
        const int absent = (scheduled * share + 500) / 1000;
        const int invalid = (absent * rng.uniform(30, 80) + 50) / 100;
        f.row({person_id(p.identity, st), format_date(days.front()), format_date(days.back()), format_halves(scheduled, st),
               format_halves(absent, st), format_halves(invalid, st)});
        return absent * 1000L / scheduled;  // realised permille, truncated (for the summary only)
    };
    for (const Person& p : people) {
        const Period& first = p.periods.front();
        const Period& last = p.periods.back();
        const std::vector<int> first_days = school_days(first.start, first.end.value_or(kLastActivity), true);
        const std::vector<int> last_days = school_days(last.start, last.end.value_or(kLastActivity), false);
        if (&first == &last && last_days.front() <= first_days.back())
            throw std::logic_error("first and last attendance periods overlap for person " + std::to_string(p.number));
        const long a = emit(p, first_days, 500, 330);
        const long b = emit(p, last_days, 220, 200);
        first_permille_sum += a;
        last_permille_sum += b;
        over_50_first += a > 500;
        over_50_last += b > 500;
    }
    const long n = static_cast<long>(people.size());
    summary.notes.push_back("attendance: mean absence first period ~" + std::to_string((first_permille_sum / n + 5) / 10) +
                            " %, last period ~" + std::to_string((last_permille_sum / n + 5) / 10) + " % (" + std::to_string(n) +
                            " participants; above 50 %: " + std::to_string(over_50_first) + " -> " + std::to_string(over_50_last) + ")");
}

void print_summary(const SubprojectSummary& s) {
    std::cout << s.id << ": " << s.girls << " girls, " << s.boys << " boys, " << s.rows << " participation rows, " << s.active
              << " active at the end, " << s.reentries << " re-entries\n";
    for (const char* sex : {"K", "M"}) {
        auto it = s.exits.find(sex);
        if (it == s.exits.end()) continue;
        int exited = 0, into = 0;
        for (const auto& [e, c] : it->second) {
            exited += c;
            if (into_studies_or_work(e)) into += c;
        }
        std::cout << "  exit " << sex << " (" << exited << " exited, " << into << " into studies or work):";
        for (Exit e : kAllExits) {
            auto c = it->second.find(e);
            if (c != it->second.end()) std::cout << " " << exit_token(e) << "=" << c->second;
        }
        std::cout << "\n";
    }
    std::cout << "  hours: " << s.hours_rows << " rows, " << s.total_halves / 2 << (s.total_halves % 2 ? ".5" : "") << " hours\n";
    for (const std::string& note : s.notes) std::cout << "  " << note << "\n";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: esfreport-generate-example <testpersonnummer.csv> <output dir>\n";
        return 2;
    }
    try {
        IdentityPool pool(read_test_personnummer(argv[1]));
        const fs::path out_dir = argv[2];
        int number = 0;
        for (const SubprojectSpec& spec : subproject_specs()) {
            SplitMix64 rng(kSeed ^ fnv1a(spec.id));
            std::vector<Person> people = generate_people(spec, rng, pool);
            for (Person& p : people) p.number = ++number;
            assign_activities(spec.activities, people);

            const fs::path dir = out_dir / spec.id;
            fs::create_directories(dir);
            SubprojectSummary summary;
            summary.id = spec.id;
            write_participants(dir, spec, people, summary);
            write_hours(dir, spec, people, rng, summary);
            if (spec.assessments == Assessments::self_assessment) write_self_assessments(dir, spec, people, rng, summary);
            if (spec.assessments == Assessments::coaching_ladder) write_coaching_ladder(dir, spec, people, rng, summary);
            if (spec.attendance) write_attendance(dir, spec, people, rng, summary);
            print_summary(summary);
        }
    } catch (const std::exception& e) {
        std::cerr << "esfreport-generate-example: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
