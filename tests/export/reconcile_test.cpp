// reconcile: stated figures against computed ones and against each other, on
// a hand-built dataset, and the stated file's errors.
#include "../core/issue4_test_data.hpp"

#include <esfreport/export/reconcile.hpp>

#include <catch2/catch.hpp>

using namespace esfreport;
using namespace esfreport::test;

namespace {

// Kumla: Anna (F, exited to studies), Berit (F, active), David (M, exited to
// work); Karlskoga: Erik (M, dropped out), Filip (M, exited to studies).
// Other affected 10 and 5. So the region has 2 women and 3 men, 4 exited, 3
// of them into studies or work (75 %), and 15 other affected.
void example(Issue4Data& d) {
    d.period(kAnna, 0, "2017-02-01", "2017-06-30", StatusAtExit::studies);
    d.period(kBerit, 0, "2017-03-01", "", std::nullopt);
    d.period(kDavid, 0, "2017-02-01", "2017-08-31", StatusAtExit::work);
    d.period(kErik, 1, "2017-04-01", "2017-05-31", StatusAtExit::dropout);
    d.period(kFilip, 1, "2017-04-01", "2018-01-31", StatusAtExit::studies);
    d.dataset.other_affected = {10, 5};
}

const char* kHeader = "scope,subproject,measure,category,sex,value\n";

std::vector<ReconcileRow> run(Issue4Data& d, const std::string& body) {
    const ProjectResults results(d.dataset, d.whole());
    return reconcile(read_stated_figures(kHeader + body, "stated.csv", d.config()), results);
}

std::vector<std::string> disagreements(const std::vector<ReconcileRow>& rows) {
    std::vector<std::string> out;
    for (const ReconcileRow& r : rows)
        if (r.verdict != Verdict::agrees) out.push_back(describe(r, "stated.csv"));
    return out;
}

std::string error_of(Issue4Data& d, const std::string& text) {
    try {
        read_stated_figures(text, "stated.csv", d.config());
    } catch (const StatedFileError& e) {
        return e.what();
    }
    return "(accepted)";
}

}  // namespace

TEST_CASE("Reconcile: figures that agree give no disagreement", "[reconcile]") {
    Issue4Data d;
    example(d);
    const std::vector<ReconcileRow> rows = run(d,
                                               "subproject,kumla,participants,,female,2\n"
                                               "subproject,Karlskoga/Degerfors,participants,,male,2\n"  // by name
                                               "region,Örebro län,participants,,female,2\n"
                                               "region,Örebro län,participants,,male,3\n"
                                               "region,Örebro län,participants,,total,5\n"
                                               "region,Örebro län,exited,,total,4\n"
                                               "region,Örebro län,into_studies_or_work,,total,3\n"
                                               "region,Örebro län,into_studies_or_work,,total,75 %\n"
                                               "region,Örebro län,exit_status,dropout,male,1\n"
                                               "programme,,other_affected,,total,15\n");
    CHECK(disagreements(rows).empty());
    // 10 stated figures, women + men of the region, and the share against its counts.
    REQUIRE(rows.size() == 12);
    CHECK(rows[7].detail == "computed 3 of 4 exited");
    CHECK(rows[10].check == "sum_of_sexes");
    CHECK(rows[10].detail == "female 2 (line 4) + male 3 (line 5)");
    CHECK(rows[11].check == "share_of_counts");
    CHECK(rows[11].detail == "3 (line 8) of 4 exited (line 7)");
}

TEST_CASE("Reconcile: a wrong count a wrong total and a wrong share are each found", "[reconcile]") {
    Issue4Data d;
    example(d);
    const std::vector<ReconcileRow> rows = run(d,
                                               "subproject,kumla,other_affected,,total,10\n"
                                               "subproject,karlskoga,other_affected,,total,5\n"
                                               "region,Örebro län,other_affected,,total,16\n"
                                               "region,Örebro län,exited,,total,4\n"
                                               "region,Örebro län,into_studies_or_work,,total,3\n"
                                               "region,Örebro län,into_studies_or_work,,total,\"74,5 %\"\n");
    CHECK(disagreements(rows) ==
          std::vector<std::string>{
              "stated.csv:4: region Örebro län, other_affected, total: stated 16, computed 15 (difference 1)",
              "stated.csv:7: region Örebro län, into_studies_or_work, total: stated 74.5 %, computed 75 % (computed 3 of 4 exited) "
              "(difference -0.5)",
              "stated.csv:4: region Örebro län, other_affected, total: stated 16, but sum of the subproject rows (lines 2 3) = 15 "
              "(difference 1)",
              "stated.csv:7: region Örebro län, into_studies_or_work, total: stated 74.5 %, but 3 (line 6) of 4 exited (line 5) = 75 % "
              "(difference -0.5)",
          });
}

