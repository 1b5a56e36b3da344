#include <esfreport/export/outcome_tables.hpp>

#include <esfreport/core/config.hpp>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <sstream>

namespace esfreport {
namespace {

constexpr std::string_view kStatuses =
    "studies, work, studies_and_work, job_seeking, other_authority, other_measure, dropout, not_reached, other, unknown";

}  // namespace

const std::vector<CodebookEntry>& codebook() {
    static const std::vector<CodebookEntry> entries = {
        // Table 1
        {"t1", "unique", "count", "", "Unika deltagare i omfånget under perioden (en person i flera delprojekt räknas en gång).",
         "Unique participants in scope in the period (a person in several subprojects counted once)."},
        {"t1", "sum_of_subprojects", "count", "", "Summan av delprojektens unika deltagare (region och program; räknar personer i flera delprojekt flera gånger).",
         "Sum of the subprojects' unique participants (region and programme; counts persons in several subprojects more than once)."},
        {"t1", "other_affected", "count", "", "Övriga berörda ungdomar: delprojektens uppgift, summerad; inte unika personer. Endast kön = total.",
         "Other affected youths: the subprojects' figure, summed; not unique persons. Sex = total only."},
        // Table 1b
        {"t1b", "new", "count", "", "Nya deltagare: första start i omfånget inom perioden.", "New participants: first start in scope inside the period."},
        {"t1b", "new", "share", "", "Nya deltagare som andel av unika deltagare (0–1).", "New participants as a share of unique participants (0–1)."},
        {"t1b", "inside_target_ages", "count", "", "Deltagare vars ålder vid första start ligger inom delprojektets målgruppsålder.",
         "Participants whose age on their first start is within the subproject's target ages."},
        {"t1b", "inside_target_ages", "share", "", "Deltagare inom målgruppsåldern som andel av unika deltagare (0–1).",
         "Participants within the target ages as a share of unique participants (0–1)."},
        {"t1b", "age", "count", "age band: under_15, 15_19, 20_24, over_24", "Deltagare per åldersband (ålder i hela år vid första start i omfånget).",
         "Participants per age band (age in whole years on the first start in scope)."},
        {"t1b", "age", "share", "age band: under_15, 15_19, 20_24, over_24", "Åldersbandets andel av unika deltagare (0–1).",
         "The age band's share of unique participants (0–1)."},
        {"t1b", "esf_age", "count", "ESF+ age band: under_18, 18_29, 30_54, 55_plus", "Deltagare per ESF+-åldersband (ålder vid första start).",
         "Participants per ESF+ age band (age on the first start)."},
        {"t1b", "esf_age", "share", "ESF+ age band: under_18, 18_29, 30_54, 55_plus", "ESF+-åldersbandets andel av unika deltagare (0–1).",
         "The ESF+ age band's share of unique participants (0–1)."},
        // Table 2
        {"t2", "exited", "count", "", "Avslutade: sista deltagarperioden i omfånget slutade senast periodens sista dag.",
         "Exited: the last participation period in scope ended on or before the period's last day."},
        {"t2", "status", "count", kStatuses, "Avslutade per status vid avslut (saknad status räknas som unknown); summerar till exited.",
         "Exited participants per status at exit (a missing status counts as unknown); adds up to exited."},
        {"t2", "status", "share", kStatuses, "Statusens andel av avslutade (0–1).", "The status's share of exited participants (0–1)."},
        {"t2", "into_studies_or_work", "count", "", "Avslutade till studier eller arbete: status studies, work eller studies_and_work.",
         "Exited into studies or work: status studies, work or studies_and_work."},
        {"t2", "into_studies_or_work", "share", "", "Till studier eller arbete som andel av avslutade (0–1).", "Into studies or work as a share of exited participants (0–1)."},
        {"t2", "cr02", "count", "", "CR02, i utbildning vid avslut: studies + studies_and_work.", "CR02, in education or training upon leaving: studies + studies_and_work."},
        {"t2", "cr02", "share", "", "CR02 som andel av avslutade (0–1).", "CR02 as a share of exited participants (0–1)."},
        {"t2", "cr04", "count", "", "CR04, i arbete vid avslut: work + studies_and_work.", "CR04, in employment upon leaving: work + studies_and_work."},
        {"t2", "cr04", "share", "", "CR04 som andel av avslutade (0–1).", "CR04 as a share of exited participants (0–1)."},
        {"t2", "active_at_end", "count", "", "Aktiva vid periodens slut: en deltagarperiod som omfattar periodens sista dag.",
         "Active at the end: a participation period containing the period's last day."},
        // Table 3
        {"t3", "assessed", "count", "scale id", "Deltagare med minst en bedömning på skalan under perioden.", "Participants with at least one assessment on the scale in the period."},
        {"t3", "measured", "count", "scale id; empty: all ordinal scales combined",
         "Mätta: minst två bedömningar. Tom kategori: mätningar (deltagare × skala) över alla ordinalskalor.",
         "Measured: two or more assessments. Empty category: measurements (participant × scale) over all ordinal scales."},
        {"t3", "not_measured", "count", "scale id", "Ej mätta: exakt en bedömning.", "Not measured: exactly one assessment."},
        {"t3", "positive", "count", "scale id; empty: all ordinal scales combined", "Mätta med positiv förflyttning (sista minus första, positivt = förbättring).",
         "Measured with a positive movement (last minus first, positive = improvement)."},
        {"t3", "zero", "count", "scale id", "Mätta utan förflyttning.", "Measured with no movement."},
        {"t3", "negative", "count", "scale id", "Mätta med negativ förflyttning.", "Measured with a negative movement."},
        {"t3", "share_positive", "share", "scale id; empty: all ordinal scales combined", "Andel av mätta med positiv förflyttning (0–1).",
         "Share of measured with a positive movement (0–1)."},
        {"t3", "mean", "steps", "scale id", "Medelförflyttning i steg bland mätta. Tom för kön = other.", "Mean movement in steps among the measured. Empty for sex = other."},
        {"t3", "median", "steps", "scale id", "Medianförflyttning i steg bland mätta (jämnt antal: medel av de två mittersta). Tom för kön = other.",
         "Median movement in steps among the measured (even count: mean of the two middle values). Empty for sex = other."},
        // Table 4
        {"t4", "with_attendance", "count", "", "Deltagare med minst en närvaroperiod.", "Participants with at least one attendance period."},
        {"t4", "compared", "count", "", "Jämförda: minst två närvaroperioder.", "Compared: two or more attendance periods."},
        {"t4", "not_compared", "count", "", "Ej jämförda: exakt en närvaroperiod.", "Not compared: exactly one attendance period."},
        {"t4", "with_split", "count", "", "Jämförda med giltig/ogiltig frånvaro angiven i första och sista perioden.",
         "Compared participants with valid/invalid absence given in the first and the last period."},
        {"t4", "first", "share", "", "Medelfrånvaroandel i första perioden bland jämförda (0–1).", "Mean absence share in the first period among the compared (0–1)."},
        {"t4", "last", "share", "", "Medelfrånvaroandel i sista perioden bland jämförda (0–1).", "Mean absence share in the last period among the compared (0–1)."},
        {"t4", "change", "share_difference", "", "Medelförändring av frånvaroandelen, sista minus första (andel; −0,05 = 5 procentenheter lägre).",
         "Mean change of the absence share, last minus first (a fraction; −0.05 = 5 percentage points lower)."},
        {"t4", "invalid_first", "share", "", "Medelandel ogiltig frånvaro, första perioden, bland with_split (0–1).", "Mean invalid absence share, first period, among with_split (0–1)."},
        {"t4", "invalid_last", "share", "", "Medelandel ogiltig frånvaro, sista perioden, bland with_split (0–1).", "Mean invalid absence share, last period, among with_split (0–1)."},
        {"t4", "valid_first", "share", "", "Medelandel giltig frånvaro, första perioden, bland with_split (0–1).", "Mean valid absence share, first period, among with_split (0–1)."},
        {"t4", "valid_last", "share", "", "Medelandel giltig frånvaro, sista perioden, bland with_split (0–1).", "Mean valid absence share, last period, among with_split (0–1)."},
        {"t4", "above_first", "count", "threshold as a fraction, e.g. 0.15", "Jämförda med frånvaroandel över gränsen i första perioden.",
         "Compared participants with an absence share above the threshold in the first period."},
        {"t4", "above_last", "count", "threshold as a fraction, e.g. 0.15", "Jämförda med frånvaroandel över gränsen i sista perioden.",
         "Compared participants with an absence share above the threshold in the last period."},
        // Table 5
        {"t5", "participants", "count", "month YYYY-MM; empty: the whole period", "Deltagare med minst en hel timme (hela perioden: varje person en gång).",
         "Participants with at least one whole hour (whole period: each person once)."},
        {"t5", "hours", "hours", "month YYYY-MM; empty: the whole period", "Hela timmar: timmar per deltagare och månad, avrundade nedåt, summerade.",
         "Whole hours: hours per participant and month, rounded down, summed."},
        {"t5", "value", "SEK", "month YYYY-MM; empty: the whole period", "Deltagartidens värde: hela timmar × årets enhetskostnad, i kronor.",
         "Value of participant time: whole hours × the year's unit cost, in SEK."},
        {"t5", "unit_cost", "SEK_per_hour", "month YYYY-MM", "Enhetskostnad för månadens år enligt konfigurationen (kr per timme). Endast kön = total.",
         "The unit cost of the month's year from the configuration (SEK per hour). Sex = total only."},
    };
    return entries;
}

const CodebookEntry* find_codebook_entry(std::string_view table, std::string_view measure, std::string_view unit) {
    for (const CodebookEntry& e : codebook())
        if (e.table == table && e.measure == measure && e.unit == unit) return &e;
    return nullptr;
}

std::string full_precision(std::optional<double> v) {
    if (!v) return "";
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, *v);
    return std::string(buf, r.ptr);
}

