// The floor for the economist's per-participant time workbooks (issue 9: "the
// per-participant sheets within 1.5x of bare libxlsxwriter constant-memory
// writing of the same cells"). Loads a project as `run` does, then for each
// subproject writes its workbook twice, alternately: with esfreport's
// write_participant_time_sheet (what `run` does) and with bare libxlsxwriter
// calls in constant-memory mode writing the same cells in the same formats
// (same columns, widths, header, properties, sheets of at most 1,048,575 rows).
// Prints the CPU and wall time of each and their ratio. The rows (the
// person-months, computed by core) are given to the floor ready made; their
// computation is timed on its own, and included in esfreport's figure.
//
//   esfreport-bench-time-sheets PROJECT.toml OUTDIR [--keep]
//
// OUTDIR receives ours-<subproject>.xlsx and floor-<subproject>.xlsx (removed
// after each subproject unless --keep). Holds personnummer: use a private folder.
// With --keep the two workbooks of a subproject can be compared: they are the
// same bytes (cmp), so the floor writes exactly the cells, formats and layout.
#include <esfreport/core/participant_time.hpp>
#include <esfreport/export/participant_time_sheet.hpp>
#include <esfreport/runtime/config_loader.hpp>
#include <esfreport/runtime/project_loader.hpp>

#include <xlsxwriter.h>

#include <sys/resource.h>
#include <time.h>

#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace esfreport;

