// Participant metrics on small datasets whose every figure is computed by hand
// in the comments beside it (definitions: metrics.md). The data go through the
// Ingestor exactly as a source plugin would deliver them.
//
// Identity numbers are Skatteverket's test personnummer
// (skatteverket-testpersonnummer.csv); the eleventh digit gives the legal sex
// (even = female), the first eight the birth date.
#include <esfreport/core/ingestor.hpp>
#include <esfreport/core/figures.hpp>
#include <esfreport/core/metrics.hpp>

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

using namespace esfreport;

namespace {

Date d(const char* iso) { return *Date::parse(iso); }

ReportingPeriod year_2024() { return {d("2024-01-01"), d("2024-12-31")}; }

using Row = std::vector<std::string>;

Row period(const std::string& id, const std::string& start, const std::string& end = "", const std::string& exit_status = "",
           const std::string& sex = "", const std::string& setting = "", const std::string& activity = "") {
    return {id, sex, start, end, setting, exit_status, "", "", activity};
}

// Three subprojects: kumla and lindesberg in region Örebro, boras in Västra Götaland.
struct Project {
    ProjectConfig config;
    Dataset data;

    Project() {
        config.name = "Testprogram";
        config.period_start = d("2023-01-01");
        config.period_end = d("2025-12-31");
        const char* ids[] = {"kumla", "lindesberg", "boras"};
        const char* regions[] = {"Örebro", "Örebro", "Västra Götaland"};
        for (int i = 0; i < 3; ++i) {
            SubprojectConfig sp;
            sp.id = ids[i];
            sp.name = ids[i];
            sp.region = regions[i];
            config.subprojects.push_back(sp);
        }
        config.protected_identity = default_protected_identity_rules();
        data.config = &config;
    }

    // Every row must be accepted: these tests are about metrics, not validation.
    void participants(SubprojectIndex subproject, const std::vector<Row>& rows) {
        Ingestor in(data, config, subproject, "test");
        in.begin_input(sdk::RecordKind::participant_period, "participants.csv");
        std::uint64_t line = 2;
        for (const Row& row : rows) {
            std::vector<sdk::Field> fields;
            for (std::size_t i = 0; i < row.size(); ++i) fields.push_back({row[i], static_cast<std::uint32_t>(i + 1)});
            in.record(line++, fields.data(), fields.size());
        }
        in.end_input();
        for (const Rejection& r : data.rejections) FAIL_CHECK("rejected line " << r.line << ": " << r.column << " " << r.reason);
        REQUIRE(data.rejections.empty());
    }

    ParticipantMetrics subproject(std::size_t i, const ReportingPeriod& p) const {
        return MetricsEngine(data).participants(subproject_scopes(config).at(i), p);
    }
    ParticipantMetrics region(const std::string& name, const ReportingPeriod& p) const {
        for (const Scope& s : region_scopes(config))
            if (s.id == name) return MetricsEngine(data).participants(s, p);
        FAIL("no region " << name);
        return {};
    }
    ParticipantMetrics programme(const ReportingPeriod& p) const {
        return MetricsEngine(data).participants(programme_scope(config), p);
    }
};

// "female 1, male 0, non_binary 0, unknown 0, total 1": readable when a check fails.
std::string show(const BySex& b) {
    std::ostringstream s;
    s << "female " << b[Sex::female] << ", male " << b[Sex::male] << ", non_binary " << b[Sex::non_binary] << ", unknown "
      << b[Sex::unknown] << ", total " << b.total();
    return s.str();
}

std::string counts(std::int64_t female, std::int64_t male, std::int64_t non_binary = 0, std::int64_t unknown = 0) {
    BySex b;
    b[Sex::female] = female;
    b[Sex::male] = male;
    b[Sex::non_binary] = non_binary;
    b[Sex::unknown] = unknown;
    return show(b);
}

const std::string kNone = counts(0, 0);

const BySex& status(const ParticipantMetrics& m, StatusAtExit s) { return m.status_at_exit[static_cast<int>(s)]; }
const BySex& band(const ParticipantMetrics& m, AgeBand b) { return m.age_band[static_cast<int>(b)]; }
const BySex& esf_band(const ParticipantMetrics& m, EsfAgeBand b) { return m.esf_age_band[static_cast<int>(b)]; }

}  // namespace

