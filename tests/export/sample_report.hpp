// A hand-built ReportDocument for the renderer tests: Swedish labels, every
// kind of cell, text that looks like a formula, a group header, a total row,
// and a table long enough to break across PDF pages.
#pragma once

#include "esfreport/export/report_table.hpp"

#include <string>

namespace esfreport::test {

// 2024-06-01T12:00:00Z
inline constexpr std::time_t sample_generated_at = 1717243200;
inline constexpr int sample_long_rows = 120;

inline ReportDocument sample_report(Language language = Language::sv) {
    ReportDocument d;
    d.title = "Slutrapport – Unga vuxna i Örebro län";
    d.author = "Projektägaren Åsa Öberg";
    d.project = "Unga vuxna i arbete";
    d.scope = "Region Örebro län";
    d.period = "2016-01-01 – 2018-12-31";
    d.generated_at = sample_generated_at;
    d.language = language;

    ReportTable t1;
    t1.id = "t1";
    t1.sheet_name = "Deltagare";
    t1.title = "Deltagare per delprojekt";
    t1.subtitle = "Region Örebro län, 2016-01-01 – 2018-12-31";
    t1.groups = {{"", 1}, {"Kvinnor", 2}, {"Män", 2}, {"Totalt", 1}};
    t1.columns = {{"Delprojekt", false}, {"Antal", true}, {"Andel", true}, {"Antal", true}, {"Andel", true}, {"Antal", true}};
    t1.rows = {
        {{Cell::of_text("Örebro stad"), Cell::of_integer(1366), Cell::of_percent(0.605), Cell::of_integer(892),
          Cell::of_percent(0.395), Cell::of_integer(2258)},
         RowStyle::normal},
        {{Cell::of_text("Kumla kommun"), Cell::of_missing(), Cell::of_missing(), Cell::of_integer(12), Cell::of_suppressed(".."),
          Cell::of_integer(14)},
         RowStyle::normal},
        {{Cell::of_text("=SUM(A1)"), Cell::of_text("-12"), Cell::of_text("+46 70"), Cell::of_text("@x"), Cell::blank(),
          Cell::of_number(2.5, 1)},
         RowStyle::normal},
        {{Cell::of_text("Till studier eller arbete"), Cell::of_integer(700), Cell::of_percent(0.5125, 1), Cell::of_integer(410),
          Cell::of_percent(0.46, 1), Cell::of_integer(1110)},
         RowStyle::highlight},
        {{Cell::of_text("Summa"), Cell::of_integer(1378), Cell::of_percent(0.6063, 0), Cell::of_integer(904),
          Cell::of_percent(0.3937, 0), Cell::of_integer(2282)},
         RowStyle::total},
        {{Cell::of_text("Unika deltagare"), Cell::of_integer(1370), Cell::blank(), Cell::of_integer(900), Cell::blank(),
          Cell::of_integer(2270)},
         RowStyle::note},
    };
    t1.notes = {"Källa: deltagarregistret. Uppgifter om färre än tre personer visas som \"..\"."};
    d.tables.push_back(t1);

    ReportTable t2;
    t2.id = "t5";
    t2.sheet_name = "Deltagartid";
    t2.title = "Deltagartid per månad";
    t2.subtitle = "Timmar och värde enligt enhetskostnad";
    t2.columns = {{"Månad", false}, {"Deltagare", true}, {"Hela timmar", true}, {"Värde (kr)", true}};
    double hours = 0, value = 0;
    for (int i = 1; i <= sample_long_rows; ++i) {
        const double h = 1000.0 + i * 7;
        hours += h;
        value += h * 212.25;
        t2.rows.push_back({{Cell::of_text("Månad " + std::to_string(i)), Cell::of_integer(100 + i), Cell::of_integer(h),
                            Cell::of_number(h * 212.25, 2)},
                           RowStyle::normal});
    }
    t2.rows.push_back({{Cell::of_text("Summa"), Cell::blank(), Cell::of_integer(hours), Cell::of_number(value, 2)}, RowStyle::total});
    d.tables.push_back(t2);

    d.about_sheet_name = "Om rapporten";
    ReportTable facts;
    facts.id = "about";
    facts.title = "Om rapporten";
    facts.columns = {{"Uppgift", false}, {"Värde", false}};
    facts.rows = {{{Cell::of_text("Period"), Cell::of_text("2016-01-01 – 2018-12-31")}, RowStyle::normal},
                  {{Cell::of_text("Skapad"), Cell::of_text("2024-06-01 12:00:00 UTC")}, RowStyle::normal}};
    d.about.push_back(facts);
    ReportTable inputs;
    inputs.id = "inputs";
    inputs.title = "Indatafiler";
    inputs.columns = {{"Fil", false}, {"SHA-256", false}, {"Rader", true}};
    inputs.rows = {{{Cell::of_text("deltagare_örebro.csv"),
                     Cell::of_text("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"), Cell::of_integer(2282)},
                    RowStyle::normal}};
    d.about.push_back(inputs);
    return d;
}

}  // namespace esfreport::test
