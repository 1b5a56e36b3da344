// esfreport scb esf|kaa|status: the files for SCB and the ledger of what was
// produced and sent. Messages name months, files and counts, never a person.
#include "commands.hpp"
#include "help.hpp"

#include <esfreport/export/scb_kaa_file.hpp>
#include <esfreport/export/scb_monthly_file.hpp>
#include <esfreport/export/scb_template.hpp>
#include <esfreport/runtime/errors.hpp>
#include <esfreport/runtime/output_set.hpp>
#include <esfreport/runtime/plugin_host.hpp>
#include <esfreport/runtime/scb_ledger.hpp>
#include <esfreport/runtime/sha256.hpp>

#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>

namespace esfreport::cli {
namespace {


ScbTemplate load_template(const Args& args, ScbFileKind kind) {
    const std::filesystem::path file =
        args.value("--template").empty() ? default_scb_template(bundled_template_dir(), kind) : std::filesystem::path(args.value("--template"));
    ScbTemplate t;
    try {
        t = load_scb_template(file);
    } catch (const std::runtime_error& e) {
        throw ConfigError(e.what());
    }
    if (t.kind != kind)
        throw ConfigError(file.string() + ": kind: expected \"" + (kind == ScbFileKind::esf_monthly ? "esf_monthly" : "kaa_halfyear") + "\"");
    return t;
}

void note_schedule(const ScbSchedule& s, bool quiet) {
    if (quiet) return;
    if (s.starts_moved_to_project_start)
        print_note(std::to_string(s.starts_moved_to_project_start) + " period(s) started before the project period: reported from its first day");
    if (s.ends_moved_to_project_end)
        print_note(std::to_string(s.ends_moved_to_project_end) + " period(s) ended after the project period: reported as ending on its last day");
    if (s.periods_outside_project)
        print_note(std::to_string(s.periods_outside_project) + " period(s) lie wholly outside the project period: not reported");
}

// The project's ledger, locked for the whole command (see scb_ledger.hpp).
ScbLedger open_ledger(const ProjectConfig& config, const Args& args, ScbLedgerAccess access) {
    ScbLedgerOptions options;
    options.access = access;
    options.new_ledger = args.has("--new-ledger");
    if (!args.has("--quiet")) options.on_wait = [](const std::string& note) { print_note(note); };
    return ScbLedger::open(ScbLedger::path_for(config.file), options);
}

std::vector<ScbMonthCurrent> current_months(const ScbTemplate& t, const Dataset& data, const ScbSchedule& s) {
    std::vector<ScbMonthCurrent> out;
    for (int m : s.project_months()) {
        const auto& rows = s.rows_for(m);
        out.push_back({scb_month_text(m), sha256_hex(scb_monthly_canonical_text(data, rows)), rows.size(),
                       t.empty_months || !rows.empty()});
    }
    return out;
}

int esf(const Args& args) {
    const bool all = args.has("--all");
    const std::string month_text = args.value("--month");
    if (all == !month_text.empty()) throw UsageError("'scb esf' needs either --month YYYY-MM or --all");
    if (args.value("--out").empty()) throw UsageError("'scb esf' needs --out DIR");
    std::optional<int> month;
    if (!all) {
        month = parse_scb_month(month_text);
        if (!month) throw UsageError("--month must be YYYY-MM, got '" + month_text + "'");
    }
    const bool quiet = args.has("--quiet");
    const ScbTemplate t = load_template(args, ScbFileKind::esf_monthly);
    // Before any data is read: the ledger (locked, checked and read; a second
    // scb command waits here), then the output folder (a second run into it
    // would fail at once). Both are held until the files and the ledger are
    // committed together.
    std::optional<ScbLedger> ledger;
    std::unique_ptr<OutputSet> set;
    auto session = open_session(args, [&](const ProjectConfig& config) {
        ledger = open_ledger(config, args, ScbLedgerAccess::update);
        set = std::make_unique<OutputSet>(args.value("--out"), all ? "scb esf" : "scb esf " + month_text);
    });
    OutputSet& out = *set;
    const Dataset& data = session->project.dataset;
    const ScbSchedule schedule = scb_schedule(data);
    note_schedule(schedule, quiet);

    std::vector<int> months;
    if (all) {
        months = schedule.project_months();
    } else {
        if (*month < schedule.first_month || *month > schedule.last_month)
            throw UsageError("month " + month_text + " is outside the project period " + scb_month_text(schedule.first_month) +
                             " – " + scb_month_text(schedule.last_month));
        months.push_back(*month);
    }

    const std::string today = scb_ledger_today();
    std::size_t rows_written = 0, skipped = 0;
    std::vector<std::pair<std::string, std::string>> produced;  // month, digest
    for (int m : months) {
        const auto& rows = schedule.rows_for(m);
        if (rows.empty() && !t.empty_months) {
            ++skipped;
            continue;
        }
        const std::string name = scb_monthly_file_name(t, session->config.name, m);
        ScbTable table = scb_monthly_table(t, data, rows);
        table.registration_number = session->config.registration_number;
        write_scb_file(t, table, scb_monthly_created_time(m), out.stage(name, /*personal=*/true));
        const std::string digest = sha256_hex(scb_monthly_canonical_text(data, rows));
        ledger->record_produced(scb_month_text(m), digest, name, rows.size(), today);
        produced.emplace_back(scb_month_text(m), digest);
        rows_written += rows.size();
    }
    if (args.has("--mark-sent")) {
        const auto status = scb_status(*ledger, current_months(t, data, schedule));
        for (const auto& [m, digest] : produced) {
            for (const auto& s : status.months)
                if (s.month < m && s.file_expected && s.state != ScbMonthState::sent &&
                    std::none_of(produced.begin(), produced.end(), [&](const auto& p) { return p.first == s.month; })) {
                    print_note("warning: " + s.month + " is not recorded as sent with its current data; SCB reads the months in order");
                    break;
                }
            ledger->record_sent(m, digest, today);
        }
    }
    const bool ledger_written = ledger->commit_with(out);
    if (!quiet) {
        print_note("wrote " + std::to_string(produced.size()) + " file(s), " + std::to_string(rows_written) + " row(s), to " +
                   out.dir().string() + (skipped ? " (" + std::to_string(skipped) + " month(s) with no event: no file)" : ""));
        if (args.has("--mark-sent")) print_note("recorded " + std::to_string(produced.size()) + " month(s) as sent");
        print_note(std::string(ledger_written ? "updated " : "unchanged: ") + ledger->file().string());
    }
    return kExitOk;
}

int kaa(const Args& args) {
    const std::string half_text = args.value("--half");
    const auto half = parse_half_year(half_text);
    if (!half) throw UsageError("'scb kaa' needs --half YYYY-H1 or YYYY-H2");
    if (args.value("--out").empty()) throw UsageError("'scb kaa' needs --out DIR");
    const ScbTemplate t = load_template(args, ScbFileKind::kaa_halfyear);
    std::optional<ScbLedger> ledger;  // as for scb esf: the ledger, then the output folder
    std::unique_ptr<OutputSet> set;
    auto session = open_session(args, [&](const ProjectConfig& config) {
        ledger = open_ledger(config, args, ScbLedgerAccess::update);
        set = std::make_unique<OutputSet>(args.value("--out"), "scb kaa " + half->text());
    });
    OutputSet& out = *set;
    const Dataset& data = session->project.dataset;
    const auto files = scb_kaa_files(t, data, *half);

    const std::string today = scb_ledger_today();
    std::size_t rows = 0;
    OutputNames names;  // two subprojects in one municipality: "KAA_Orebro_2017H1.xlsx", "KAA_Orebro_2017H1-2.xlsx"
    for (const auto& f : files) {
        const std::string name = names.claim(scb_kaa_file_name(t, session->config.name, *half, f.municipality));
        ScbTable table = scb_kaa_table(t, data, *half, f);
        table.registration_number = session->config.registration_number;
        write_scb_file(t, table, scb_kaa_created_time(*half), out.stage(name, /*personal=*/true));
        ledger->record_kaa_produced(half->text() + "/" + f.municipality, sha256_hex(scb_kaa_canonical_text(data, *half, f)), name,
                                   f.rows(), today);
        rows += f.rows();
    }
    const bool ledger_written = ledger->commit_with(out);
    if (!args.has("--quiet")) {
        print_note("wrote " + std::to_string(files.size()) + " KAA file(s) for " + half->text() + ", " + std::to_string(rows) +
                   " row(s), to " + out.dir().string());
        if (files.empty()) print_note("no period with setting outside_school overlaps " + half->text());
        print_note(std::string(ledger_written ? "updated " : "unchanged: ") + ledger->file().string());
    }
    return kExitOk;
}

int status(const Args& args) {
    const ScbTemplate t = load_template(args, ScbFileKind::esf_monthly);
    auto session = open_session(args);
    const Dataset& data = session->project.dataset;
    const ScbSchedule schedule = scb_schedule(data);
    note_schedule(schedule, args.has("--quiet"));
    const ScbLedger ledger = open_ledger(session->config, args, ScbLedgerAccess::read);
    const ScbStatusReport report = scb_status(ledger, current_months(t, data, schedule));

    std::cout << "month    rows  state\n";
    for (const auto& s : report.months) {
        std::string state = s.file_expected ? std::string(to_string(s.state)) : "no event, no file needed";
        if (s.state == ScbMonthState::produced_not_sent && !s.produced_is_current) state += " (file out of date)";
        if (s.send_again) state += ", send again";
        std::cout << s.month << "  " << std::setw(4) << s.rows << "  " << state << "\n";
    }
    std::cout << "ledger: " << ledger.file().string() << "\n";
    if (report.first_changed) {
        std::cout << "first changed month: " << *report.first_changed << "\nsend again:";
        for (const auto& m : report.send_again) std::cout << " " << m;
        std::cout << "\n";
    } else {
        std::cout << "no sent month has changed\n";
    }
    std::cout << "never sent: " << report.never_sent.size() << " month(s)";
    if (!report.never_sent.empty()) std::cout << ", from " << report.never_sent.front();
    std::cout << "\n";
    return kExitOk;
}

}  // namespace

int scb_command(int argc, char** argv) {
    if (argc < 3) throw UsageError("'scb' needs esf, kaa or status");
    const std::string what = argv[2];
    if (what == "esf") return esf(parse_command_args(argc, argv, 3, "scb esf"));
    if (what == "kaa") return kaa(parse_command_args(argc, argv, 3, "scb kaa"));
    if (what == "status") return status(parse_command_args(argc, argv, 3, "scb status"));
    throw UsageError("unknown 'scb' command '" + what + "' (expected esf, kaa or status)");
}

}  // namespace esfreport::cli