TEST_CASE("Scopes: each subproject - each region in order of first appearance - the programme") {
    Project p;
    const auto subprojects = subproject_scopes(p.config);
    REQUIRE(subprojects.size() == 3);
    CHECK(subprojects[2].id == "boras");
    CHECK(subprojects[2].subprojects == std::vector<SubprojectIndex>{2});
    const auto regions = region_scopes(p.config);
    REQUIRE(regions.size() == 2);
    CHECK(regions[0].id == "Örebro");
    CHECK(regions[0].subprojects == std::vector<SubprojectIndex>{0, 1});
    CHECK(regions[1].id == "Västra Götaland");
    CHECK(regions[1].subprojects == std::vector<SubprojectIndex>{2});
    CHECK(programme_scope(p.config).subprojects == std::vector<SubprojectIndex>{0, 1, 2});
}

TEST_CASE("A person who re-enters counts once - with the exit status of the last period") {
    Project p;
    // 199501012380: female, born 1995-01-01.
    p.participants(0, {
                          period("199501012380", "2023-09-01", "2024-02-29", "Avbrott"),
                          period("199501012380", "2024-05-01", "2024-11-30", "arbete"),
                      });

    SECTION("both periods inside 2024: exited once, into work") {
        const ParticipantMetrics m = p.subproject(0, year_2024());
        CHECK(show(m.unique) == counts(1, 0));             // one person, two periods
        CHECK(show(m.sum_of_subprojects) == counts(1, 0));
        CHECK(m.overlaps.empty());
        CHECK(show(m.new_participants) == kNone);         // first start 2023-09-01 is before 2024
        CHECK(show(m.active_at_end) == kNone);            // ended 2024-11-30 < 2024-12-31
        CHECK(show(m.exited) == counts(1, 0));
        CHECK(show(status(m, StatusAtExit::work)) == counts(1, 0));     // the last period's status
        CHECK(show(status(m, StatusAtExit::dropout)) == kNone);         // the first period's status is not counted
        CHECK(show(m.into_studies_or_work) == counts(1, 0));
        CHECK(show(m.cr02) == kNone);
        CHECK(show(m.cr04) == counts(1, 0));
        // Age on the first start 2023-09-01: 28 -> over 24, ESF 18–29.
        CHECK(show(band(m, AgeBand::over_24)) == counts(1, 0));
        CHECK(show(esf_band(m, EsfAgeBand::y18_29)) == counts(1, 0));
    }
    SECTION("the second period still running at the end of the reporting period: not exited") {
        // 2024-01-01..2024-06-30: the second period (2024-05-01..2024-11-30) ends after 06-30.
        const ParticipantMetrics m = p.subproject(0, {d("2024-01-01"), d("2024-06-30")});
        CHECK(show(m.unique) == counts(1, 0));
        CHECK(show(m.active_at_end) == counts(1, 0));
        CHECK(show(m.exited) == kNone);
        CHECK(show(status(m, StatusAtExit::dropout)) == kNone);
    }
    SECTION("the second period starting after the reporting period does not count yet") {
        // 2024-01-01..2024-03-31: only the first period (ended 2024-02-29, dropout) exists.
        const ParticipantMetrics m = p.subproject(0, {d("2024-01-01"), d("2024-03-31")});
        CHECK(show(m.exited) == counts(1, 0));
        CHECK(show(status(m, StatusAtExit::dropout)) == counts(1, 0));
        CHECK(show(m.into_studies_or_work) == kNone);
    }
}

