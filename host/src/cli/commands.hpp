// The subcommands of the esfreport executable. Each returns the exit status.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace esfreport::cli {

// Arguments after the subcommand name, parsed loosely: options start with --,
// positionals are everything else.
struct Args {
    std::vector<std::string> positional;
    std::vector<std::pair<std::string, std::string>> options;  // "--out" -> "DIR" ("" for flags)
    bool has(const std::string& flag) const;
    std::string value(const std::string& option, const std::string& fallback = "") const;
    std::vector<std::string> values(const std::string& option) const;
};

// Parses argv[first..]: `value_options` take a value (--out DIR or --out=DIR);
// every other --option is a flag. Throws UsageError for an unknown option.
Args parse_args(int argc, char** argv, int first, const std::vector<std::string>& value_options,
                const std::vector<std::string>& flags);

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

int run_command(int argc, char** argv);
int extract_command(int argc, char** argv);  // extract_command.cpp
int validate_command(int argc, char** argv);
int plugins_command(int argc, char** argv);
int scb_command(int argc, char** argv);  // scb esf|kaa|status (scb_command.cpp)
int reconcile_command(int argc, char** argv);

// stderr line "esfreport: error: ..." and the like.
void print_error(const std::string& message);
void print_note(const std::string& message);

}  // namespace esfreport::cli

#include <esfreport/core/config.hpp>
#include <esfreport/runtime/project_loader.hpp>

#include <functional>
#include <memory>

namespace esfreport::cli {

// A configuration and everything its plugins delivered, validated.
struct Session {
    ProjectConfig config;
    LoadedProject project;
    std::size_t jobs = 0;  // --jobs N (0: one per hardware thread), also for writing the outputs
};

// Loads CONFIG (args.positional[0]) and reads every subproject. Honours
// --plugin-dir, --jobs N (subprojects read at once), --strict and --quiet. Prints the dataset's warnings to stderr
// ("esfreport: warning: ...", the first 20 of each kind, then a count naming
// `warnings_listed_in`, the file that lists them all) unless --quiet: the one
// place they are shown, the same for every command. Throws ConfigError /
// DataError. `before_data`, when given, runs once the configuration is loaded
// and before any data is read (output names, the output folder's lock).
std::unique_ptr<Session> open_session(const Args& args, const std::function<void(const ProjectConfig&)>& before_data = {},
                                      const std::string& warnings_listed_in = "");

}  // namespace esfreport::cli
