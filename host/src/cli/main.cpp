// esfreport: ESF project follow-up reports and files for SCB.
#include "commands.hpp"
#include "help.hpp"
#include "timings.hpp"
#include "progress.hpp"

#include <esfreport/runtime/errors.hpp>

#include <algorithm>
#include <cstring>
#include <iostream>

namespace esfreport::cli {

bool Args::has(const std::string& flag) const {
    return std::any_of(options.begin(), options.end(), [&](const auto& o) { return o.first == flag; });
}

std::string Args::value(const std::string& option, const std::string& fallback) const {
    for (auto it = options.rbegin(); it != options.rend(); ++it)
        if (it->first == option) return it->second;
    return fallback;
}

std::vector<std::string> Args::values(const std::string& option) const {
    std::vector<std::string> out;
    for (const auto& o : options)
        if (o.first == option) out.push_back(o.second);
    return out;
}

Args parse_args(int argc, char** argv, int first, const std::vector<std::string>& value_options,
                const std::vector<std::string>& flags) {
    Args a;
    for (int i = first; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg.rfind("--", 0) != 0 || arg == "--") {
            a.positional.push_back(arg);
            continue;
        }
        std::string name = arg, value;
        const auto eq = arg.find('=');
        if (eq != std::string::npos) {
            name = arg.substr(0, eq);
            value = arg.substr(eq + 1);
        }
        if (std::find(value_options.begin(), value_options.end(), name) != value_options.end()) {
            if (eq == std::string::npos) {
                if (i + 1 >= argc) throw UsageError("option " + name + " needs a value");
                value = argv[++i];
            }
            a.options.emplace_back(name, value);
        } else if (std::find(flags.begin(), flags.end(), name) != flags.end()) {
            if (eq != std::string::npos) throw UsageError("option " + name + " takes no value");
            a.options.emplace_back(name, "");
        } else {
            throw UsageError("unknown option " + name);
        }
    }
    return a;
}

void print_error(const std::string& message) { terminal_status().print_line("esfreport: error: " + message); }
void print_note(const std::string& message) { terminal_status().print_line("esfreport: " + message); }

}  // namespace esfreport::cli

namespace {

// The command whose help an error points to: "run", "scb esf"; "" when
// there is none (esfreport --help then).
std::string help_name(int argc, char** argv) {
    std::string name = argv[1];
    if (name == "scb" && argc > 2 && esfreport::cli::find_command_help(std::string("scb ") + argv[2])) name += std::string(" ") + argv[2];
    return esfreport::cli::find_command_help(name) || name == "scb" ? name : "";
}

bool asks_for_help(int argc, char** argv) {
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") return true;
    }
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace esfreport;
    if (argc < 2) {
        std::cerr << cli::overview_text();
        return kExitUsage;
    }
    const std::string command = argv[1];
    const std::string help = help_name(argc, argv);
    const std::string see_help = help.empty() ? "esfreport --help" : "esfreport " + help + " --help";
    try {
        if (command == "--help" || command == "-h" || command == "help") {
            std::cout << cli::overview_text();
            return kExitOk;
        }
        if (!help.empty() && asks_for_help(argc, argv)) {
            const cli::CommandHelp* c = cli::find_command_help(help);
            std::cout << (c ? cli::command_help_text(*c) : cli::scb_overview_text());
            return kExitOk;
        }
        if (command == "--version") {
            std::cout << "esfreport " << ESFREPORT_VERSION << "\n";
            return kExitOk;
        }
        int (*run)(int, char**) = nullptr;
        if (command == "run") run = cli::run_command;
        if (command == "extract") run = cli::extract_command;
        if (command == "validate") run = cli::validate_command;
        if (command == "plugins") run = cli::plugins_command;
        if (command == "scb") run = cli::scb_command;
        if (command == "reconcile") run = cli::reconcile_command;
        if (!run) {
            cli::print_error("unknown command '" + command + "' (see esfreport --help)");
            return kExitUsage;
        }
        const int status = run(argc, argv);
        if (cli::phase_timings().enabled()) {
            cli::phase_timings().mark("other", /*only_if_measurable=*/true);
            std::cerr << cli::phase_timings().summary() << "\n";
        }
        return status;
    } catch (const cli::UsageError& e) {
        cli::print_error(std::string(e.what()) + " (see " + see_help + ")");
        return kExitUsage;
    } catch (const ConfigError& e) {
        cli::print_error(e.what());
        return kExitUsage;
    } catch (const DataError& e) {
        cli::print_error(e.what());
        return kExitData;
    } catch (const std::exception& e) {
        cli::print_error(e.what());
        return kExitData;
    }
}