TEST_CASE("A person in two subprojects counts once per region and programme - and the overlap is named") {
    Project p;
    // P = 199603152399 (male): kumla from 2024-02-01, open; lindesberg 2024-03-01..2024-10-31, studies.
    // Q = 199806012382 (female): kumla 2024-01-15..2024-06-30, work; boras from 2024-08-01, open.
    // R = 199806012390 (male): lindesberg from 2024-04-01, open.
    p.participants(0, {period("199603152399", "2024-02-01"), period("199806012382", "2024-01-15", "2024-06-30", "work")});
    p.participants(1, {period("199603152399", "2024-03-01", "2024-10-31", "studies"), period("199806012390", "2024-04-01")});
    p.participants(2, {period("199806012382", "2024-08-01")});

    SECTION("region Örebro (kumla + lindesberg)") {
        const ParticipantMetrics m = p.region("Örebro", year_2024());
        CHECK(show(m.unique) == counts(1, 2));              // Q; P and R
        CHECK(show(m.sum_of_subprojects) == counts(1, 3));  // kumla: P, Q; lindesberg: P, R
        CHECK(m.overlaps == std::map<std::string, std::int64_t>{{"kumla + lindesberg", 1}});
        CHECK(show(m.new_participants) == counts(1, 2));    // all start in 2024
        // P still open in kumla, so not exited although his lindesberg period ended;
        // Q's last Örebro period (kumla) ended 2024-06-30 with work; her boras period is outside the region.
        CHECK(show(m.exited) == counts(1, 0));
        CHECK(show(status(m, StatusAtExit::work)) == counts(1, 0));
        CHECK(show(status(m, StatusAtExit::studies)) == kNone);
        CHECK(show(m.active_at_end) == counts(0, 2));       // P (kumla), R
        CHECK(show(m.inside_target_ages) == kNone);          // subproject scopes only
    }
    SECTION("region Västra Götaland (boras)") {
        const ParticipantMetrics m = p.region("Västra Götaland", year_2024());
        CHECK(show(m.unique) == counts(1, 0));
        CHECK(show(m.sum_of_subprojects) == counts(1, 0));
        CHECK(m.overlaps.empty());
        CHECK(show(m.exited) == kNone);
        CHECK(show(m.active_at_end) == counts(1, 0));
    }
    SECTION("programme: Q's two regions count once") {
        const ParticipantMetrics m = p.programme(year_2024());
        CHECK(show(m.unique) == counts(1, 2));              // P, Q, R
        CHECK(show(m.sum_of_subprojects) == counts(2, 3));  // P 2, Q 2, R 1
        CHECK(m.overlaps == std::map<std::string, std::int64_t>{{"kumla + lindesberg", 1}, {"kumla + boras", 1}});
        CHECK(show(m.exited) == kNone);                     // all three have an open period
        CHECK(show(m.active_at_end) == counts(1, 2));
    }
    SECTION("subprojects") {
        const ParticipantMetrics kumla = p.subproject(0, year_2024());
        CHECK(show(kumla.unique) == counts(1, 1));  // P, Q
        CHECK(kumla.overlaps.empty());
        CHECK(show(kumla.exited) == counts(1, 0));  // Q
        const ParticipantMetrics lindesberg = p.subproject(1, year_2024());
        CHECK(show(lindesberg.unique) == counts(0, 2));  // P, R
        CHECK(show(lindesberg.exited) == counts(0, 1));  // P ended 2024-10-31
        CHECK(show(status(lindesberg, StatusAtExit::studies)) == counts(0, 1));
        CHECK(show(lindesberg.cr02) == counts(0, 1));
        CHECK(show(lindesberg.cr04) == kNone);
    }
}

TEST_CASE("Unique participants of every subproject and the programme in one pass - as each scope counts them") {
    Project p;
    // As above: P (male) kumla and lindesberg, Q (female) kumla and boras, R (male) lindesberg;
    // S = 199603152381 (female): kumla 2023-01-01..2023-12-31, outside 2024.
    p.participants(0, {period("199603152399", "2024-02-01"), period("199806012382", "2024-01-15", "2024-06-30", "work"),
                       period("199603152381", "2023-01-01", "2023-12-31", "studies")});
    p.participants(1, {period("199603152399", "2024-03-01", "2024-10-31", "studies"), period("199806012390", "2024-04-01")});
    p.participants(2, {period("199806012382", "2024-08-01")});

    const MetricsEngine engine(p.data);
    const MetricsEngine::UniqueParticipants u = engine.unique_participants(year_2024());
    REQUIRE(u.per_subproject.size() == 3);
    CHECK(show(u.per_subproject[0]) == counts(1, 1));  // kumla: P, Q (S ended in 2023)
    CHECK(show(u.per_subproject[1]) == counts(0, 2));  // lindesberg: P, R
    CHECK(show(u.per_subproject[2]) == counts(1, 0));  // boras: Q
    CHECK(show(u.programme) == counts(1, 2));           // P, Q, R
    CHECK(show(u.sum_of_subprojects) == counts(2, 3));  // P 2, Q 2, R 1

    // The same figures as the scopes' own, in both years.
    for (const ReportingPeriod& period : {year_2024(), ReportingPeriod{d("2023-01-01"), d("2023-12-31")}}) {
        const MetricsEngine::UniqueParticipants one_pass = engine.unique_participants(period);
        const std::vector<Scope> scopes = subproject_scopes(p.config);
        for (std::size_t s = 0; s < scopes.size(); ++s)
            CHECK(show(one_pass.per_subproject[s]) == show(engine.participants(scopes[s], period).unique));
        const ParticipantMetrics programme = engine.participants(programme_scope(p.config), period);
        CHECK(show(one_pass.programme) == show(programme.unique));
        CHECK(show(one_pass.sum_of_subprojects) == show(programme.sum_of_subprojects));
    }
    const MetricsEngine::UniqueParticipants y2023 = engine.unique_participants({d("2023-01-01"), d("2023-12-31")});
    CHECK(show(y2023.programme) == counts(1, 0));  // S
}

