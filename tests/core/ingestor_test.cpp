// Ingestor: every rejection reason with its exact text, column and line, the
// row accounting (read = accepted + rejected), and exact sums of decimal hours.
// Records are fed straight into the RecordSink, as a source plugin would.
//
// Identity numbers are Skatteverket's test personnummer
// (skatteverket-testpersonnummer.csv); the eleventh digit gives the legal sex
// (even = female). The samordningsnummer and the broken numbers are generated
// from them by hand (Luhn check digit shown beside each).
#include <esfreport/core/ingestor.hpp>
#include <esfreport/sdk/columns.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace esfreport;
using sdk::RecordKind;

namespace {

// Skatteverket test personnummer.
const std::string kFemale1995 = "199501012380";  // 11th digit 8: female
const std::string kMale1995 = "199501012398";    // 11th digit 9: male
const std::string kFemale1996 = "199603152381";
const std::string kMale1996 = "199603152399";

Date d(const char* iso) { return *Date::parse(iso); }

struct Fixture {
    ProjectConfig config;
    Dataset data;

    Fixture() {
        config.name = "Testprojekt";
        config.period_start = d("2023-01-01");
        config.period_end = d("2025-12-31");
        config.subprojects.push_back(SubprojectConfig{});
        config.subprojects[0].id = "kumla";
        config.subprojects[0].region = "Örebro";
        config.subprojects.push_back(SubprojectConfig{});
        config.subprojects[1].id = "lindesberg";
        config.subprojects[1].region = "Örebro";
        ScaleConfig ladder;
        ladder.id = "ladder";
        ladder.steps = {"1", "2", "3", "4", "5"};
        config.scales.push_back(ladder);
        ScaleConfig goal;
        goal.id = "goal";
        goal.kind = ScaleKind::categorical;
        goal.steps = {"fully", "partly", "not"};
        config.scales.push_back(goal);
        config.protected_identity = default_protected_identity_rules();
        data.config = &config;
    }
};

using Row = std::vector<std::string>;

// One participants.csv row in canonical order; email and mobile blank.
Row period(const std::string& id, const std::string& sex, const std::string& start, const std::string& end = "",
           const std::string& setting = "", const std::string& exit_status = "", const std::string& activity = "") {
    return {id, sex, start, end, setting, exit_status, "", "", activity};
}

// Feeds one input; rows get lines 2, 3, ... (line 1 is the header) and
// fields columns 1, 2, ... in canonical order.
void feed(Ingestor& in, RecordKind kind, const std::vector<Row>& rows, const char* path = "input.csv") {
    in.begin_input(kind, path);
    std::uint64_t line = 2;
    for (const Row& row : rows) {
        std::vector<sdk::Field> fields;
        for (std::size_t i = 0; i < row.size(); ++i) fields.push_back({row[i], static_cast<std::uint32_t>(i + 1)});
        in.record(line++, fields.data(), fields.size());
    }
    in.end_input();
}

// The one rejection of the given input and line.
const Rejection& rejection_on(const Dataset& data, std::uint32_t input, std::uint64_t line) {
    const Rejection* found = nullptr;
    int count = 0;
    for (const Rejection& r : data.rejections)
        if (r.input == input && r.line == line) {
            found = &r;
            ++count;
        }
    INFO("input " << input << ", line " << line);
    REQUIRE(count == 1);
    return *found;
}

void require_balanced(const Dataset& data) {
    for (const InputRecord& in : data.inputs) {
        INFO(in.path);
        CHECK(in.rows_read == in.rows_accepted + in.rows_rejected);
    }
}

// Ingests the periods into subproject 0 and returns its ingestor's dataset state.
struct PeriodRun {
    Fixture f;
    Ingestor in{f.data, f.config, 0, "test"};
    explicit PeriodRun(const std::vector<Row>& rows) { feed(in, RecordKind::participant_period, rows, "participants.csv"); }
    const InputRecord& input() const { return f.data.inputs.at(0); }
};

// A single period row that must be rejected: its column and reason.
std::pair<std::string, std::string> rejected_period(const Row& row) {
    PeriodRun run({row});
    INFO("row: " << row[0] << "," << row[1] << "," << row[2] << "," << row[3] << "," << row[4] << "," << row[5]);
    REQUIRE(run.input().rows_read == 1);
    REQUIRE(run.input().rows_rejected == 1);
    REQUIRE(run.input().rows_accepted == 0);
    REQUIRE(run.f.data.periods.empty());
    const Rejection& r = rejection_on(run.f.data, 0, 2);
    CHECK(r.subproject == 0);
    return {r.column, r.reason};
}

}  // namespace

TEST_CASE("Ingestor rejects a personnummer with a wrong check digit or an impossible date") {
    // 19950101-238?: Luhn over 950101238 gives 0, so 1 is wrong.
    CHECK(rejected_period(period("199501012381", "", "2024-01-10")) ==
          std::make_pair(std::string("person_id (1)"), std::string("wrong check digit (expected 0)")));
    // 30 February: the date is checked before the check digit.
    CHECK(rejected_period(period("199502302384", "", "2024-01-10")) ==
          std::make_pair(std::string("person_id (1)"), std::string("not a real date: 1995-02-30")));
    CHECK(rejected_period(period("", "", "2024-01-10")) ==
          std::make_pair(std::string("person_id (1)"), std::string("person_id is missing")));
}

TEST_CASE("Ingestor never puts the whole personnummer into a reason") {
    Fixture f;
    Ingestor in(f.data, f.config, 0, "test");
    feed(in, RecordKind::participant_period,
         {period("199501012381", "", "2024-01-10"), period(kFemale1995, "M", "2024-01-10"),
          period(kFemale1995, "", "2024-13-01")});
    REQUIRE(f.data.rejections.size() == 3);
    for (const Rejection& r : f.data.rejections) {
        CHECK(r.reason.find("19950101") == std::string::npos);
        CHECK(r.reason.find("2380") == std::string::npos);
    }
}

TEST_CASE("Ingestor rejects bad dates of a period") {
    CHECK(rejected_period(period(kFemale1995, "", "2024-13-01")) ==
          std::make_pair(std::string("start_date (3)"), std::string("not a date: '2024-13-01' (expected YYYY-MM-DD)")));
    CHECK(rejected_period(period(kFemale1995, "", "2023-02-29")) ==
          std::make_pair(std::string("start_date (3)"), std::string("not a date: '2023-02-29' (expected YYYY-MM-DD)")));
    CHECK(rejected_period(period(kFemale1995, "", "")) ==
          std::make_pair(std::string("start_date (3)"), std::string("start_date is missing")));
    CHECK(rejected_period(period(kFemale1995, "", "2024-01-10", "10/3/2024")) ==
          std::make_pair(std::string("end_date (4)"), std::string("not a date: '10/3/2024' (expected YYYY-MM-DD)")));
    CHECK(rejected_period(period(kFemale1995, "", "2024-03-10", "2024-03-09", "", "work")) ==
          std::make_pair(std::string("end_date (4)"), std::string("end date 2024-03-09 is before start date 2024-03-10")));

    // The compact form YYYYMMDD is accepted, and a one-day period is not "end before start".
    PeriodRun ok({period(kFemale1995, "", "20240310", "2024-03-10", "", "work")});
    CHECK(ok.input().rows_accepted == 1);
    REQUIRE(ok.f.data.periods.size() == 1);
    CHECK(ok.f.data.periods[0].start == d("2024-03-10"));
    CHECK(ok.f.data.periods[0].end == d("2024-03-10"));
}