namespace {

std::string csv_field(std::string_view s) {
    if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

std::string json_string(std::string_view s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += char(c);
        } else if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += char(c);
        }
    }
    return out + '"';
}

}  // namespace

std::string outcome_tables_csv(const OutcomeFigures& figures) {
    std::string out = "scope_kind,region,subproject,table,measure,category,sex,value,unit,suppressed\n";
    for (const OutcomeFigure& f : figures.figures) {
        out += std::string(scope_kind_name(f.scope_kind)) + ',' + csv_field(f.region) + ',' + csv_field(f.subproject) + ',' + f.table + ',' +
               f.measure + ',' + csv_field(f.category) + ',' + std::string(to_string(f.sex)) + ',' + full_precision(f.value) + ',' + f.unit +
               ',' + (f.suppressed ? "true" : "false") + '\n';
    }
    return out;
}

std::string outcome_tables_json(const OutcomeFigures& figures, const ProjectConfig& config, const ExtractFacts& facts) {
    std::tm tm{};
    gmtime_r(&facts.generated_at, &tm);
    char generated[32];
    std::strftime(generated, sizeof generated, "%Y-%m-%dT%H:%M:%SZ", &tm);

    std::ostringstream o;
    o << "{\n";
    o << "  \"project\": " << json_string(config.name) << ",\n";
    o << "  \"period\": {\"from\": " << json_string(config.period_start.iso()) << ", \"to\": " << json_string(config.period_end.iso()) << "},\n";
    o << "  \"generated_at\": " << json_string(generated) << ",\n";
    o << "  \"tool\": {\"name\": \"esfreport\", \"version\": " << json_string(facts.tool_version) << "},\n";
    o << "  \"configuration_sha256\": " << json_string(config.sha256) << ",\n";
    o << "  \"disclosure\": {\"k\": " << figures.k << ", \"suppression\": " << (figures.k > 1 ? "true" : "false")
      << ", \"suppressed_figures\": " << figures.suppressed << "},\n";
    o << "  \"participants_file\": {\"rows_written\": " << facts.participant_rows_written
      << ", \"rows_left_out\": " << facts.participant_rows_left_out
      << ", \"generalisation\": " << json_string(facts.participant_generalisation) << "},\n";
    o << "  \"figures\": [";
    bool first = true;
    for (const OutcomeFigure& f : figures.figures) {
        o << (first ? "\n" : ",\n") << "    {\"scope_kind\": " << json_string(scope_kind_name(f.scope_kind)) << ", \"region\": " << json_string(f.region)
          << ", \"subproject\": " << json_string(f.subproject) << ", \"table\": " << json_string(f.table) << ", \"measure\": " << json_string(f.measure)
          << ", \"category\": " << json_string(f.category) << ", \"sex\": " << json_string(to_string(f.sex))
          << ", \"value\": " << (f.value ? full_precision(f.value) : "null") << ", \"unit\": " << json_string(f.unit)
          << ", \"suppressed\": " << (f.suppressed ? "true" : "false") << "}";
        first = false;
    }
    o << (first ? "]\n" : "\n  ]\n") << "}\n";
    return o.str();
}