TEST_CASE("Reconcile: a share agrees when it is the computed share rounded as stated", "[reconcile]") {
    Issue4Data d;
    example(d);
    // 3 of 4 men and women: 75 %. Filip's status studies: cr02 = 2 (Anna, Filip) of 4 = 50 %.
    CHECK(disagreements(run(d, "region,Örebro län,cr02,,total,50 %\nregion,Örebro län,into_studies_or_work,,total,\"75,0%\"\n")).empty());
    // Men: David (work), Erik (dropout), Filip (studies): 2 of 3 = 66.67 %; "67 %" agrees, "66 %" does not.
    CHECK(disagreements(run(d, "region,Örebro län,into_studies_or_work,,male,67 %\n")).empty());
    CHECK(disagreements(run(d, "region,Örebro län,into_studies_or_work,,male,66 %\n")) ==
          std::vector<std::string>{"stated.csv:2: region Örebro län, into_studies_or_work, male: stated 66 %, computed 66.6667 % "
                                   "(computed 2 of 3 exited) (difference -0.6667)"});
}

TEST_CASE("Reconcile: a person in two subprojects makes the sum check of persons not checked", "[reconcile]") {
    Issue4Data d;
    example(d);
    d.period(kAnna, 1, "2017-09-01", "", std::nullopt);  // Anna also in Karlskoga
    const std::vector<ReconcileRow> rows = run(d,
                                               "subproject,kumla,participants,,female,2\n"
                                               "subproject,karlskoga,participants,,female,1\n"
                                               "region,Örebro län,participants,,female,2\n");
    CHECK(disagreements(rows) ==
          std::vector<std::string>{"stated.csv:4: region Örebro län, participants, female: stated 2, not checked: some persons "
                                   "are in more than one subproject, so the total need not be the sum of the subproject rows "
                                   "(lines 2 3) = 3"});
    CHECK(rows.back().verdict == Verdict::not_checked);
}

TEST_CASE("Reconcile: values with spaces decimal commas and semicolons are read", "[reconcile]") {
    Issue4Data d;
    const std::vector<StatedFigure> f = read_stated_figures(
        "scope;subproject;measure;category;sex;value\r\n"
        "region;Örebro län;other_affected;;total;1 360\r\n"
        "region;Örebro län;cr04;;kvinna;12,5 %\r\n"
        "\r\n"
        "# a comment\r\n"
        "programme;;participants;;TOTAL;1\xC2\xA0" "024\r\n",
        "stated.csv", d.config());
    REQUIRE(f.size() == 3);
    CHECK(f[0].value == 1360);
    CHECK_FALSE(f[0].share);
    CHECK(f[1].value == 12.5);
    CHECK(f[1].share);
    CHECK(f[1].decimals == 1);
    CHECK(f[1].sex == Sex::female);
    CHECK(f[2].line == 6);
    CHECK(f[2].value == 1024);
    CHECK_FALSE(f[2].sex.has_value());
}

TEST_CASE("Reconcile: a bad stated file is an error naming line and column", "[reconcile]") {
    Issue4Data d;
    CHECK(error_of(d, "") == "stated.csv: empty; expected the header scope,subproject,measure,category,sex,value");
    CHECK(error_of(d, "scope,subproject,measure,sex,value\n") ==
          "stated.csv:1: column 4: expected the header scope,subproject,measure,category,sex,value, got 'sex'");
    const std::string h = kHeader;
    CHECK(error_of(d, h + "subproject,vasteras,participants,,female,2\n") ==
          "stated.csv:2: column 2 (subproject): expected a subproject's id or name from the configuration, got 'vasteras'");
    CHECK(error_of(d, h + "kommun,kumla,participants,,female,2\n") ==
          "stated.csv:2: column 1 (scope): expected subproject, region or programme, got 'kommun'");
    CHECK(error_of(d, h + "subproject,kumla,deltagare,,female,2\n") ==
          "stated.csv:2: column 3 (measure): expected a measure id (participants, new_participants, active_at_end, exited, "
          "into_studies_or_work, cr02, cr04, exit_status, age_band, inside_target_ages, other_affected), got 'deltagare'");
    CHECK(error_of(d, h + "subproject,kumla,exit_status,studier,female,2\n") ==
          "stated.csv:2: column 4 (category): expected a status at exit (studies, work, studies_and_work, job_seeking, "
          "other_authority, other_measure, dropout, not_reached, other, unknown), got 'studier'");
    CHECK(error_of(d, h + "subproject,kumla,participants,,flickor,2\n") ==
          "stated.csv:2: column 5 (sex): expected female, male, non_binary, unknown or total, got 'flickor'");
    CHECK(error_of(d, h + "subproject,kumla,other_affected,,female,2\n") ==
          "stated.csv:2: column 5 (sex): expected total (other affected youths are not counted by sex), got 'female'");
    CHECK(error_of(d, h + "subproject,kumla,participants,,female,två\n") ==
          "stated.csv:2: column 6 (value): expected a number such as 119, 1 360, 59 % or 12,5, got 'två'");
    CHECK(error_of(d, h + "subproject,kumla,participants,,female,40 %\n") ==
          "stated.csv:2: column 6 (value): expected a count (participants has no share), got '40 %'");
    CHECK(error_of(d, h + "subproject,kumla,participants,,female,\"2,5\"\n") ==
          "stated.csv:2: column 6 (value): expected a whole count (or a share with %), got '2,5'");
    CHECK(error_of(d, h + "subproject,kumla,participants,,female,2,extra\n") ==
          "stated.csv:2: expected 6 fields (scope,subproject,measure,category,sex,value), got 7");
    CHECK(error_of(d, h + "subproject,kumla,participants,,female,\"2\n") == "stated.csv:2: a quoted field is not closed");
}
