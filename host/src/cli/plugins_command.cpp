#include "commands.hpp"
#include "help.hpp"

#include <esfreport/runtime/errors.hpp>
#include <esfreport/runtime/plugin_host.hpp>

#include <iomanip>
#include <iostream>

namespace esfreport::cli {

// Lists plugins from their ELF sections: nothing is loaded, so a library that
// is not a plugin never runs here.
int plugins_command(int argc, char** argv) {
    const Args args = parse_command_args(argc, argv, 2, "plugins");
    if (!args.positional.empty()) throw UsageError("'plugins' takes no arguments");
    std::vector<std::filesystem::path> dirs;
    for (const std::string& d : args.values("--plugin-dir")) dirs.emplace_back(d);
    PluginHost host(dirs);
    const PluginHost::Scan scan = host.scan();
    std::cout << std::left << std::setw(16) << "NAME" << std::setw(10) << "VERSION" << std::setw(5) << "ABI"
              << "PATH\n";
    for (const PluginInfo& p : scan.plugins) {
        std::cout << std::left << std::setw(16) << p.name << std::setw(10) << p.version << std::setw(5) << p.abi_version
                  << p.path.string() << "\n";
        if (!p.description.empty()) std::cout << std::string(16, ' ') << p.description << "\n";
    }
    for (const PluginProblem& p : scan.problems) print_note("not usable: " + p.message);
    if (scan.plugins.empty()) {
        std::string where;
        for (const auto& d : host.dirs()) where += (where.empty() ? "" : ", ") + d.string();
        print_error("no plugins found (searched: " + where + ")");
        return kExitUsage;
    }
    return kExitOk;
}

}  // namespace esfreport::cli