TEST_CASE("Ingestor checks the sex column against the identity number") {
    CHECK(rejected_period(period(kFemale1995, "Q", "2024-01-10")) ==
          std::make_pair(std::string("sex (2)"), std::string("unknown sex 'Q' (expected K, kvinna, F, female, M, man, male, X, icke-binär or non_binary)")));
    CHECK(rejected_period(period(kFemale1995, "M", "2024-01-10")) ==
          std::make_pair(std::string("sex (2)"), std::string("sex 'M' contradicts the identity number (female)")));
    CHECK(rejected_period(period(kMale1995, "kvinna", "2024-01-10")) ==
          std::make_pair(std::string("sex (2)"), std::string("sex 'kvinna' contradicts the identity number (male)")));

    // Agreeing values, blank (derived) and self-reported non-binary are accepted.
    PeriodRun ok({period(kFemale1995, "K", "2024-01-10"), period(kMale1995, "man", "2024-01-10"),
                  period(kFemale1996, "", "2024-01-10"), period(kMale1996, "X", "2024-01-10")});
    CHECK(ok.input().rows_accepted == 4);
    REQUIRE(ok.f.data.persons.size() == 4);
    CHECK(ok.f.data.persons[0].sex == Sex::female);
    CHECK(ok.f.data.persons[1].sex == Sex::male);
    CHECK(ok.f.data.persons[2].sex == Sex::female);
    CHECK(ok.f.data.persons[3].sex == Sex::non_binary);
}

TEST_CASE("Ingestor rejects a later row whose sex differs from the person's earlier row") {
    PeriodRun run({period(kMale1996, "X", "2024-01-10", "2024-02-10", "", "work"), period(kMale1996, "", "2024-05-01")});
    CHECK(run.input().rows_accepted == 1);
    CHECK(run.input().rows_rejected == 1);
    const Rejection& r = rejection_on(run.f.data, 0, 3);
    CHECK(r.column.empty());  // blank sex column: the row as a whole
    CHECK(r.reason == "sex male differs from an earlier row of the same person (non-binary)");
}

TEST_CASE("Ingestor checks setting and exit status - accepting the Swedish labels") {
    CHECK(rejected_period(period(kFemale1995, "", "2024-01-10", "", "på distans")) ==
          std::make_pair(std::string("setting (5)"),
                         std::string("unknown setting 'på distans' (expected i skola, in_school, utanför skola or outside_school)")));
    CHECK(rejected_period(period(kFemale1995, "", "2024-01-10", "2024-02-01", "", "semester")) ==
          std::make_pair(std::string("exit_status (6)"),
                         std::string("unknown exit status 'semester' (expected studier, studies, arbete, work, studier och arbete, "
                                     "studies_and_work, arbetssökande, job_seeking, annan myndighet, other_authority, annan "
                                     "insats, other_measure, avbrott, dropout, ej nådd, not_reached, övrigt, other or okänd, "
                                     "unknown)")));
    CHECK(rejected_period(period(kFemale1995, "", "2024-01-10", "", "", "work")) ==
          std::make_pair(std::string("exit_status (6)"), std::string("an exit status is given but no end date")));

    struct Case {
        const char* text;
        StatusAtExit status;
    };
    const Case cases[] = {
        {"studier", StatusAtExit::studies},
        {"Arbete", StatusAtExit::work},
        {"Studier och arbete", StatusAtExit::studies_and_work},
        {"arbetssökande", StatusAtExit::job_seeking},
        {"annan myndighet", StatusAtExit::other_authority},
        {"Annan insats", StatusAtExit::other_measure},
        {"Avbrott", StatusAtExit::dropout},
        {"ej nådd", StatusAtExit::not_reached},
        {"ÖVRIGT", StatusAtExit::other},
        {"okänd", StatusAtExit::unknown},
        {"studies_and_work", StatusAtExit::studies_and_work},
        {" dropout ", StatusAtExit::dropout},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        PeriodRun run({period(kFemale1995, "", "2024-01-10", "2024-06-10", "I skola", c.text)});
        REQUIRE(run.input().rows_accepted == 1);
        REQUIRE(run.f.data.periods.size() == 1);
        CHECK(run.f.data.periods[0].exit_status == c.status);
        CHECK(run.f.data.periods[0].setting == Setting::in_school);
    }
    PeriodRun outside({period(kFemale1995, "", "2024-01-10", "", "utanför skola")});
    REQUIRE(outside.f.data.periods.size() == 1);
    CHECK(outside.f.data.periods[0].setting == Setting::outside_school);
    CHECK_FALSE(outside.f.data.periods[0].exit_status);
}

TEST_CASE("Ingestor accepts a samordningsnummer and protected-identity codes") {
    // Generated samordningsnummer: 1995-01-01 + 60 = day 61, serial 238,
    // Luhn over 950161238 = 7; 11th digit 8: female.
    // 20010101Tf29 is SCB's protected-identity code for women (default rule).
    PeriodRun run({period("19950161-2387", "", "2024-01-10"), period("20010101Tf29", "", "2024-01-10"),
                   period("20010101Tf29", "M", "2024-03-10")});
    CHECK(run.input().rows_read == 3);
    CHECK(run.input().rows_accepted == 2);
    REQUIRE(run.f.data.persons.size() == 2);
    const Person& coordination = run.f.data.persons[0];
    CHECK(coordination.id == "199501612387");
    CHECK(coordination.kind == IdentityKind::samordningsnummer);
    CHECK(coordination.birth_date == d("1995-01-01"));
    CHECK(coordination.sex == Sex::female);
    const Person& coded = run.f.data.persons[1];
    CHECK(coded.id == "20010101Tf29");
    CHECK(coded.kind == IdentityKind::protected_code);
    CHECK(coded.birth_date == d("2001-01-01"));
    CHECK(coded.sex == Sex::female);
    // The rule implies female, so 'M' contradicts it like it would a number.
    const Rejection& r = rejection_on(run.f.data, 0, 4);
    CHECK(r.column == "sex (2)");
    CHECK(r.reason == "sex 'M' contradicts the identity number (female)");
}

