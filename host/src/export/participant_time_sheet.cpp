#include <esfreport/export/participant_time_sheet.hpp>

#include <esfreport/core/participant_time.hpp>
#include <esfreport/export/xlsx_writer.hpp>

#include <algorithm>
#include <stdexcept>

namespace esfreport {
namespace {

std::string sex_label(Sex s, Language l) {
    const bool sv = l == Language::sv;
    switch (s) {
        case Sex::female: return sv ? "Kvinna" : "Female";
        case Sex::male: return sv ? "Man" : "Male";
        case Sex::non_binary: return sv ? "Icke-binär" : "Non-binary";
        case Sex::unknown: break;
    }
    return sv ? "Okänt" : "Unknown";
}

}  // namespace

void write_participant_time_sheet(const Dataset& data, const Scope& scope, const ReportingPeriod& period,
                                  const std::filesystem::path& path, const ParticipantTimeSheetOptions& options) {
    const ProjectConfig& config = *data.config;
    // Computed first: a missing unit cost stops the run before a file exists.
    const std::vector<ParticipantMonth> rows =
        options.index ? participant_months(*options.index, data, scope, period) : participant_months(data, scope, period);
    const bool sv = options.language == Language::sv;

    XlsxProperties properties;
    properties.title = sv ? "Deltagartid per deltagare och månad" : "Participant time per participant and month";
    properties.subject = config.name + " · " + scope.label + " · " + period.from.iso() + " – " + period.to.iso();
    properties.author = "esfreport";
    properties.created = options.generated_at;

    XlsxStreamWriter writer;
    writer.open(path, properties);
    const std::string sheet = sv ? "Deltagartid" : "Participant time";
    const std::vector<XlsxStreamColumn> columns = {
                         {sv ? "Delprojekt" : "Subproject", false, 30},
                         {sv ? "Personnummer" : "Personal identity number", false, 16},
                         {sv ? "Kön" : "Sex", false, 0},
                         {sv ? "Månad" : "Month", false, 0},
                         {sv ? "Registrerade timmar" : "Recorded hours", true, 0},
                         {sv ? "Hela timmar" : "Whole hours", true, 0},
                         {sv ? "Enhetskostnad, kr/tim" : "Unit cost, SEK/hour", true, 0},
                         {sv ? "Värde, kr" : "Value, SEK", true, 0},
                     };
    const std::size_t per_sheet = std::max<std::size_t>(options.rows_per_sheet, 1);
    writer.add_sheet(sheet, columns);
    std::size_t on_sheet = 0, sheets = 1;
    for (const ParticipantMonth& r : rows) {
        if (on_sheet++ == per_sheet) {
            writer.add_sheet(sheet + " (" + std::to_string(++sheets) + ")", columns);
            on_sheet = 1;
        }
        const Person& person = data.persons[r.person];
        writer.write_row({
            Cell::of_text(config.subprojects[r.subproject].name),
            Cell::of_text(person.id),
            Cell::of_text(sex_label(person.sex, options.language)),
            Cell::of_text(month_text(r.month)),
            // As recorded (the days' sum), so the rounding down can be checked.
            Cell::of_number(double(r.micro_hours) / 1e6, 2),
            Cell::of_integer(double(r.whole_hours)),
            // A month with no whole hour needs no unit cost; blank if none is configured.
            r.unit_cost_ore || config.unit_cost.count(r.month / 12) ? Cell::of_number(double(r.unit_cost_ore) / 100.0, 2) : Cell::blank(),
            Cell::of_number(double(r.value_ore) / 100.0, 2),
        });
    }
    writer.close();
}

}  // namespace esfreport