TEST_CASE("In a region the status at exit is that of the period that ended last") {
    Project p;
    // T = 200203162383 (F): kumla 2024-01-10..2024-05-31 work, lindesberg 2024-03-01..2024-09-30 studies
    //   -> lindesberg ended last: studies.
    // U = 200203162391 (M): kumla 2024-02-01..2024-08-31 dropout, lindesberg 2024-04-01..2024-08-31 job_seeking
    //   -> same end date, lindesberg started later: job_seeking.
    p.participants(0, {period("200203162383", "2024-01-10", "2024-05-31", "work"),
                       period("200203162391", "2024-02-01", "2024-08-31", "dropout")});
    p.participants(1, {period("200203162383", "2024-03-01", "2024-09-30", "studies"),
                       period("200203162391", "2024-04-01", "2024-08-31", "job_seeking")});
    const ParticipantMetrics m = p.region("Örebro", year_2024());
    CHECK(show(m.unique) == counts(1, 1));
    CHECK(show(m.sum_of_subprojects) == counts(2, 2));
    CHECK(m.overlaps == std::map<std::string, std::int64_t>{{"kumla + lindesberg", 2}});
    CHECK(show(m.exited) == counts(1, 1));
    CHECK(show(status(m, StatusAtExit::studies)) == counts(1, 0));
    CHECK(show(status(m, StatusAtExit::work)) == kNone);
    CHECK(show(status(m, StatusAtExit::job_seeking)) == counts(0, 1));
    CHECK(show(status(m, StatusAtExit::dropout)) == kNone);
    CHECK(show(m.into_studies_or_work) == counts(1, 0));
    // Each subproject on its own keeps its own status.
    CHECK(show(status(p.subproject(0, year_2024()), StatusAtExit::work)) == counts(1, 0));
    CHECK(show(status(p.subproject(0, year_2024()), StatusAtExit::dropout)) == counts(0, 1));
}

TEST_CASE("Periods outside the reporting period are not in scope - one shared day is enough") {
    Project p;
    p.participants(0, {
                          period("199603152381", "2023-01-01", "2023-12-31", "studies"),  // D (F): ends the day before: out
                          period("199501012398", "2025-01-01"),                           // E (M): starts the day after: out
                          period("200002292381", "2022-06-01", "2024-01-01", "work"),     // F (F): ends on the first day: in
                          period("200002292399", "2024-12-31"),                           // G (M): starts on the last day: in
                          period("200101012383", "2023-03-01"),                           // H (F): open since 2023: in
                      });
    const ParticipantMetrics m = p.subproject(0, year_2024());
    CHECK(show(m.unique) == counts(2, 1));            // F, H; G
    CHECK(show(m.new_participants) == counts(0, 1));  // G; F and H started before 2024
    CHECK(show(m.active_at_end) == counts(1, 1));     // H (open), G (open, started 12-31)
    CHECK(show(m.exited) == counts(1, 0));            // F
    CHECK(show(status(m, StatusAtExit::work)) == counts(1, 0));
    CHECK(show(status(m, StatusAtExit::studies)) == kNone);  // D is not in scope
    CHECK(show(m.into_studies_or_work) == counts(1, 0));

    // In 2023 alone: D (exited, studies), F (open until 2024-01-01), H (new in 2023); E and G not yet.
    const ParticipantMetrics y2023 = p.subproject(0, {d("2023-01-01"), d("2023-12-31")});
    CHECK(show(y2023.unique) == counts(3, 0));
    CHECK(show(y2023.new_participants) == counts(2, 0));  // D (2023-01-01), H (2023-03-01)
    CHECK(show(y2023.exited) == counts(1, 0));
    CHECK(show(status(y2023, StatusAtExit::studies)) == counts(1, 0));
    // Active on 2023-12-31: F, H, and D too, whose period ends that very day
    // (end dates are inclusive): D is both exited and active at the end.
    CHECK(show(y2023.active_at_end) == counts(3, 0));
}

