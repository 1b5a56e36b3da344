#include "commands.hpp"
#include "progress.hpp"

#include <esfreport/runtime/config_loader.hpp>

#include <iostream>

namespace esfreport::cli {
namespace {

// Enough to see what kind of problem a source has; the rest are counted.
constexpr std::size_t kWarningsShown = 20;

// Every command that reads a project shows the dataset's warnings here, once,
// on stderr: a file decoded as Windows-1252 or a column ignored changes what
// the figures mean, whichever command computed them. The texts are masked
// where they are made (Ingestor::warning).
void print_warnings(const std::vector<std::string>& warnings) {
    std::size_t shown = 0;
    for (const std::string& w : warnings) {
        if (shown++ == kWarningsShown) {
            terminal_status().print_line("esfreport: warning: ... and " + std::to_string(warnings.size() - kWarningsShown) +
                                         " more warnings");
            break;
        }
        terminal_status().print_line("esfreport: warning: " + w);
    }
}

}  // namespace

std::unique_ptr<Session> open_session(const Args& args, const std::function<void(const ProjectConfig&)>& before_data) {
    if (args.positional.empty()) throw UsageError("missing CONFIG (the project's .toml file)");
    if (args.positional.size() > 1) throw UsageError("unexpected argument '" + args.positional[1] + "'");
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
    session->project = load_project(session->config, options);
    session->project.dataset.config = &session->config;
    if (!quiet) print_warnings(session->project.dataset.warnings);
    terminal_status().clear();  // the command's own output follows
    return session;
}

}  // namespace esfreport::cli
