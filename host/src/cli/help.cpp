#include "help.hpp"

#include <algorithm>
#include <stdexcept>

namespace esfreport::cli {
namespace {

// Options of every command that reads a project (open_session).
std::vector<OptionHelp> with_project_options(std::vector<OptionHelp> options) {
    options.push_back({"--plugin-dir", "DIR", "also look for plugins in DIR (may be repeated)"});
    options.push_back({"--jobs", "N", "subprojects read, scopes computed and (for run) output files written at the same time (default: one per hardware thread); results do not depend on N"});
    options.push_back({"--strict", "", "any rejected row stops the command (exit 1)"});
    options.push_back({"--quiet", "", "print only errors"});
    options.push_back({"--timings", "", "print the wall and CPU time of each phase on stderr (for benchmarks)"});
    return options;
}

std::vector<CommandHelp> make_help() {
    std::vector<CommandHelp> h;
    h.push_back({"run", "CONFIG --out DIR [OPTIONS]",
                 "read and validate every subproject and write the final-report tables into DIR",
                 "Reads and validates every subproject of CONFIG, computes the metrics and writes the\n"
                 "final report (XLSX, PDF and HTML per region and for the programme) and manifest.json\n"
                 "into DIR. Without --public it is the project's internal report and also writes\n"
                 "rejected.csv and the per-participant time workbooks, which hold personal data.\n"
                 "See docs/outputs.md and docs/public-report.md.",
                 with_project_options({
                     {"--out", "DIR", "the folder to write into (created when absent; required)"},
                     {"--lang", "sv|en", "labels of the report tables (default sv)"},
                     {"--public", "", "a report to publish: disclosure control (k = [project] disclosure_k), no personal data"},
                     {"--no-participant-time-sheet", "", "leave out the per-participant time workbooks"},
                 })});
    h.push_back({"validate", "CONFIG [OPTIONS]", "read and validate only; print what was read and rejected",
                 "Reads and validates every subproject of CONFIG and prints the rows read, accepted and\n"
                 "rejected per input file, the participants per subproject and sex, and why rows were\n"
                 "rejected. Writes nothing. See docs/data-format.md and docs/validation.md.",
                 with_project_options({})});
    h.push_back({"extract", "CONFIG --out DIR [OPTIONS]",
                 "the evaluator's outcome tables (CSV, JSON) with disclosure control, codebook, pseudonymised file",
                 "Writes outcome-tables.csv and .json (every figure of the report, tidy, with disclosure\n"
                 "control), codebook.csv and codebook.md, participants-pseudonymised.csv (mode 0600) and\n"
                 "manifest.json into DIR. See docs/extract.md and docs/pseudonyms.md.",
                 with_project_options({
                     {"--out", "DIR", "the folder to write into (created when absent; required)"},
                     {"--k", "N", "disclosure threshold (default [project] disclosure_k, else 3; 1 = off)"},
                     {"--lang", "sv|en", "language of codebook.md (default sv)"},
                 })});
    h.push_back({"reconcile", "CONFIG --stated FILE --out DIR [OPTIONS]",
                 "compare the figures a report states with the computed ones",
                 "Compares the figures a report states (CSV: scope,subproject,measure,category,sex,value)\n"
                 "with the computed ones and checks the stated table against itself; writes reconcile.csv\n"
                 "into DIR. Exit 0 when all agree, 1 when something differs, 2 for a bad file.\n"
                 "See docs/reconcile.md.",
                 with_project_options({
                     {"--stated", "FILE", "the stated figures (required)"},
                     {"--out", "DIR", "the folder to write reconcile.csv into (required)"},
                 })});
    h.push_back({"scb esf", "CONFIG (--month YYYY-MM | --all) --out DIR [OPTIONS]",
                 "the monthly ESF participant files for SCB (mode 0600)",
                 "Writes the month's ESF participant file for SCB (or one per month of the project period)\n"
                 "and records each in the project's SCB ledger. See docs/scb-files.md.",
                 with_project_options({
                     {"--month", "YYYY-MM", "the month to write"},
                     {"--all", "", "every month of the project period"},
                     {"--out", "DIR", "the folder to write into (required)"},
                     {"--mark-sent", "", "record the files written as sent to SCB"},
                     {"--template", "FILE", "the file layout (default: the bundled templates/scb)"},
                     {"--new-ledger", "", "start a new ledger where it is missing but its backup exists"},
                 })});
    h.push_back({"scb kaa", "CONFIG --half YYYY-H1|YYYY-H2 --out DIR [OPTIONS]",
                 "the KAA files, one per municipality and half-year",
                 "Writes the KAA files (the municipal activity responsibility register), one per\n"
                 "municipality, for the half-year. See docs/scb-files.md.",
                 with_project_options({
                     {"--half", "YYYY-H1|YYYY-H2", "the half-year to write"},
                     {"--out", "DIR", "the folder to write into (required)"},
                     {"--template", "FILE", "the file layout (default: the bundled templates/scb)"},
                     {"--new-ledger", "", "start a new ledger where it is missing but its backup exists"},
                 })});
    h.push_back({"scb status", "CONFIG [OPTIONS]",
                 "each month sent / changed since sent / never produced",
                 "Prints, per month of the project period, whether its ESF file was sent, has changed since\n"
                 "it was sent, or was never produced, and the months to send again after a correction.\n"
                 "See docs/scb-files.md.",
                 with_project_options({
                     {"--template", "FILE", "the file layout the months are compared in (default: bundled)"},
                 })});
    h.push_back({"plugins", "[OPTIONS]", "list the plugins found (name, version, ABI version, path)",
                 "Lists the plugins found in the plugin folders, read from their ELF sections (no plugin\n"
                 "is loaded), and says why a library there is not usable. See docs/plugins.md.",
                 {{"--plugin-dir", "DIR", "also look for plugins in DIR (may be repeated)"}}});
    return h;
}

std::string option_column(const OptionHelp& o) { return o.value.empty() ? o.name : o.name + " " + o.value; }

// Two columns: the option (padded) and its line of text.
void append_options(std::string& out, const std::vector<OptionHelp>& options) {
    std::size_t width = 6;  // "--help"
    for (const OptionHelp& o : options) width = std::max(width, option_column(o).size());
    const auto line = [&](const std::string& left, const std::string& text) {
        out += "  " + left + std::string(width - left.size() + 2, ' ') + text + "\n";
    };
    for (const OptionHelp& o : options) line(option_column(o), o.text);
    line("--help", "this text");
}

}  // namespace

const std::vector<CommandHelp>& command_help() {
    static const std::vector<CommandHelp> help = make_help();
    return help;
}

const CommandHelp* find_command_help(std::string_view name) {
    for (const CommandHelp& c : command_help())
        if (c.name == name) return &c;
    return nullptr;
}

std::string command_list(std::string_view prefix) {
    std::string out;
    for (const CommandHelp& c : command_help())
        if (c.name.rfind(prefix, 0) == 0) out += "  " + c.name + " " + c.synopsis + "\n      " + c.summary + "\n";
    return out;
}

std::string overview_text() {
    std::string out = "Usage: esfreport COMMAND [OPTIONS]\n\nCommands:\n" + command_list("");
    out += "\nOptions:\n"
           "  --help       this text; esfreport COMMAND --help lists a command's options\n"
           "  --version    the version\n"
           "\nExit status: 0 success, 1 the data stopped the command, 2 usage or configuration error.\n";
    return out;
}

std::string scb_overview_text() {
    return "Usage: esfreport scb esf|kaa|status CONFIG [OPTIONS]\n\nCommands:\n" + command_list("scb ") +
           "\nesfreport scb esf --help (kaa, status) lists a command's options.\n";
}

std::string command_help_text(const CommandHelp& c) {
    std::string out = "Usage: esfreport " + c.name + " " + c.synopsis + "\n\n" + c.details + "\n\nOptions:\n";
    append_options(out, c.options);
    return out;
}

Args parse_command_args(int argc, char** argv, int first, const CommandHelp& command) {
    std::vector<std::string> value_options, flags;
    for (const OptionHelp& o : command.options) (o.value.empty() ? flags : value_options).push_back(o.name);
    return parse_args(argc, argv, first, value_options, flags);
}

Args parse_command_args(int argc, char** argv, int first, std::string_view command) {
    const CommandHelp* c = find_command_help(command);
    if (!c) throw std::logic_error("no help for command " + std::string(command));
    return parse_command_args(argc, argv, first, *c);
}

}  // namespace esfreport::cli