TEST_CASE("Every status at exit is counted - with into studies or work - CR02 and CR04") {
    Project p;
    // Eleven persons, all 2024-02-01..2024-06-30; the last has no status (counts as unknown).
    p.participants(0, {
                          period("199501012380", "2024-02-01", "2024-06-30", "studies"),            // F
                          period("199501012398", "2024-02-01", "2024-06-30", "work"),               // M
                          period("199603152381", "2024-02-01", "2024-06-30", "studier och arbete"), // F
                          period("199603152399", "2024-02-01", "2024-06-30", "job_seeking"),        // M
                          period("199806012382", "2024-02-01", "2024-06-30", "annan myndighet"),    // F
                          period("199806012390", "2024-02-01", "2024-06-30", "other_measure"),      // M
                          period("200002292381", "2024-02-01", "2024-06-30", "dropout"),            // F
                          period("200002292399", "2024-02-01", "2024-06-30", "ej nådd"),            // M
                          period("200101012383", "2024-02-01", "2024-06-30", "övrigt"),             // F
                          period("200101012391", "2024-02-01", "2024-06-30", "unknown"),            // M
                          period("200203152384", "2024-02-01", "2024-06-30", ""),                   // F, no status
                      });
    const ParticipantMetrics m = p.subproject(0, year_2024());
    CHECK(show(m.unique) == counts(6, 5));
    CHECK(show(m.exited) == counts(6, 5));
    CHECK(show(m.active_at_end) == kNone);
    CHECK(show(status(m, StatusAtExit::studies)) == counts(1, 0));
    CHECK(show(status(m, StatusAtExit::work)) == counts(0, 1));
    CHECK(show(status(m, StatusAtExit::studies_and_work)) == counts(1, 0));
    CHECK(show(status(m, StatusAtExit::job_seeking)) == counts(0, 1));
    CHECK(show(status(m, StatusAtExit::other_authority)) == counts(1, 0));
    CHECK(show(status(m, StatusAtExit::other_measure)) == counts(0, 1));
    CHECK(show(status(m, StatusAtExit::dropout)) == counts(1, 0));
    CHECK(show(status(m, StatusAtExit::not_reached)) == counts(0, 1));
    CHECK(show(status(m, StatusAtExit::other)) == counts(1, 0));
    CHECK(show(status(m, StatusAtExit::unknown)) == counts(1, 1));  // "unknown" (M) and blank (F)
    // The distribution covers every exited person exactly once: 11.
    BySex all;
    for (const BySex& b : m.status_at_exit) all += b;
    CHECK(show(all) == show(m.exited));
    // Into studies or work = studies (F) + work (M) + studies_and_work (F) = F2 M1.
    CHECK(show(m.into_studies_or_work) == counts(2, 1));
    // CR02 = studies (F) + studies_and_work (F) = F2; CR04 = work (M) + studies_and_work (F) = F1 M1.
    CHECK(show(m.cr02) == counts(2, 0));
    CHECK(show(m.cr04) == counts(1, 1));
    // Share into studies or work: 3 of 11 = 27.27 % -> 27; women 2 of 6 = 33.3 % -> 33; men 1 of 5 = 20 %.
    CHECK(percent_half_up(m.into_studies_or_work.total(), m.exited.total()) == 27);
    CHECK(percent_half_up(m.into_studies_or_work[Sex::female], m.exited[Sex::female]) == 33);
    CHECK(percent_half_up(m.into_studies_or_work[Sex::male], m.exited[Sex::male]) == 20);

    // The same figures by the names templates use.
    CHECK(show(*metric_by_name(m, "status.studies_and_work")) == counts(1, 0));
    CHECK(show(*metric_by_name(m, "cr04")) == counts(1, 1));
    CHECK(show(*metric_by_name(m, "into_studies_or_work")) == counts(2, 1));
    CHECK_FALSE(metric_by_name(m, "status.semester"));
    CHECK_FALSE(metric_by_name(m, "outcome"));
}