std::string codebook_csv() {
    std::string out = "table,measure,unit,category,definition_sv,definition_en\n";
    for (const CodebookEntry& e : codebook())
        out += std::string(e.table) + ',' + std::string(e.measure) + ',' + std::string(e.unit) + ',' + csv_field(e.category) + ',' + csv_field(e.sv) +
               ',' + csv_field(e.en) + '\n';
    return out;
}

std::string codebook_md(Language language) {
    const bool en = language == Language::en;
    std::string out = en ? "# Codebook of outcome-tables.csv\n\n" : "# Kodbok för outcome-tables.csv\n\n";
    out += en ? "Sex: female, male, other (non-binary and sex unknown), total = female + male + other. "
                "Shares are fractions (0–1). A suppressed figure has an empty value and suppressed = true.\n"
              : "Kön: female, male, other (icke-binära och okänt kön), total = female + male + other. "
                "Andelar är bråk (0–1). Ett undertryckt värde är tomt med suppressed = true.\n";
    std::string_view table;
    for (const CodebookEntry& e : codebook()) {
        if (e.table != table) {
            table = e.table;
            out += "\n## " + std::string(table) + "\n\n";
            out += en ? "| measure | unit | category | definition (sv) | definition (en) |\n"
                      : "| measure | unit | kategori | definition (sv) | definition (en) |\n";
            out += "|---|---|---|---|---|\n";
        }
        out += "| `" + std::string(e.measure) + "` | " + std::string(e.unit) + " | " + std::string(e.category) + " | " + std::string(e.sv) + " | " +
               std::string(e.en) + " |\n";
    }
    return out;
}

}  // namespace esfreport