TEST_CASE("Ingestor rejects overlapping periods of one person and names the other line") {
    SECTION("the period starting later is rejected, even when it comes first in the file") {
        PeriodRun run({
            period(kFemale1995, "", "2024-06-01", "", "", ""),                   // line 2: starts later, overlaps line 3
            period(kFemale1995, "", "2024-01-01", "2024-06-01", "", "dropout"),  // line 3: ends the day line 2 starts
            period(kMale1995, "", "2024-01-01", "2024-03-31", "", "work"),       // line 4
            period(kMale1995, "", "2024-04-01", "", "", ""),                     // line 5: starts the day after: fine
        });
        CHECK(run.input().rows_read == 4);
        CHECK(run.input().rows_accepted == 3);
        CHECK(run.input().rows_rejected == 1);
        CHECK(run.f.data.periods.size() == 3);
        const Rejection& r = rejection_on(run.f.data, 0, 2);
        CHECK(r.column == "start_date");
        CHECK(r.reason == "overlaps the period of the same person on line 3 (2024-01-01 – 2024-06-01)");
    }
    SECTION("on the same start date the later line is rejected; an open period overlaps everything after it") {
        PeriodRun run({
            period(kFemale1995, "", "2024-02-01", "", "", ""),                 // line 2: open
            period(kFemale1995, "", "2024-02-01", "2024-03-01", "", "work"),   // line 3: same start
            period(kFemale1995, "", "2025-09-01", "2025-10-01", "", "other"),  // line 4: inside the open period
        });
        CHECK(run.input().rows_accepted == 1);
        CHECK(run.input().rows_rejected == 2);
        REQUIRE(run.f.data.periods.size() == 1);
        CHECK(run.f.data.periods[0].line == 2);
        CHECK(rejection_on(run.f.data, 0, 3).reason == "overlaps the period of the same person on line 2 (2024-02-01 – open)");
        CHECK(rejection_on(run.f.data, 0, 4).reason == "overlaps the period of the same person on line 2 (2024-02-01 – open)");
    }
    SECTION("a period in a second participants input of the same subproject clashes with the first input") {
        Fixture f;
        Ingestor in(f.data, f.config, 0, "test");
        feed(in, RecordKind::participant_period,
             {period(kFemale1995, "", "2024-01-01", "2024-06-30", "", "work"),
              period(kMale1995, "", "2024-01-01", "2024-02-01", "", "work")},
             "first.csv");
        // Checked in order of person (kFemale1995, kMale1995, kFemale1996), then start:
        // kMale1995's first row clashes with the first input, so no row of his is kept
        // yet when his second row is checked.
        feed(in, RecordKind::participant_period,
             {
                 period(kFemale1995, "", "2024-08-01", "", "", ""),            // line 2: after the first input's period
                 period(kMale1995, "", "2024-01-15", "2024-01-20", "", "work"),  // line 3: inside the first input's period
                 period(kMale1995, "", "2024-03-01", "", "", ""),              // line 4: fine
                 period(kFemale1996, "", "2024-03-01", "", "", ""),            // line 5: fine
                 period(kFemale1996, "", "2024-05-01", "", "", ""),            // line 6: inside line 5
             },
             "second.csv");
        REQUIRE(f.data.inputs.size() == 2);
        CHECK(f.data.inputs[1].rows_read == 5);
        CHECK(f.data.inputs[1].rows_accepted == 3);
        CHECK(f.data.inputs[1].rows_rejected == 2);
        const Rejection& r = rejection_on(f.data, 1, 3);
        CHECK(r.column == "start_date");
        CHECK(r.reason == "overlaps a period of the same person in an earlier input (from 2024-01-01)");
        CHECK(rejection_on(f.data, 1, 6).reason == "overlaps the period of the same person on line 5 (2024-03-01 – open)");
        REQUIRE(f.data.periods.size() == 5);
        std::vector<std::uint64_t> second_input_lines;
        for (const ParticipantPeriod& p : f.data.periods)
            if (p.input == 1) second_input_lines.push_back(p.line);
        CHECK(second_input_lines == std::vector<std::uint64_t>{2, 4, 5});
    }
}

TEST_CASE("Ingestor allows one person in two activities at once but not two overlapping periods of one activity") {
    Fixture f;
    Ingestor in(f.data, f.config, 0, "test");
    feed(in, RecordKind::participant_period,
         {
             period(kFemale1995, "", "2024-01-01", "2024-06-30", "", "work", "lovplugg"),         // line 2
             period(kFemale1995, "", "2024-03-01", "2024-09-30", "", "studies", "Individuellt stöd"),  // line 3: another activity
             period(kFemale1995, "", "2024-05-01", "", "", "", "LOVPLUGG"),                         // line 4: inside line 2's lovplugg
             period(kMale1995, "", "2024-02-01", "2024-02-28", "", "work", "lovplugg"),            // line 5
             period(kMale1995, "", "2024-02-15", "", "", "", ""),                                  // line 6: no activity, overlaps nothing of its own
         },
         "first.csv");
    // A second input: its lovplugg period clashes with the first input's, its other activity does not.
    feed(in, RecordKind::participant_period,
         {
             period(kFemale1995, "", "2024-10-01", "", "", "", "individuellt stöd"),  // line 2: after line 3 of first.csv
             period(kMale1995, "", "2024-02-20", "", "", "", "lovplugg"),             // line 3: inside line 5 of first.csv
         },
         "second.csv");
    CHECK(f.data.inputs[0].rows_accepted == 4);
    CHECK(f.data.inputs[0].rows_rejected == 1);
    CHECK(rejection_on(f.data, 0, 4).reason == "overlaps the period of the same person in activity 'lovplugg' on line 2 (2024-01-01 – 2024-06-30)");
    CHECK(f.data.inputs[1].rows_accepted == 1);
    CHECK(rejection_on(f.data, 1, 3).reason ==
          "overlaps a period of the same person in activity 'lovplugg' in an earlier input (from 2024-02-01)");
    // Activities match folded; the first spelling names them.
    CHECK(f.data.activities.at(0) == std::vector<std::string>{"", "lovplugg", "Individuellt stöd"});
    std::vector<std::pair<std::uint64_t, std::uint16_t>> kept;  // line, activity
    for (const ParticipantPeriod& p : f.data.periods) kept.emplace_back(p.line, p.activity);
    CHECK(kept == std::vector<std::pair<std::uint64_t, std::uint16_t>>{{2, 1}, {3, 2}, {5, 1}, {6, 0}, {2, 2}});

    // Other rows need a day inside any of the person's periods, whatever the activity:
    // kFemale1995 takes part 2024-01-01..09-30 (lovplugg, then individuellt stöd) and from 10-01.
    feed(in, RecordKind::hours,
         {
             {kFemale1995, "2024-08-15", "3", ""},  // line 2: only in individuellt stöd: fine
             {kFemale1995, "2024-09-30", "3", ""},  // line 3: the last day of line 3's period
             {kFemale1995, "2024-12-01", "3", ""},  // line 4: in second.csv's open period
             {kMale1995, "2024-01-31", "3", ""},    // line 5: before both of his periods
         },
         "hours.csv");
    CHECK(f.data.inputs[2].rows_accepted == 3);
    CHECK(rejection_on(f.data, 2, 5).reason == "date 2024-01-31 is outside the person's participation periods");
}

TEST_CASE("Ingestor reads the activity under its Swedish header insats") {
    CHECK(sdk::header_alias(RecordKind::participant_period, "insats") == "activity");
    CHECK(sdk::header_alias(RecordKind::participant_period, "aktivitet") == "activity");
    CHECK(sdk::field_index(RecordKind::participant_period, "activity") == int(sdk::period_activity));
    // Under the KAA register "insats" is still the measure.
    CHECK(sdk::header_alias(RecordKind::kaa, "insats") == "measure");
}

