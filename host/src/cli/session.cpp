#include "commands.hpp"
#include "progress.hpp"
#include "timings.hpp"

#include <esfreport/runtime/config_loader.hpp>

#include <cctype>
#include <iostream>
#include <map>

namespace esfreport::cli {
namespace {

// Enough to see what a source's problem is; the rest of the same kind are
// counted, and the file that lists them all is named.
constexpr std::size_t kWarningsShownPerKind = 20;

// A warning's kind: its text without the subproject and input it names
// ("kumla: data/hours.csv: "), quoted values and numbers generalised, so
// "column 7 'x' is not used" in one file and "column 9 'y' ..." in another
// are one kind.
std::string warning_kind(const std::string& warning) {
    std::string_view text = warning;
    if (const auto sp = text.find(": "); sp != std::string_view::npos) text.remove_prefix(sp + 2);
    if (const auto input = text.find(": "); input != std::string_view::npos) {
        const std::string_view name = text.substr(0, input);
        if (name.find('/') != std::string_view::npos || name.find('.') != std::string_view::npos) text.remove_prefix(input + 2);
    }
    std::string kind;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const std::size_t close = text[i] == '\'' ? text.find('\'', i + 1) : std::string_view::npos;
        if (close != std::string_view::npos) {
            kind += "'…'";
            i = close;
        } else if (std::isdigit(static_cast<unsigned char>(text[i]))) {
            while (i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1]))) ++i;
            kind += '#';
        } else {
            kind += text[i];
        }
    }
    return kind;
}

// Every command that reads a project shows the dataset's warnings here, once,
// on stderr: a file decoded as Windows-1252 or a column ignored changes what
// the figures mean, whichever command computed them. The texts are masked
// where they are made (Ingestor::warning).
void print_warnings(const std::vector<std::string>& warnings, const std::string& listed_in) {
    std::map<std::string, std::size_t> of_kind, shown;
    for (const std::string& w : warnings) ++of_kind[warning_kind(w)];
    for (const std::string& w : warnings) {
        const std::string kind = warning_kind(w);
        std::size_t& n = shown[kind];
        if (n == kWarningsShownPerKind) continue;
        terminal_status().print_line("esfreport: warning: " + w);
        if (++n == kWarningsShownPerKind && of_kind[kind] > n)
            terminal_status().print_line("esfreport: warning: ... and " + std::to_string(of_kind[kind] - n) + " more of this kind; see " +
                                         listed_in);
    }
}

}  // namespace

std::unique_ptr<Session> open_session(const Args& args, const std::function<void(const ProjectConfig&)>& before_data,
                                      const std::string& warnings_listed_in) {
    if (args.positional.empty()) throw UsageError("missing CONFIG (the project's .toml file)");
    if (args.positional.size() > 1) throw UsageError("unexpected argument '" + args.positional[1] + "'");
    phase_timings().enable(args.has("--timings"));
    auto session = std::make_unique<Session>();
    session->config = load_config(args.positional[0]);
    if (before_data) before_data(session->config);
    LoadOptions options;
    for (const std::string& d : args.values("--plugin-dir")) options.plugin_dirs.emplace_back(d);
    options.strict = args.has("--strict");
    if (args.has("--jobs")) {
        const std::string jobs = args.value("--jobs");
        const bool digits = !jobs.empty() && jobs.size() <= 4 && jobs.find_first_not_of("0123456789") == std::string::npos;
        if (!digits || std::stoul(jobs) == 0) throw UsageError("--jobs must be a whole number from 1 to 9999, not '" + jobs + "'");
        options.jobs = std::stoul(jobs);
    }
    const bool quiet = args.has("--quiet");
    terminal_status().enable(!quiet);
    if (!quiet) {
        options.log = [](const std::string& m) { terminal_status().print_line("esfreport: " + m); };
        options.progress = [](const LoadProgress& p) { terminal_status().reading(p.subprojects_read, p.subprojects, p.rows_read); };
    }
    session->jobs = options.jobs;
    session->project = load_project(session->config, options);
    session->project.dataset.config = &session->config;
    phase_timings().mark("read and validate");
    if (!quiet)
        print_warnings(session->project.dataset.warnings,
                       warnings_listed_in.empty() ? "the \"warnings\" of manifest.json that esfreport run writes" : warnings_listed_in);
    terminal_status().clear();  // the command's own output follows
    return session;
}

}  // namespace esfreport::cli