TEST_CASE("Figures are split by female - male - non-binary and unknown sex") {
    Project p;
    // A rule for a code of unknown sex, after SCB's default rule for women.
    p.config.protected_identity.push_back({R"(^\d{8}P\d{3}$)", Sex::unknown});
    p.participants(0, {
                          period("20010101Tf29", "2024-03-01"),             // female by the default rule
                          period("20020315P001", "2024-03-01"),             // unknown by the added rule
                          period("199501012398", "2024-03-01", "", "", "X"),  // male number, self-reported non-binary
                          period("199603152399", "2024-03-01"),             // male
                          period("199806012382", "2024-03-01", "", "", "K"),  // female
                      });
    const ParticipantMetrics m = p.subproject(0, year_2024());
    CHECK(show(m.unique) == counts(2, 1, 1, 1));
    CHECK(m.unique.total() == 5);
    CHECK(show(m.new_participants) == counts(2, 1, 1, 1));
    CHECK(show(m.active_at_end) == counts(2, 1, 1, 1));
    // Ages on 2024-03-01: 23 (2001-01-01), 21 (2002-03-15), 29 (1995-01-01), 27 (1996-03-15), 25 (1998-06-01).
    CHECK(show(band(m, AgeBand::y20_24)) == counts(1, 0, 0, 1));
    CHECK(show(band(m, AgeBand::over_24)) == counts(1, 1, 1, 0));
    CHECK(show(esf_band(m, EsfAgeBand::y18_29)) == counts(2, 1, 1, 1));

    std::optional<Sex> sex;
    CHECK(parse_sex_key("non_binary", sex));
    CHECK(sex == Sex::non_binary);
    CHECK(parse_sex_key("total", sex));
    CHECK_FALSE(sex);
    CHECK_FALSE(parse_sex_key("K", sex));
}

TEST_CASE("New participants: first start in scope inside the period") {
    Project p;
    // S = 199603152381 (F): boras 2023-05-01..2023-08-31 (work), then kumla from 2024-03-01.
    p.participants(0, {
                          period("199501012380", "2024-01-01"),  // F, first day: new
                          period("199501012398", "2024-06-30"),  // M, last day: new
                          period("199806012390", "2023-12-31"),  // M, the day before: not new
                          period("199603152381", "2024-03-01"),  // S
                      });
    p.participants(2, {period("199603152381", "2023-05-01", "2023-08-31", "work")});
    const ReportingPeriod half{d("2024-01-01"), d("2024-06-30")};

    const ParticipantMetrics kumla = p.subproject(0, half);
    CHECK(show(kumla.unique) == counts(2, 2));
    CHECK(show(kumla.new_participants) == counts(2, 1));  // 2024-01-01 (F), 2024-06-30 (M), S (F)
    // In the programme S's first start is 2023-05-01 (boras): not new. Her boras
    // period is outside the half year, so she counts once and there is no overlap.
    const ParticipantMetrics programme = p.programme(half);
    CHECK(show(programme.unique) == counts(2, 2));
    CHECK(show(programme.new_participants) == counts(1, 1));
    CHECK(programme.overlaps.empty());
    CHECK(show(programme.sum_of_subprojects) == counts(2, 2));
}