TEST_CASE("Ingestor allows the same person in two subprojects at the same time") {
    Fixture f;
    Ingestor kumla(f.data, f.config, 0, "test");
    Ingestor lindesberg(f.data, f.config, 1, "test");
    feed(kumla, RecordKind::participant_period, {period(kFemale1995, "", "2024-01-01")});
    feed(lindesberg, RecordKind::participant_period, {period(kFemale1995, "", "2024-02-01", "2024-05-01", "", "work")});
    CHECK(f.data.rejections.empty());
    REQUIRE(f.data.periods.size() == 2);
    REQUIRE(f.data.persons.size() == 1);  // one person, two periods
    CHECK(f.data.periods[0].person == f.data.periods[1].person);
    CHECK(f.data.periods[0].subproject == 0);
    CHECK(f.data.periods[1].subproject == 1);
}

TEST_CASE("Ingestor rejects assessments - attendance and hours of a person with no period in the subproject") {
    Fixture f;
    Ingestor kumla(f.data, f.config, 0, "test");
    Ingestor lindesberg(f.data, f.config, 1, "test");
    feed(kumla, RecordKind::participant_period, {period(kFemale1995, "", "2024-01-01")});
    // kMale1995 is enrolled nowhere; kFemale1995 only in kumla.
    feed(lindesberg, RecordKind::assessment, {{kFemale1995, "2024-02-01", "ladder", "3"}});
    feed(lindesberg, RecordKind::attendance, {{kMale1995, "2024-02-01", "2024-02-29", "40", "4", ""}});
    feed(lindesberg, RecordKind::hours, {{kFemale1995, "2024-02-01", "3", ""}});
    const std::string reason = "the person has no participation period in subproject 'lindesberg'";
    for (std::uint32_t input = 1; input <= 3; ++input) {
        const Rejection& r = rejection_on(f.data, input, 2);
        CHECK(r.column == "person_id (1)");
        CHECK(r.reason == reason);
        CHECK(r.subproject == 1);
    }
    CHECK(f.data.assessments.empty());
    CHECK(f.data.attendance.empty());
    CHECK(f.data.micro_hours.empty());
    require_balanced(f.data);
}

TEST_CASE("Ingestor names the rejected participant row behind an hours - assessment or attendance row of its person") {
    Fixture f;
    Ingestor kumla(f.data, f.config, 0, "test");
    // Line 2: the end date is before the start; the person has no other period.
    feed(kumla, RecordKind::participant_period, {period(kFemale1995, "", "2024-03-01", "2024-02-01")}, "participants.csv");
    feed(kumla, RecordKind::hours, {{kFemale1995, "2024-02-01", "3", ""}}, "hours.csv");
    feed(kumla, RecordKind::assessment, {{kFemale1995, "2024-02-01", "ladder", "3"}}, "assessments.csv");
    // A person never in participants.csv keeps the plain reason and no cause.
    feed(kumla, RecordKind::attendance, {{kMale1995, "2024-02-01", "2024-02-29", "40", "4", ""}}, "attendance.csv");
    const std::string cause = "end date 2024-02-01 is before start date 2024-03-01";
    for (std::uint32_t input = 1; input <= 2; ++input) {
        const Rejection& r = rejection_on(f.data, input, 2);
        CHECK(r.column == "person_id (1)");
        CHECK(r.reason == "the person's participant row participants.csv:2 was rejected (" + cause +
                              "), so the person has no participation period in subproject 'kumla'");
        CHECK(r.cause == cause);
    }
    const Rejection& plain = rejection_on(f.data, 3, 2);
    CHECK(plain.reason == "the person has no participation period in subproject 'kumla'");
    CHECK(plain.cause.empty());
    require_balanced(f.data);
}

TEST_CASE("Ingestor checks assessments against the configured scales") {
    Fixture f;
    Ingestor in(f.data, f.config, 0, "test");
    feed(in, RecordKind::participant_period, {period(kFemale1995, "", "2024-01-01")});
    feed(in, RecordKind::assessment,
         {
             {kFemale1995, "2024-02-01", "ladder", "3"},       // line 2
             {kFemale1995, "2024-03-01", "goal", "partly"},    // line 3
             {kFemale1995, "2024-03-01", "stege", "3"},        // line 4: unknown scale
             {kFemale1995, "2024-03-01", "ladder", "6"},       // line 5: not a step
             {kFemale1995, "2024-03-01", "ladder", "3.0"},     // line 6: steps are matched as written
             {kFemale1995, "2024-03-32", "ladder", "3"},       // line 7: bad date
         });
    CHECK(f.data.inputs[1].rows_read == 6);
    CHECK(f.data.inputs[1].rows_accepted == 2);
    CHECK(f.data.inputs[1].rows_rejected == 4);
    REQUIRE(f.data.assessments.size() == 2);
    CHECK(f.data.assessments[0].scale == 0);
    CHECK(f.data.assessments[0].step == 2);  // "3" is the third step
    CHECK(f.data.assessments[1].scale == 1);
    CHECK(f.data.assessments[1].step == 1);
    CHECK(rejection_on(f.data, 1, 4).column == "scale (3)");
    CHECK(rejection_on(f.data, 1, 4).reason == "unknown scale 'stege' (expected ladder, goal)");
    CHECK(rejection_on(f.data, 1, 5).column == "value (4)");
    CHECK(rejection_on(f.data, 1, 5).reason == "value '6' is not a step of scale 'ladder' (1 … 5)");
    CHECK(rejection_on(f.data, 1, 6).reason == "value '3.0' is not a step of scale 'ladder' (1 … 5)");
    CHECK(rejection_on(f.data, 1, 7).column == "date (2)");
    CHECK(rejection_on(f.data, 1, 7).reason == "not a date: '2024-03-32' (expected YYYY-MM-DD)");
}

TEST_CASE("Ingestor offers only the scales of the subproject") {
    Fixture f;
    f.config.subprojects[1].scales = {"goal"};
    Ingestor in(f.data, f.config, 1, "test");
    feed(in, RecordKind::participant_period, {period(kFemale1995, "", "2024-01-01")});
    feed(in, RecordKind::assessment, {{kFemale1995, "2024-02-01", "ladder", "3"}});
    CHECK(rejection_on(f.data, 1, 2).reason == "unknown scale 'ladder' (expected goal)");
}

