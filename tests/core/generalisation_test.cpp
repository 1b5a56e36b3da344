// Generalisation of the participant-level file's quasi-identifiers, on small
// hand-counted sets of rows.
#include <esfreport/core/generalisation.hpp>

#include <catch2/catch.hpp>

using namespace esfreport;

namespace {

int month(int year, int m) { return year * 12 + m - 1; }

QuasiIdentifiers row(PersonIndex person, Sex sex, int birth_year, SubprojectIndex subproject, int start_month) {
    return {person, sex, birth_year, subproject, start_month};
}

}  // namespace

TEST_CASE("Generalisation: rows that already hold k persons per combination stay as they are", "[generalisation]") {
    // Three women born 2000 starting in kumla in March 2017: one combination of 3.
    const std::vector<QuasiIdentifiers> rows = {
        row(0, Sex::female, 2000, 0, month(2017, 3)),
        row(1, Sex::female, 2000, 0, month(2017, 3)),
        row(2, Sex::female, 2000, 0, month(2017, 3)),
    };
    const GeneralisationResult g = generalise(rows, 3);
    CHECK(g.level.step == 0);
    CHECK(g.left_out == 0);
    CHECK(g.kept == std::vector<char>{1, 1, 1});
}

TEST_CASE("Generalisation: birth years become a 5-year band when single years are too small", "[generalisation]") {
    // Born 2000, 2001, 2003: three combinations of 1 at level 0; all in the
    // band 2000-2004 at level 1 (same start month): one combination of 3.
    const std::vector<QuasiIdentifiers> rows = {
        row(0, Sex::male, 2000, 1, month(2017, 5)),
        row(1, Sex::male, 2001, 1, month(2017, 5)),
        row(2, Sex::male, 2003, 1, month(2017, 5)),
    };
    const GeneralisationResult g = generalise(rows, 3);
    CHECK(g.level.step == 1);
    CHECK(g.level.birth_year == BirthYearLevel::five_year_band);
    CHECK(g.level.month == MonthLevel::month);
    CHECK(g.left_out == 0);
}

TEST_CASE("Generalisation: months become quarters and then years", "[generalisation]") {
    // Starts in January, February, March 2017: the quarter 2017-Q1 holds 3.
    std::vector<QuasiIdentifiers> rows = {
        row(0, Sex::female, 1999, 0, month(2017, 1)),
        row(1, Sex::female, 1998, 0, month(2017, 2)),
        row(2, Sex::female, 1997, 0, month(2017, 3)),
    };
    GeneralisationResult g = generalise(rows, 3);
    CHECK(g.level.step == 2);
    CHECK(g.level.month == MonthLevel::quarter);
    CHECK(g.left_out == 0);
    // One start moved to November: only the year 2017 holds all three.
    rows[2].start_month = month(2017, 11);
    g = generalise(rows, 3);
    CHECK(g.level.step == 3);
    CHECK(g.level.month == MonthLevel::year);
    CHECK(g.left_out == 0);
}

TEST_CASE("Generalisation: what the last level cannot protect is left out and counted", "[generalisation]") {
    // Four women born 2000-2002 starting in 2017 (a combination of 4 at level
    // 3), one man born 2001 (alone: sex is never coarsened) and one woman in
    // another subproject (alone). The man and that woman are left out.
    const std::vector<QuasiIdentifiers> rows = {
        row(0, Sex::female, 2000, 0, month(2017, 1)), row(1, Sex::female, 2001, 0, month(2017, 4)),
        row(2, Sex::female, 2002, 0, month(2017, 8)), row(3, Sex::female, 2002, 0, month(2017, 12)),
        row(4, Sex::male, 2001, 0, month(2017, 1)),   row(5, Sex::female, 2000, 1, month(2017, 1)),
    };
    const GeneralisationResult g = generalise(rows, 3);
    CHECK(g.level.step == 3);
    CHECK(g.left_out == 2);
    CHECK(g.kept == std::vector<char>{1, 1, 1, 1, 0, 0});
}

TEST_CASE("Generalisation: a combination counts persons not rows", "[generalisation]") {
    // One person with three periods starting the same month is one person:
    // with k = 2 the rows cannot be protected by any level.
    const std::vector<QuasiIdentifiers> rows = {
        row(7, Sex::male, 2000, 0, month(2017, 3)),
        row(7, Sex::male, 2000, 0, month(2017, 3)),
        row(7, Sex::male, 2000, 0, month(2017, 3)),
    };
    const GeneralisationResult g = generalise(rows, 2);
    CHECK(g.left_out == 3);
    // k = 1 means no control: everything as it is.
    const GeneralisationResult off = generalise(rows, 1);
    CHECK(off.level.step == 0);
    CHECK(off.left_out == 0);
}

TEST_CASE("Generalisation: texts of bands quarters and years", "[generalisation]") {
    CHECK(birth_year_text(2003, BirthYearLevel::year) == "2003");
    CHECK(birth_year_text(2003, BirthYearLevel::five_year_band) == "2000-2004");
    CHECK(birth_year_text(1995, BirthYearLevel::five_year_band) == "1995-1999");
    CHECK(generalised_month_text(month(2017, 3), MonthLevel::month) == "2017-03");
    CHECK(generalised_month_text(month(2017, 10), MonthLevel::month) == "2017-10");
    CHECK(generalised_month_text(month(2017, 3), MonthLevel::quarter) == "2017-Q1");
    CHECK(generalised_month_text(month(2017, 12), MonthLevel::quarter) == "2017-Q4");
    CHECK(generalised_month_text(month(2017, 12), MonthLevel::year) == "2017");
    CHECK(generalisation_text(generalisation_ladder()[2]) == "5-year birth band, start quarter");
}
