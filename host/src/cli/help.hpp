// The commands' help: one entry per command with its options, each with one
// line of text. `esfreport --help`, `esfreport COMMAND --help` and the
// option parser all read this table, so a command accepts exactly the
// options its help lists.
#pragma once

#include "commands.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace esfreport::cli {

struct OptionHelp {
    std::string name;   // "--out"
    std::string value;  // "DIR"; empty for a flag
    std::string text;   // one line
};

struct CommandHelp {
    std::string name;      // "run", "scb esf"
    std::string synopsis;  // after the name: "CONFIG --out DIR [OPTIONS]"
    std::string summary;   // one line, for `esfreport --help`
    std::string details;   // a few lines, for `esfreport COMMAND --help`
    std::vector<OptionHelp> options;
};

// Every command, in the order `esfreport --help` lists them.
const std::vector<CommandHelp>& command_help();
// The entry named `name`; nullptr when there is none.
const CommandHelp* find_command_help(std::string_view name);

// `esfreport --help`: the commands and the exit statuses.
std::string overview_text();
// `esfreport scb --help`: the three scb commands.
std::string scb_overview_text();
// Two lines per command whose name starts with `prefix`: "  NAME SYNOPSIS"
// and its summary.
std::string command_list(std::string_view prefix);
// `esfreport COMMAND --help`. Its first line is "Usage: esfreport NAME SYNOPSIS".
std::string command_help_text(const CommandHelp& command);

// Parses argv[first..] with the options `command` lists. An unknown option is
// a UsageError naming it.
Args parse_command_args(int argc, char** argv, int first, const CommandHelp& command);
Args parse_command_args(int argc, char** argv, int first, std::string_view command);

}  // namespace esfreport::cli
