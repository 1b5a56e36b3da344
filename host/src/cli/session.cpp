#include "commands.hpp"

#include <esfreport/runtime/config_loader.hpp>

#include <iostream>

namespace esfreport::cli {

std::unique_ptr<Session> open_session(const Args& args, const std::function<void(const ProjectConfig&)>& before_data) {
    if (args.positional.empty()) throw UsageError("missing CONFIG (the project's .toml file)");
    if (args.positional.size() > 1) throw UsageError("unexpected argument '" + args.positional[1] + "'");
    auto session = std::make_unique<Session>();
    session->config = load_config(args.positional[0]);
    if (before_data) before_data(session->config);
    LoadOptions options;
    for (const std::string& d : args.values("--plugin-dir")) options.plugin_dirs.emplace_back(d);
    options.strict = args.has("--strict");
    if (!args.has("--quiet")) options.log = [](const std::string& m) { std::cerr << "esfreport: " << m << "\n"; };
    session->project = load_project(session->config, options);
    session->project.dataset.config = &session->config;
    return session;
}

}  // namespace esfreport::cli