TEST_CASE("Age bands use the age on the first start - with birthday edge cases") {
    Project p;
    p.config.subprojects[1].target_ages_in_school = AgeRange{16, 19, "16–19"};
    p.config.subprojects[1].target_ages_outside_school = AgeRange{20, 24, "20–24"};
    // Reporting period 2024-01-01..2025-12-31. Age on first start -> youth band, ESF band, inside target?
    p.participants(1, {
        // a F born 2007-06-12, start 2025-06-11: 17 -> 15–19, under 18, in school 16–19: inside
        period("200706122389", "2025-06-11", "", "", "", "i skola"),
        // b M born 2007-06-12, start on the birthday 2025-06-12: 18 -> 15–19, 18–29, inside
        period("200706122397", "2025-06-12", "", "", "", "in_school"),
        // c F born 2000-02-29, start 2025-02-28: 24 (the birthday counts on 1 March) -> 20–24, 18–29, outside school 20–24: inside
        period("200002292381", "2025-02-28", "", "", "", "utanför skola"),
        // d M born 2000-02-29, start 2025-03-01: 25 -> over 24, 18–29, outside school: not inside
        period("200002292399", "2025-03-01", "", "", "", "outside_school"),
        // e F born 1999-07-15: first start 2024-07-01 at 24 (outside school), re-entry at 25:
        //   20–24, 18–29, inside (the first period's setting and age)
        period("199907152384", "2024-07-01", "2024-07-10", "dropout", "", "outside_school"),
        period("199907152384", "2024-08-01", "", "", "", "in_school"),
        // f M born 2004-05-10, start 2024-05-09: 19 -> 15–19, 18–29, in school: inside
        period("200405102393", "2024-05-09", "", "", "", "in_school"),
        // g F born 2004-05-10, start 2024-05-10: 20 -> 20–24, 18–29, in school 16–19: not inside
        period("200405102385", "2024-05-10", "", "", "", "in_school"),
        // h F born 2010-03-01, start 2024-02-29: 13 -> under 15, under 18, no setting: not inside either range
        period("201003012380", "2024-02-29"),
        // i M born 2002-03-15, start 2024-06-01: 22 -> 20–24, 18–29, no setting: inside 20–24
        period("200203152392", "2024-06-01"),
        // j M born 1969-06-05, start 2024-06-04: 54 -> over 24, 30–54, not inside
        period("196906052391", "2024-06-04"),
        // k F born 1969-06-09, start on the birthday 2024-06-09: 55 -> over 24, 55+, not inside
        period("196906092389", "2024-06-09"),
    });
    const ParticipantMetrics m = p.subproject(1, {d("2024-01-01"), d("2025-12-31")});
    CHECK(show(m.unique) == counts(6, 5));  // F: a c e g h k; M: b d f i j
    CHECK(show(band(m, AgeBand::under_15)) == counts(1, 0));  // h
    CHECK(show(band(m, AgeBand::y15_19)) == counts(1, 2));    // a; b f
    CHECK(show(band(m, AgeBand::y20_24)) == counts(3, 1));    // c e g; i
    CHECK(show(band(m, AgeBand::over_24)) == counts(1, 2));   // k; d j
    CHECK(show(esf_band(m, EsfAgeBand::under_18)) == counts(2, 0));  // a h
    CHECK(show(esf_band(m, EsfAgeBand::y18_29)) == counts(3, 4));    // c e g; b d f i
    CHECK(show(esf_band(m, EsfAgeBand::y30_54)) == counts(0, 1));    // j
    CHECK(show(esf_band(m, EsfAgeBand::y55_plus)) == counts(1, 0));  // k
    CHECK(show(m.inside_target_ages) == counts(3, 3));               // a c e; b f i
    CHECK(show(*metric_by_name(m, "age.15_19")) == counts(1, 2));
    CHECK(show(*metric_by_name(m, "esf_age.55_plus")) == counts(1, 0));
}

TEST_CASE("Other affected: summed over subprojects that report it - missing when none does") {
    Project p;
    {
        Ingestor kumla(p.data, p.config, 0, "test");
        kumla.aggregate("other_affected", 12);
        Ingestor lindesberg(p.data, p.config, 1, "test");
        lindesberg.aggregate("other_affected", 5);
    }
    CHECK(p.subproject(0, year_2024()).other_affected == 12);
    CHECK(p.subproject(1, year_2024()).other_affected == 5);
    CHECK(p.region("Örebro", year_2024()).other_affected == 17);  // 12 + 5
    CHECK_FALSE(p.region("Västra Götaland", year_2024()).other_affected);  // boras reports none
    CHECK_FALSE(p.subproject(2, year_2024()).other_affected);
    CHECK(p.programme(year_2024()).other_affected == 17);  // 12 + 5 + nothing

    Project zero;
    {
        Ingestor boras(zero.data, zero.config, 2, "test");
        boras.aggregate("other_affected", 0);
    }
    CHECK(zero.programme(year_2024()).other_affected == 0);  // reported as 0, not missing
    Project none;
    CHECK_FALSE(none.programme(year_2024()).other_affected);
}

TEST_CASE("An empty scope has zero persons") {
    Project p;
    p.participants(0, {period("199501012380", "2024-01-01")});
    const ParticipantMetrics m = p.subproject(2, year_2024());
    CHECK(show(m.unique) == kNone);
    CHECK(show(m.exited) == kNone);
    CHECK(m.overlaps.empty());
}

TEST_CASE("percent_half_up rounds shares half up to whole percent") {
    CHECK(percent_half_up(21, 35) == 60);   // 60.0
    CHECK(percent_half_up(1, 8) == 13);     // 12.5 rounds up
    CHECK(percent_half_up(3, 8) == 38);     // 37.5 rounds up
    CHECK(percent_half_up(1, 3) == 33);     // 33.33
    CHECK(percent_half_up(2, 3) == 67);     // 66.67
    CHECK(percent_half_up(1, 200) == 1);    // 0.5 rounds up
    CHECK(percent_half_up(1, 201) == 0);    // 0.4975
    CHECK(percent_half_up(35, 35) == 100);
    CHECK(percent_half_up(0, 5) == 0);
    CHECK(percent_half_up(0, 0) == 0);      // no denominator: 0 (tables show the count beside it)
}