namespace {

// The workbooks' creation time (a document property), fixed so that the two
// files of a subproject can be compared byte for byte.
constexpr std::time_t created_at = 1764547200;  // 2025-12-01T00:00:00Z

struct Clock {
    double cpu = 0, wall = 0;
    static double now(clockid_t id) {
        timespec t{};
        clock_gettime(id, &t);
        return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
    }
    static Clock read() { return {now(CLOCK_PROCESS_CPUTIME_ID), now(CLOCK_MONOTONIC)}; }
    Clock operator-(const Clock& o) const { return {cpu - o.cpu, wall - o.wall}; }
    Clock& operator+=(const Clock& o) {
        cpu += o.cpu;
        wall += o.wall;
        return *this;
    }
};

void check(lxw_error e, const char* what) {
    if (e != LXW_NO_ERROR) throw std::runtime_error(std::string(what) + ": " + lxw_strerror(e));
}

// The cells of write_participant_time_sheet (Swedish labels), written with
// nothing but libxlsxwriter: a format object per cell kind made once, each
// row eight calls.
void write_floor(const Dataset& data, const std::vector<ParticipantMonth>& rows, const std::string& subject, const fs::path& path,
                 const std::string& tmpdir) {
    const ProjectConfig& config = *data.config;
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    options.tmpdir = const_cast<char*>(tmpdir.c_str());
    lxw_workbook* workbook = workbook_new_opt(path.c_str(), &options);
    if (workbook == nullptr) throw std::runtime_error("cannot create " + path.string());
    lxw_doc_properties props{};
    props.title = const_cast<char*>("Deltagartid per deltagare och månad");
    props.author = const_cast<char*>("esfreport");
    props.subject = const_cast<char*>(subject.c_str());
    props.company = const_cast<char*>("");
    props.created = created_at;
    check(workbook_set_properties(workbook, &props), "properties");

    auto header = [&](bool right) {
        lxw_format* f = workbook_add_format(workbook);
        format_set_bold(f);
        format_set_text_wrap(f);
        format_set_bg_color(f, 0xD9E1F2);
        format_set_border(f, LXW_BORDER_THIN);
        format_set_align(f, right ? LXW_ALIGN_RIGHT : LXW_ALIGN_LEFT);
        format_set_align(f, LXW_ALIGN_VERTICAL_BOTTOM);
        return f;
    };
    lxw_format* header_left = header(false);
    lxw_format* header_right = header(true);
    lxw_format* text = workbook_add_format(workbook);
    lxw_format* decimals2 = workbook_add_format(workbook);
    format_set_num_format(decimals2, "#,##0.00");
    format_set_align(decimals2, LXW_ALIGN_RIGHT);
    lxw_format* integer = workbook_add_format(workbook);
    format_set_num_format(integer, "#,##0");
    format_set_align(integer, LXW_ALIGN_RIGHT);
    lxw_format* blank = nullptr;  // made when first needed, as esfreport's formats are

    struct Column {
        const char* label;
        bool numeric;
        double width;
    };
    const Column columns[] = {{"Delprojekt", false, 30},          {"Personnummer", false, 16},   {"Kön", false, 8},
                              {"Månad", false, 8},                {"Registrerade timmar", true, 20}, {"Hela timmar", true, 13},
                              {"Enhetskostnad, kr/tim", true, 20}, {"Värde, kr", true, 11}};
    constexpr lxw_col_t ncols = 8;
    constexpr std::size_t per_sheet = 1'048'575;
    const char* const sex_labels[] = {"Kvinna", "Man", "Icke-binär", "Okänt"};

    lxw_worksheet* sheet = nullptr;
    lxw_row_t row = 0;
    int sheets = 0;
    auto finish_sheet = [&] {
        if (sheet != nullptr) check(worksheet_autofilter(sheet, 0, 0, row - 1, ncols - 1), "autofilter");
    };
    auto add_sheet = [&] {
        finish_sheet();
        ++sheets;
        const std::string name = sheets == 1 ? "Deltagartid" : "Deltagartid (" + std::to_string(sheets) + ")";
        sheet = workbook_add_worksheet(workbook, name.c_str());
        for (lxw_col_t c = 0; c < ncols; ++c) {
            check(worksheet_set_column(sheet, c, c, columns[c].width, nullptr), "column");
            check(worksheet_write_string(sheet, 0, c, columns[c].label, columns[c].numeric ? header_right : header_left), "header");
        }
        worksheet_freeze_panes(sheet, 1, 0);
        check(worksheet_repeat_rows(sheet, 0, 0), "print titles");
        worksheet_set_landscape(sheet);
        worksheet_set_paper(sheet, 9);
        worksheet_fit_to_pages(sheet, 1, 0);
        row = 1;
    };
    add_sheet();
    char month[16];
    for (const ParticipantMonth& r : rows) {
        if (row == per_sheet + 1) add_sheet();
        const Person& person = data.persons[r.person];
        const int sex = person.sex == Sex::female ? 0 : person.sex == Sex::male ? 1 : person.sex == Sex::non_binary ? 2 : 3;
        std::snprintf(month, sizeof month, "%04d-%02d", r.month / 12, r.month % 12 + 1);
        worksheet_write_string(sheet, row, 0, config.subprojects[r.subproject].name.c_str(), text);
        worksheet_write_string(sheet, row, 1, person.id.c_str(), text);
        worksheet_write_string(sheet, row, 2, sex_labels[sex], text);
        worksheet_write_string(sheet, row, 3, month, text);
        worksheet_write_number(sheet, row, 4, double(r.micro_hours) / 1e6, decimals2);
        worksheet_write_number(sheet, row, 5, double(r.whole_hours), integer);
        if (r.unit_cost_ore || config.unit_cost.count(r.month / 12)) worksheet_write_number(sheet, row, 6, double(r.unit_cost_ore) / 100.0, decimals2);
        else {
            if (blank == nullptr) {
                blank = workbook_add_format(workbook);
                format_set_align(blank, LXW_ALIGN_RIGHT);
            }
            worksheet_write_blank(sheet, row, 6, blank);
        }
        worksheet_write_number(sheet, row, 7, double(r.value_ore) / 100.0, decimals2);
        ++row;
    }
    finish_sheet();
    check(workbook_close(workbook), "closing the workbook");
}

double peak_mb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_maxrss) / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: esfreport-bench-time-sheets PROJECT.toml OUTDIR [--keep]\n");
        return 2;
    }
    const bool keep = argc > 3 && std::strcmp(argv[3], "--keep") == 0;
    try {
        const fs::path out = argv[2];
        fs::create_directories(out);
        fs::permissions(out, fs::perms::owner_all);  // personal data
        const std::string tmpdir = out.string();

        const Clock load_start = Clock::read();
        const ProjectConfig config = load_config(argv[1]);
        const LoadedProject project = load_project(config, LoadOptions{});
        const Dataset& data = project.dataset;
        const ReportingPeriod period{config.period_start, config.period_end};
        const Clock index_start = Clock::read();
        const ParticipantTimeIndex index(data);
        const Clock index_time = Clock::read() - index_start;
        std::fprintf(stderr, "loaded in %.2f s wall, index of %zu person-months %.2f s cpu\n", (index_start - load_start).wall, index.size(),
                     index_time.cpu);

        Clock ours, floor, months;
        std::size_t rows_written = 0;
        const std::vector<Scope> scopes = subproject_scopes(config);
        for (std::size_t s = 0; s < scopes.size(); ++s) {
            const Scope& scope = scopes[s];
            if (index.empty(static_cast<SubprojectIndex>(s))) continue;  // as `run`
            const fs::path ours_path = out / ("ours-" + scope.id + ".xlsx");
            const fs::path floor_path = out / ("floor-" + scope.id + ".xlsx");
            const std::string subject = config.name + " · " + scope.label + " · " + period.from.iso() + " – " + period.to.iso();

            const Clock a = Clock::read();
            write_participant_time_sheet(data, scope, period, ours_path, {Language::sv, created_at, &index});
            const Clock b = Clock::read();
            const std::vector<ParticipantMonth> rows = participant_months(index, data, scope, period);
            const Clock c = Clock::read();
            write_floor(data, rows, subject, floor_path, tmpdir);
            const Clock d = Clock::read();
            ours += b - a;
            months += c - b;
            floor += d - c;
            rows_written += rows.size();
            if (!keep) {
                fs::remove(ours_path);
                fs::remove(floor_path);
            }
        }
        std::printf("workbooks %zu, rows %zu\n", scopes.size(), rows_written);
        std::printf("esfreport write_participant_time_sheet: %.2f s cpu, %.2f s wall (of which the rows: %.2f s cpu)\n", ours.cpu, ours.wall,
                    months.cpu);
        std::printf("bare libxlsxwriter, constant memory:    %.2f s cpu, %.2f s wall\n", floor.cpu, floor.wall);
        std::printf("ratio (cpu): %.2f, without the rows' computation: %.2f; peak %.0f MB\n", ours.cpu / floor.cpu,
                    (ours.cpu - months.cpu) / floor.cpu, peak_mb());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "esfreport-bench-time-sheets: %s\n", e.what());
        return 1;
    }
    return 0;
}
