#include "commands.hpp"

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
            std::cerr << "esfreport: warning: ... and " << warnings.size() - kWarningsShown << " more warnings\n";
            break;
        }
        std::cerr << "esfreport: warning: " << w << "\n";
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
    const bool quiet = args.has("--quiet");
    if (!quiet) options.log = [](const std::string& m) { std::cerr << "esfreport: " << m << "\n"; };
    session->project = load_project(session->config, options);
    session->project.dataset.config = &session->config;
    if (!quiet) print_warnings(session->project.dataset.warnings);
    return session;
}

}  // namespace esfreport::cli