TEST_CASE("Activities: a person in two activities counts once in the subproject and once in each activity") {
    Project p;
    // kumla, 2024 (computed by hand):
    //   A 199501012380 (female): lovplugg 2024-02-01..06-30 studies; individuellt stöd 03-01..11-30 work (overlapping: allowed)
    //   B 199603152399 (male):   individuellt stöd 2024-01-15..09-30 studies
    //   C 199806012382 (female): no activity, 2024-02-01..05-31 dropout
    //   D 199806012390 (male):   Lovplugg (another spelling) from 2024-04-01, open
    p.participants(0, {
                          period("199501012380", "2024-02-01", "2024-06-30", "studier", "", "", "lovplugg"),
                          period("199501012380", "2024-03-01", "2024-11-30", "arbete", "", "", "individuellt stöd"),
                          period("199603152399", "2024-01-15", "2024-09-30", "studier", "", "", "individuellt stöd"),
                          period("199806012382", "2024-02-01", "2024-05-31", "avbrott"),
                          period("199806012390", "2024-04-01", "", "", "", "", " Lovplugg "),
                      });
    // Named as first written, in order of first appearance; "" is no activity.
    REQUIRE(p.data.activities.at(0) == std::vector<std::string>{"", "lovplugg", "individuellt stöd"});
    CHECK_FALSE(has_activities(p.data, 1));
    const std::vector<Scope> activities = activity_scopes(p.data, 0);
    REQUIRE(activities.size() == 2);
    CHECK(activities[0].label == "lovplugg");
    CHECK(activities[0].subprojects == std::vector<SubprojectIndex>{0});
    CHECK(activities[1].label == "individuellt stöd");
    CHECK(activity_scopes(p.data, 1).empty());
    const MetricsEngine engine(p.data);

    SECTION("the year: A counts once in kumla, with the status of the period that ended last") {
        const ParticipantMetrics all = p.subproject(0, year_2024());
        CHECK(show(all.unique) == counts(2, 2));                                // A, C; B, D
        CHECK(show(all.exited) == counts(2, 1));                                // A, C; B (D is open)
        CHECK(show(status(all, StatusAtExit::work)) == counts(1, 0));           // A: individuellt stöd ended last
        CHECK(show(status(all, StatusAtExit::studies)) == counts(0, 1));        // B (not A's lovplugg status)
        CHECK(show(status(all, StatusAtExit::dropout)) == counts(1, 0));        // C
        CHECK(show(all.into_studies_or_work) == counts(1, 1));

        const ParticipantMetrics lovplugg = engine.participants(activities[0], year_2024());
        CHECK(show(lovplugg.unique) == counts(1, 1));                           // A, D
        CHECK(show(lovplugg.exited) == counts(1, 0));                           // A; D is open
        CHECK(show(status(lovplugg, StatusAtExit::studies)) == counts(1, 0));   // A's lovplugg period
        CHECK(show(lovplugg.active_at_end) == counts(0, 1));                    // D
        CHECK_FALSE(lovplugg.other_affected.has_value());

        const ParticipantMetrics support = engine.participants(activities[1], year_2024());
        CHECK(show(support.unique) == counts(1, 1));                            // A, B
        CHECK(show(support.exited) == counts(1, 1));
        CHECK(show(status(support, StatusAtExit::work)) == counts(1, 0));       // A
        CHECK(show(status(support, StatusAtExit::studies)) == counts(0, 1));    // B
        CHECK(show(support.into_studies_or_work) == counts(1, 1));
        // C names no activity: in kumla's figures, in no activity's.
        CHECK(lovplugg.unique.total() + support.unique.total() == 4);
    }
    SECTION("January to July: A has left lovplugg but is still in the subproject") {
        const ReportingPeriod to_july{d("2024-01-01"), d("2024-07-31")};
        const ParticipantMetrics all = p.subproject(0, to_july);
        CHECK(show(all.exited) == counts(1, 0));                                // only C: A and B are still in individuellt stöd
        CHECK(show(all.active_at_end) == counts(1, 2));                          // A; B, D
        const ParticipantMetrics lovplugg = engine.participants(activities[0], to_july);
        CHECK(show(lovplugg.exited) == counts(1, 0));                           // A left lovplugg on 06-30
        CHECK(show(status(lovplugg, StatusAtExit::studies)) == counts(1, 0));
        const ParticipantMetrics support = engine.participants(activities[1], to_july);
        CHECK(show(support.exited) == kNone);
    }
}