TEST_CASE("Ingestor checks attendance hours") {
    Fixture f;
    Ingestor in(f.data, f.config, 0, "test");
    feed(in, RecordKind::participant_period, {period(kFemale1995, "", "2024-01-01")});
    feed(in, RecordKind::attendance,
         {
             {kFemale1995, "2024-02-01", "2024-02-29", "40", "7,5", "2.5"},  // line 2: fine
             {kFemale1995, "2024-03-01", "2024-03-31", "40", "40", ""},      // line 3: all absent is fine
             {kFemale1995, "2024-04-01", "2024-04-30", "40", "40,5", ""},    // line 4: absent > scheduled
             {kFemale1995, "2024-05-01", "2024-05-31", "0", "0", ""},        // line 5: nothing scheduled
             {kFemale1995, "2024-06-30", "2024-06-01", "40", "4", ""},       // line 6: end before start
             {kFemale1995, "2024-07-01", "2024-07-31", "40", "5", "6"},      // line 7: invalid > absent
             {kFemale1995, "2024-08-01", "2024-08-31", "fyrtio", "5", ""},   // line 8: not a number
         });
    CHECK(f.data.inputs[1].rows_read == 7);
    CHECK(f.data.inputs[1].rows_accepted == 2);
    REQUIRE(f.data.attendance.size() == 2);
    CHECK(f.data.attendance[0].scheduled_hours == 40.0);
    CHECK(f.data.attendance[0].absent_hours == 7.5);
    CHECK(f.data.attendance[0].invalid_absent_hours == 2.5);
    CHECK_FALSE(f.data.attendance[1].invalid_absent_hours);
    CHECK(rejection_on(f.data, 1, 4).column == "absent_hours (5)");
    CHECK(rejection_on(f.data, 1, 4).reason == "absent hours exceed scheduled hours");
    CHECK(rejection_on(f.data, 1, 5).column == "scheduled_hours (4)");
    CHECK(rejection_on(f.data, 1, 5).reason == "scheduled hours must be more than 0");
    CHECK(rejection_on(f.data, 1, 6).column == "period_end (3)");
    CHECK(rejection_on(f.data, 1, 6).reason == "period end 2024-06-01 is before period start 2024-06-30");
    CHECK(rejection_on(f.data, 1, 7).column == "invalid_absent_hours (6)");
    CHECK(rejection_on(f.data, 1, 7).reason == "invalid absent hours exceed absent hours");
    CHECK(rejection_on(f.data, 1, 8).column == "scheduled_hours (4)");
    CHECK(rejection_on(f.data, 1, 8).reason == "not a number of hours: 'fyrtio' (expected e.g. 7 or 7,5)");
    require_balanced(f.data);
}

TEST_CASE("Ingestor sums decimal hours exactly per person and month") {
    Fixture f;
    Ingestor in(f.data, f.config, 0, "test");
    feed(in, RecordKind::participant_period,
         {period(kFemale1995, "", "2024-01-01", "2024-02-10", "", "work"), period(kMale1995, "", "2024-01-01")});
    std::vector<Row> hours;
    // 0.1 hours ten times in January = exactly 1 hour (1 000 000 micro-hours);
    // a double sum of 0.1 ten times is 0.9999999999999999 and would round down to 0.
    for (int day = 1; day <= 10; ++day) hours.push_back({kFemale1995, "2024-01-" + std::string(day < 10 ? "0" : "") + std::to_string(day), day % 2 ? "0,1" : "0.1", ""});
    // February: 2,5 + 2.5 + 0,25 = 5.25 hours = 5 250 000 micro-hours.
    hours.push_back({kFemale1995, "2024-02-01", "2,5", "coaching"});   // line 12
    hours.push_back({kFemale1995, "2024-02-02", "2.5", ""});           // line 13
    hours.push_back({kFemale1995, "2024-02-10", ",25", ""});           // line 14: the last day of the period
    hours.push_back({kFemale1995, "2024-02-11", "1", ""});             // line 15: after the period ended
    hours.push_back({kFemale1995, "2023-12-31", "1", ""});             // line 16: before it began
    hours.push_back({kFemale1995, "2024-02-05", "24,5", ""});          // line 17: more than a day
    hours.push_back({kFemale1995, "2024-02-05", "2,5 h", ""});         // line 18: not a number
    hours.push_back({kFemale1995, "2024-02-05", "", ""});              // line 19: missing
    hours.push_back({kMale1995, "2025-12-31", "7,75", ""});            // line 20: open period
    feed(in, RecordKind::hours, hours, "hours.csv");

    const InputRecord& input = f.data.inputs.at(1);
    CHECK(input.rows_read == 19);
    CHECK(input.rows_accepted == 14);
    CHECK(input.rows_rejected == 5);
    const PersonIndex female = f.data.person_by_id.at(kFemale1995);
    const PersonIndex male = f.data.person_by_id.at(kMale1995);
    REQUIRE(f.data.micro_hours.size() == 3);
    CHECK(f.data.micro_hours.at({0, female, d("2024-01-15").month_index()}) == 1'000'000);
    CHECK(f.data.micro_hours.at({0, female, d("2024-02-15").month_index()}) == 5'250'000);
    CHECK(f.data.micro_hours.at({0, male, d("2025-12-01").month_index()}) == 7'750'000);

    CHECK(rejection_on(f.data, 1, 15).column == "date (2)");
    CHECK(rejection_on(f.data, 1, 15).reason == "date 2024-02-11 is outside the person's participation periods");
    CHECK(rejection_on(f.data, 1, 16).reason == "date 2023-12-31 is outside the person's participation periods");
    CHECK(rejection_on(f.data, 1, 17).column == "hours (3)");
    CHECK(rejection_on(f.data, 1, 17).reason == "more than 24 hours in one day");
    CHECK(rejection_on(f.data, 1, 18).reason == "not a number of hours: '2,5 h' (expected e.g. 3 or 2,5)");
    CHECK(rejection_on(f.data, 1, 19).reason == "hours is missing");
}

TEST_CASE("Ingestor counts rows a plugin rejects itself") {
    Fixture f;
    Ingestor in(f.data, f.config, 0, "test");
    in.begin_input(RecordKind::participant_period, "participants.csv");
    const std::string a = kFemale1995, start = "2024-01-01";
    const sdk::Field fields[9] = {{a, 1}, {"", 2}, {start, 3}, {"", 4}, {"", 5}, {"", 6}, {"", 7}, {"", 8}, {"", 9}};
    in.record(2, fields, 9);
    in.reject(3, 4, "end_date", "unterminated quote");
    in.reject(4, 0, "", "10 fields, expected 8");
    in.record(5, fields, 3);  // a plugin handing over too few fields
    in.end_input();
    CHECK(in.protocol_error().empty());
    const InputRecord& input = f.data.inputs.at(0);
    CHECK(input.rows_read == 4);
    CHECK(input.rows_accepted == 1);
    CHECK(input.rows_rejected == 3);
    CHECK(rejection_on(f.data, 0, 3).column == "end_date (4)");
    CHECK(rejection_on(f.data, 0, 3).reason == "unterminated quote");
    CHECK(rejection_on(f.data, 0, 4).column.empty());
    CHECK(rejection_on(f.data, 0, 4).reason == "10 fields, expected 8");
    CHECK(rejection_on(f.data, 0, 5).column.empty());
    CHECK(rejection_on(f.data, 0, 5).reason == "the plugin delivered 3 fields, expected 9");

    // A record outside any input breaks the plugin contract.
    in.record(6, fields, 8);
    CHECK(in.protocol_error() == "delivered a record outside any input");
    CHECK(input.rows_read == 4);
}

TEST_CASE("Ingestor keeps rows read = accepted + rejected for every input") {
    Fixture f;
    Ingestor in(f.data, f.config, 0, "test");
    feed(in, RecordKind::participant_period,
         {period(kFemale1995, "", "2024-01-01", "2024-03-01", "", "work"), period(kFemale1995, "", "2024-02-01"),
          period("199501012381", "", "2024-01-01"), period(kMale1995, "", "2024-01-01"), period(kFemale1996, "Q", "2024-01-01")});
    feed(in, RecordKind::assessment, {{kFemale1995, "2024-02-01", "ladder", "3"}, {kMale1996, "2024-02-01", "ladder", "3"}});
    feed(in, RecordKind::attendance, {{kMale1995, "2024-02-01", "2024-02-29", "40", "41", ""}});
    feed(in, RecordKind::hours, {{kMale1995, "2024-02-01", "2", ""}, {kMale1995, "2023-02-01", "2", ""}});
    REQUIRE(f.data.inputs.size() == 4);
    CHECK(in.inputs() == std::vector<std::uint32_t>{0, 1, 2, 3});
    // participants: 5 read, lines 3 (overlap), 4 (check digit), 6 (sex) rejected.
    CHECK(f.data.inputs[0].rows_read == 5);
    CHECK(f.data.inputs[0].rows_accepted == 2);
    CHECK(f.data.inputs[1].rows_accepted == 1);
    CHECK(f.data.inputs[2].rows_rejected == 1);
    CHECK(f.data.inputs[3].rows_accepted == 1);
    CHECK(f.data.rejections.size() == 3 + 1 + 1 + 1);
    require_balanced(f.data);
}

