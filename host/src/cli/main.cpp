// esfreport: ESF project follow-up reports and files for SCB.
#include "commands.hpp"
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

const char* kUsage = R"(Usage: esfreport COMMAND [OPTIONS]

Commands:
  run CONFIG --out DIR     read and validate every subproject, compute the metrics and
                           write the final-report tables (XLSX, PDF), rejected.csv and
                           manifest.json into DIR
  extract CONFIG --out DIR [--k N] [--lang sv|en]
                           the evaluator's outcome tables (CSV, JSON) with disclosure
                           control (k from --k, else [project] disclosure_k, default 3;
                           1 = off), codebook.csv, codebook.md and manifest.json
  validate CONFIG          read and validate only; print what was read and rejected
  plugins                  list the plugins found (name, version, ABI version, path)
  scb esf CONFIG (--month YYYY-MM | --all) --out DIR [--mark-sent] [--template FILE]
                           the monthly ESF participant files for SCB (mode 0600)
  scb kaa CONFIG --half YYYY-H1 --out DIR [--template FILE]
                           the KAA files, one per municipality and half-year
  scb status CONFIG        each month sent / changed since sent / never produced,
                           and the months to send again after a correction
  reconcile CONFIG --stated FILE --out DIR
                           compare the figures a report states (CSV: scope,subproject,
                           measure,category,sex,value) with the computed ones and
                           check the stated table against itself; reconcile.csv in DIR;
                           exit 0 all agree, 1 something differs, 2 a bad file

Options:
  --plugin-dir DIR         also look for plugins in DIR (may be repeated)
  --strict                 any rejected row fails the run
  --jobs N                 subprojects read at the same time (default: one per
                           hardware thread); the results do not depend on N
  --no-participant-time-sheet
                           run: leave out the per-participant time workbooks
  --lang sv|en             labels of the report tables (default sv)
  --quiet                  print only errors
  --help                   this text
  --version                the version

Exit status: 0 success, 1 the data stopped the run, 2 usage or configuration error.
)";

}  // namespace

int main(int argc, char** argv) {
    using namespace esfreport;
    if (argc < 2) {
        std::cerr << kUsage;
        return kExitUsage;
    }
    const std::string command = argv[1];
    try {
        if (command == "--help" || command == "-h" || command == "help") {
            std::cout << kUsage;
            return kExitOk;
        }
        if (command == "--version") {
            std::cout << "esfreport " << ESFREPORT_VERSION << "\n";
            return kExitOk;
        }
        if (command == "run") return cli::run_command(argc, argv);
        if (command == "extract") return cli::extract_command(argc, argv);
        if (command == "validate") return cli::validate_command(argc, argv);
        if (command == "plugins") return cli::plugins_command(argc, argv);
        if (command == "scb") return cli::scb_command(argc, argv);
        if (command == "reconcile") return cli::reconcile_command(argc, argv);
        cli::print_error("unknown command '" + command + "' (see esfreport --help)");
        return kExitUsage;
    } catch (const cli::UsageError& e) {
        cli::print_error(std::string(e.what()) + " (see esfreport --help)");
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