TEST_CASE("Ingestor takes other_affected from the source and warns about the rest") {
    Fixture f;
    Ingestor in(f.data, f.config, 1, "test");
    REQUIRE(f.data.other_affected.size() == 2);
    CHECK_FALSE(f.data.other_affected[1]);
    in.aggregate("other_affected", 17);
    in.aggregate("other_affected", -3);
    in.aggregate("visitors", 4);
    CHECK(f.data.other_affected[1] == 17);
    CHECK_FALSE(f.data.other_affected[0]);
    CHECK(f.data.warnings == std::vector<std::string>{
                                 "lindesberg: other_affected from the source is negative and was ignored",
                                 "lindesberg: unknown aggregate 'visitors' ignored"});
}

TEST_CASE("parse_micro_units reads plain decimals with point or comma into millionths") {
    CHECK(parse_micro_units("7") == 7'000'000);
    CHECK(parse_micro_units("7,5") == 7'500'000);
    CHECK(parse_micro_units("7.5") == 7'500'000);
    CHECK(parse_micro_units("0.1") == 100'000);
    CHECK(parse_micro_units(",25") == 250'000);
    CHECK(parse_micro_units("3.") == 3'000'000);
    CHECK(parse_micro_units("0") == 0);
    CHECK(parse_micro_units("0.000001") == 1);
    CHECK(parse_micro_units("1,123456") == 1'123'456);
    CHECK(parse_micro_units("1000000000") == 1'000'000'000'000'000);
    CHECK_FALSE(parse_micro_units("1.1234567"));  // seven decimals
    CHECK_FALSE(parse_micro_units("12345678901"));  // too large
    CHECK_FALSE(parse_micro_units(""));
    CHECK_FALSE(parse_micro_units("."));
    CHECK_FALSE(parse_micro_units(","));
    CHECK_FALSE(parse_micro_units("-1"));
    CHECK_FALSE(parse_micro_units("+1"));
    CHECK_FALSE(parse_micro_units(" 1"));
    CHECK_FALSE(parse_micro_units("1 "));
    CHECK_FALSE(parse_micro_units("1,5,0"));
    CHECK_FALSE(parse_micro_units("1.000,5"));
    CHECK_FALSE(parse_micro_units("1e3"));
    CHECK_FALSE(parse_micro_units("2 h"));
}

TEST_CASE("Ingestor accepts KAA register rows of young people who are not participants") {
    Fixture f;
    Ingestor in{f.data, f.config, 0, "test"};
    // person_id, municipality, responsibility_start, responsibility_end, occupation, measure,
    // measure_start, measure_end, address, email, phone
    feed(in, RecordKind::kaa,
         {{"200001012384", "Kumla", "2024-01-10", "2024-05-31", "studier", "Coachning", "2024-02-01", "2024-05-15", "", "", ""},  // 2 ok
          {"200001012385", "Kumla", "2024-01-10", "", "", "", "", "", "", "", ""},                                            // 3 check digit
          {"200001011493", "Kumla", "2024-03-01", "2024-02-01", "", "", "", "", "", "", ""},                                  // 4 ends first
          {"200001012392", "", "2024-03-01", "", "", "Praktik", "", "2024-04-01", "", "", ""},                                // 5 end w/o start
          {"200001012392", "", "2024-03-01", "", "", "Praktik", "2024-04-01", "2024-03-15", "", "", ""}},                     // 6 measure backwards
         "kaa.csv");
    require_balanced(f.data);
    REQUIRE(f.data.kaa.size() == 1);
    const KaaRecord& k = f.data.kaa[0];
    CHECK(f.data.persons[k.person].id == "200001012384");
    CHECK(f.data.persons[k.person].sex == Sex::female);
    CHECK(k.municipality == "Kumla");
    CHECK(k.responsibility_end->iso() == "2024-05-31");
    CHECK(k.measure == "Coachning");
    CHECK(k.measure_start->iso() == "2024-02-01");
    CHECK(f.data.periods.empty());  // no participation period needed, none created
    CHECK(rejection_on(f.data, 0, 3).reason == "wrong check digit (expected 4)");
    CHECK(rejection_on(f.data, 0, 4).column == "responsibility_end (4)");
    CHECK(rejection_on(f.data, 0, 4).reason == "responsibility end 2024-02-01 is before responsibility start 2024-03-01");
    CHECK(rejection_on(f.data, 0, 5).reason == "a measure end is given but no measure start");
    CHECK(rejection_on(f.data, 0, 6).reason == "measure end 2024-03-15 is before measure start 2024-04-01");
}

// --- Bounds, duplicates and masking (issue 8) ---------------------------------

namespace {

// A participants row with e-mail and mobile.
Row period_with_contact(const std::string& id, const std::string& email, const std::string& mobile) {
    return {id, "", "2024-01-01", "", "", "", email, mobile, ""};
}

std::string iso_day(Date first, int offset) { return Date::from_days(first.days() + offset).iso(); }

}  // namespace

TEST_CASE("Ingestor rejects a field holding a NUL byte naming its column") {
    // Seen: an e-mail with a NUL was cut to its first byte in the SCB file.
    CHECK(rejected_period(period_with_contact(kFemale1995, std::string("a\0@b.se", 6), "")) ==
          std::make_pair(std::string("email (7)"), std::string("contains a NUL byte")));
    CHECK(rejected_period(period(kFemale1995, "", std::string("2024-01-10\0", 11))) ==
          std::make_pair(std::string("start_date (3)"), std::string("contains a NUL byte")));
}

TEST_CASE("Ingestor rejects a field longer than its column allows") {
    // Seen: a 40,000-character e-mail was silently dropped from the SCB workbook.
    CHECK(rejected_period(period_with_contact(kFemale1995, std::string(250, 'a') + "@b.se", "")) ==
          std::make_pair(std::string("email (7)"), std::string("too long: 255 characters (at most 254)")));
    CHECK(rejected_period(period_with_contact(kFemale1995, "", std::string(33, '7'))) ==
          std::make_pair(std::string("mobile (8)"), std::string("too long: 33 characters (at most 32)")));
    CHECK(rejected_period(period(kFemale1995, "", "2024-01-10", "", std::string(201, 'x'))) ==
          std::make_pair(std::string("setting (5)"), std::string("too long: 201 characters (at most 200)")));
    PeriodRun longest({period_with_contact(kFemale1995, std::string(249, 'a') + "@b.se", std::string(32, '7'))});
    CHECK(longest.input().rows_accepted == 1);

    // Seen: a person_id of 50,000 characters under a permissive rule: SIGSEGV.
    Fixture f;
    f.config.protected_identity.push_back({R"(\d{8}.*)", Sex::unknown});
    Ingestor in(f.data, f.config, 0, "test");
    feed(in, RecordKind::participant_period, {period("19900101" + std::string(50000, 'x'), "", "2024-01-01")});
    CHECK(rejection_on(f.data, 0, 2).column == "person_id (1)");
    CHECK(rejection_on(f.data, 0, 2).reason == "too long: 50008 characters (at most 32)");

    // Free text in a KAA row has Excel's limit of 32,767 characters a cell.
    feed(in, RecordKind::kaa,
         {{"200001012384", "Kumla", "2024-01-10", "", "", "", "", "", std::string(32767, 'a'), "", ""},
          {"200001012384", "Kumla", "2024-01-10", "", "", "", "", "", std::string(32768, 'a'), "", ""}},
         "kaa.csv");
    CHECK(f.data.kaa.size() == 1);
    CHECK(rejection_on(f.data, 1, 3).column == "address (9)");
    CHECK(rejection_on(f.data, 1, 3).reason == "too long: 32768 characters (at most 32767)");
}

TEST_CASE("Ingestor adds a person's hours of one day across rows to at most 24") {
    Fixture f;
    Ingestor in(f.data, f.config, 0, "test");
    feed(in, RecordKind::participant_period, {period(kFemale1995, "", "2024-01-01"), period(kMale1995, "", "2024-01-01")});
    feed(in, RecordKind::hours,
         {{kFemale1995, "2024-02-01", "8", "school"},        // 2
          {kFemale1995, "2024-02-01", "8", "coaching"},      // 3
          {kFemale1995, "2024-02-01", "7,5", "sport"},       // 4: 23,5
          {kFemale1995, "2024-02-01", "0,5", "lunch"},       // 5: exactly 24
          {kFemale1995, "2024-02-01", "0,25", "extra"},      // 6: 24,25
          {kFemale1995, "2024-02-02", "20", "school"},       // 7: another day
          {kMale1995, "2024-02-01", "20", "school"}},        // 8: another person
         "hours.csv");
    // Seen: several rows of one day added up to 60 hours.
    const Rejection& r = rejection_on(f.data, 1, 6);
    CHECK(r.column == "hours (3)");
    CHECK(r.reason == "takes the person's hours on 2024-02-01 to 24,25 (at most 24 a day; already counted: "
                      "line 2, line 3, line 4 and 1 more)");
    CHECK(f.data.inputs[1].rows_accepted == 6);
    const PersonIndex female = f.data.person_by_id.at(kFemale1995);
    CHECK(f.data.micro_hours.at({0, female, d("2024-02-01").month_index()}) == 44'000'000);
    require_balanced(f.data);
}

TEST_CASE("Ingestor finds duplicate hours among many rows of one day and by activities of any length") {
    Fixture f;
    Ingestor in(f.data, f.config, 0, "test");
    feed(in, RecordKind::participant_period, {period(kFemale1995, "", "2024-01-01")});
    const std::string visit = "study visit at the municipality";  // longer than 15 bytes
    feed(in, RecordKind::hours,
         {{kFemale1995, "2024-02-01", "1", "school"},       // 2
          {kFemale1995, "2024-02-01", "1", "coaching"},     // 3
          {kFemale1995, "2024-02-01", "1", "sport"},        // 4
          {kFemale1995, "2024-02-01", "1", visit},          // 5: the day's fourth row
          {kFemale1995, "2024-02-01", "1", "lunch"},        // 6
          {kFemale1995, "2024-02-01", "1", "lunch"},        // 7: as 6
          {kFemale1995, "2024-02-01", "1", visit},          // 8: as 5
          {kFemale1995, "2024-02-01", "1", visit + "!"},    // 9: another activity
          {kFemale1995, "2024-02-01", "1", "school"},       // 10: as 2
          {kFemale1995, "2024-02-01", "1", ""},             // 11: no activity is one activity
          {kFemale1995, "2024-02-01", "1", ""},             // 12: as 11
          {kFemale1995, "2024-02-02", "1", "lunch"}},       // 13: another day
         "hours.csv");
    CHECK(rejection_on(f.data, 1, 7).reason == "duplicate of line 6 (same person, date and activity)");
    CHECK(rejection_on(f.data, 1, 8).reason == "duplicate of line 5 (same person, date and activity)");
    CHECK(rejection_on(f.data, 1, 10).reason == "duplicate of line 2 (same person, date and activity)");
    CHECK(rejection_on(f.data, 1, 12).reason == "duplicate of line 11 (same person, date and activity)");
    CHECK(f.data.inputs[1].rows_accepted == 8);
    CHECK(f.data.inputs[1].rows_rejected == 4);
    const PersonIndex female = f.data.person_by_id.at(kFemale1995);
    CHECK(f.data.micro_hours.at({0, female, d("2024-02-01").month_index()}) == 8'000'000);
    require_balanced(f.data);
}

TEST_CASE("Ingestor rejects duplicate hours - attendance and assessment rows naming the earlier line") {
    Fixture f;
    Ingestor in(f.data, f.config, 0, "test");
    feed(in, RecordKind::participant_period, {period(kFemale1995, "", "2024-01-01")});
    feed(in, RecordKind::hours,
         {{kFemale1995, "2024-02-01", "2", "coaching"},   // 2
          {kFemale1995, "2024-02-01", "3", "coaching"},   // 3: same person, date and activity
          {kFemale1995, "2024-02-01", "2", ""},           // 4: another activity (none)
          {kFemale1995, "2024-02-01", "1", ""}},          // 5: same as 4
         "hours.csv");
    CHECK(rejection_on(f.data, 1, 3).column.empty());
    CHECK(rejection_on(f.data, 1, 3).reason == "duplicate of line 2 (same person, date and activity)");
    CHECK(rejection_on(f.data, 1, 5).reason == "duplicate of line 4 (same person, date and activity)");
    // A second hours file of the subproject: the earlier line is named with its file.
    feed(in, RecordKind::hours, {{kFemale1995, "2024-02-01", "1", "coaching"}}, "more-hours.csv");
    CHECK(rejection_on(f.data, 2, 2).reason == "duplicate of line 2 of hours.csv (same person, date and activity)");

    // Seen: an identical attendance row was counted twice.
    feed(in, RecordKind::attendance,
         {{kFemale1995, "2024-02-01", "2024-02-29", "40", "4", ""},    // 2
          {kFemale1995, "2024-02-01", "2024-02-29", "40", "4", ""},    // 3: identical
          {kFemale1995, "2024-02-01", "2024-02-29", "30", "0", ""},    // 4: same period, other figures
          {kFemale1995, "2024-03-01", "2024-03-31", "40", "4", ""}},   // 5: another period
         "attendance.csv");
    CHECK(rejection_on(f.data, 3, 3).reason == "duplicate of line 2 (same person and period)");
    CHECK(rejection_on(f.data, 3, 4).reason == "duplicate of line 2 (same person and period)");
    CHECK(f.data.attendance.size() == 2);

    feed(in, RecordKind::assessment,
         {{kFemale1995, "2024-02-01", "ladder", "3"},   // 2
          {kFemale1995, "2024-02-01", "ladder", "4"},   // 3: same person, scale and date
          {kFemale1995, "2024-02-01", "goal", "fully"}, // 4: another scale
          {kFemale1995, "2024-02-02", "ladder", "4"}},  // 5: another date
         "assessments.csv");
    CHECK(rejection_on(f.data, 4, 3).reason == "duplicate of line 2 (same person, scale and date)");
    CHECK(f.data.assessments.size() == 3);
    require_balanced(f.data);
}

TEST_CASE("Ingestor masks every digit run of six or more in reasons - warnings and aggregate keys") {
    Fixture f;
    Ingestor in(f.data, f.config, 0, "test");
    // Seen: exit status '199801022394 ****' showed the whole number.
    feed(in, RecordKind::participant_period, {period(kFemale1995, "", "2024-01-01", "2024-02-01", "", "199801022394 Anna")});
    CHECK(rejection_on(f.data, 0, 2).reason ==
          "unknown exit status '************ Anna' (expected studier, studies, arbete, work, studier och arbete, "
          "studies_and_work, arbetssökande, job_seeking, annan myndighet, other_authority, annan insats, other_measure, "
          "avbrott, dropout, ej nådd, not_reached, övrigt, other or okänd, unknown)");
    // Seen: a header cell holding a personnummer reached manifest.json.
    in.warning("participants.csv: column 9 '199801022394' is not used; ignored");
    // Seen: a personnummer as an aggregates.csv key was printed whole.
    in.aggregate("19980102-2394", 3);
    in.begin_input(RecordKind::participant_period, "more.csv");
    in.reject(2, 9, "199801022394", "value '9801022394' cannot be read");
    in.end_input();
    CHECK(f.data.warnings == std::vector<std::string>{"kumla: participants.csv: column 9 '************' is not used; ignored",
                                                      "kumla: unknown aggregate '********-2394' ignored"});
    CHECK(rejection_on(f.data, 1, 2).column == "************ (9)");
    CHECK(rejection_on(f.data, 1, 2).reason == "value '**********' cannot be read");
}

TEST_CASE("Ingestor checks 160000 periods of one person in n log n") {
    // Seen: 160,000 periods of one person took 30 s (every period compared
    // with every other). Three times that work here: the periods of one input,
    // as many again in a second input checked against the first, and one hours
    // row per period found among them. A quadratic check needs far longer than
    // the CTest timeout; no time is asserted.
    constexpr int kPeriods = 160000;
    const Date first = d("1500-01-01");
    Fixture f;
    Ingestor in(f.data, f.config, 0, "test");
    std::vector<Row> rows, later, hours;
    rows.reserve(kPeriods);
    // One-day periods on even days in the first input, odd days in the second.
    for (int i = 0; i < kPeriods; ++i) rows.push_back(period(kFemale1995, "", iso_day(first, 2 * i), iso_day(first, 2 * i), "", "work"));
    for (int i = 0; i < kPeriods; ++i) later.push_back(period(kFemale1995, "", iso_day(first, 2 * i + 1), iso_day(first, 2 * i + 1), "", "work"));
    later.back()[2] = iso_day(first, 2 * kPeriods - 2);  // the last one overlaps the first input's last
    for (int i = 0; i < kPeriods; ++i) hours.push_back({kFemale1995, iso_day(first, 2 * i), "1", ""});
    feed(in, RecordKind::participant_period, rows, "first.csv");
    feed(in, RecordKind::participant_period, later, "second.csv");
    feed(in, RecordKind::hours, hours, "hours.csv");
    CHECK(f.data.inputs[0].rows_accepted == kPeriods);
    CHECK(f.data.inputs[1].rows_accepted == kPeriods - 1);
    CHECK(rejection_on(f.data, 1, kPeriods + 1).reason ==
          "overlaps a period of the same person in an earlier input (from " + iso_day(first, 2 * kPeriods - 2) + ")");
    CHECK(f.data.inputs[2].rows_accepted == kPeriods);
    CHECK(f.data.periods.size() == 2 * kPeriods - 1);
    require_balanced(f.data);
}

TEST_CASE("Ingestor maps a subproject's own words onto labels before it checks them") {
    Fixture f;
    f.config.subprojects[0].values = {{"exit_status", "Gått till studier", "studies"},
                                      {"exit_status", "Fått jobb", "arbete"},
                                      {"setting", "Skola", "in_school"},
                                      {"sex", "Kvinnlig", "K"}};
    Ingestor in(f.data, f.config, 0, "test");
    feed(in, RecordKind::participant_period,
         {period(kFemale1995, "kvinnlig", "2024-01-01", "2024-02-01", " SKOLA ", "gått till studier"),
          period(kMale1995, "", "2024-01-01", "2024-02-01", "utanför skola", "Fått jobb"),
          // The built-in labels still hold; the map does not replace them.
          period(kFemale1996, "K", "2024-01-01", "2024-02-01", "in_school", "work"),
          period(kMale1996, "", "2024-01-01", "2024-02-01", "Skolan", "Slutat")},
         "participants.csv");
    REQUIRE(f.data.periods.size() == 3);
    CHECK(f.data.persons[f.data.periods[0].person].sex == Sex::female);
    CHECK(f.data.periods[0].setting == Setting::in_school);
    CHECK(f.data.periods[0].exit_status == StatusAtExit::studies);
    CHECK(f.data.periods[1].setting == Setting::outside_school);
    CHECK(f.data.periods[1].exit_status == StatusAtExit::work);
    CHECK(f.data.periods[2].setting == Setting::in_school);
    CHECK(f.data.periods[2].exit_status == StatusAtExit::work);
    // A word neither the map nor the labels know: the row is rejected naming
    // the word and every word that would have been accepted.
    const Rejection& r = rejection_on(f.data, 0, 5);
    CHECK(r.column == "setting (5)");
    CHECK(r.reason == "unknown setting 'Skolan' (expected this subproject's 'Skola', or i skola, in_school, utanför skola "
                      "or outside_school)");
    require_balanced(f.data);
}

TEST_CASE("Ingestor names the subproject's mapped words for an unknown exit status") {
    Fixture f;
    f.config.subprojects[0].values = {{"exit_status", "Gått till studier", "studies"}, {"exit_status", "Fått jobb", "work"}};
    Ingestor in(f.data, f.config, 0, "test");
    feed(in, RecordKind::participant_period, {period(kMale1996, "", "2024-01-01", "2024-02-01", "", "Slutat")});
    CHECK(rejection_on(f.data, 0, 2).reason ==
          "unknown exit status 'Slutat' (expected this subproject's 'Gått till studier', 'Fått jobb', or studier, "
          "studies, arbete, work, studier och arbete, studies_and_work, arbetssökande, job_seeking, annan myndighet, "
          "other_authority, annan insats, other_measure, avbrott, dropout, ej nådd, not_reached, övrigt, other or "
          "okänd, unknown)");
    // Another subproject's map does not apply.
    Ingestor other(f.data, f.config, 1, "test");
    feed(other, RecordKind::participant_period, {period(kFemale1995, "", "2024-01-01", "2024-02-01", "", "Fått jobb")});
    CHECK(rejection_on(f.data, 1, 2).reason.rfind("unknown exit status 'Fått jobb' (expected studier, studies,", 0) == 0);
}
