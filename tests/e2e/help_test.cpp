// esfreport --help and esfreport COMMAND --help: each command's usage line,
// every option it accepts on a line of its own, and an unknown option named
// with a pointer to the command's help (exit 2).
#include <catch2/catch.hpp>

#include "test_support.hpp"

#include <map>

using namespace esfreport::test;

namespace {

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// The option lines of a help text: "  --out DIR   the folder..." -> "--out DIR".
std::vector<std::string> option_lines(const std::string& text) {
    std::vector<std::string> out;
    for (const std::string& line : split_fields(text, '\n'))
        if (line.rfind("  --", 0) == 0) out.push_back(line.substr(2, line.find("  ", 2) - 2));
    return out;
}

const std::vector<std::string> kProjectOptions = {"--plugin-dir DIR", "--jobs N", "--strict", "--quiet", "--timings", "--help"};

std::vector<std::string> with_project(std::vector<std::string> options) {
    options.insert(options.end(), kProjectOptions.begin(), kProjectOptions.end());
    return options;
}

}  // namespace

TEST_CASE("every command prints its usage and options with --help") {
    struct Expected {
        std::string usage;
        std::vector<std::string> options;
    };
    const std::map<std::string, Expected> commands = {
        {"run",
         {"Usage: esfreport run CONFIG --out DIR [OPTIONS]",
          with_project({"--out DIR", "--lang sv|en", "--public", "--no-participant-time-sheet"})}},
        {"validate", {"Usage: esfreport validate CONFIG [OPTIONS]", with_project({})}},
        {"extract", {"Usage: esfreport extract CONFIG --out DIR [OPTIONS]", with_project({"--out DIR", "--k N", "--lang sv|en"})}},
        {"reconcile", {"Usage: esfreport reconcile CONFIG --stated FILE --out DIR [OPTIONS]", with_project({"--stated FILE", "--out DIR"})}},
        {"scb esf",
         {"Usage: esfreport scb esf CONFIG (--month YYYY-MM | --all) --out DIR [OPTIONS]",
          with_project({"--month YYYY-MM", "--all", "--out DIR", "--mark-sent", "--template FILE", "--new-ledger"})}},
        {"scb kaa",
         {"Usage: esfreport scb kaa CONFIG --half YYYY-H1|YYYY-H2 --out DIR [OPTIONS]",
          with_project({"--half YYYY-H1|YYYY-H2", "--out DIR", "--template FILE", "--new-ledger"})}},
        {"scb status", {"Usage: esfreport scb status CONFIG [OPTIONS]", with_project({"--template FILE"})}},
        {"plugins", {"Usage: esfreport plugins [OPTIONS]", {"--plugin-dir DIR", "--help"}}},
    };
    for (const auto& [command, expected] : commands) {
        INFO(command);
        const CommandResult r = run_esfreport(command + " --help");
        CHECK(r.exit_code == 0);
        CHECK(r.err.empty());
        CHECK(first_line(r.out) == expected.usage);
        CHECK(option_lines(r.out) == expected.options);
        // -h and --help after other arguments mean the same.
        CHECK(run_esfreport(command + " project.toml -h").out == r.out);
    }
}

TEST_CASE("esfreport --help lists every command with its usage") {
    const CommandResult r = run_esfreport("--help");
    CHECK(r.exit_code == 0);
    CHECK(first_line(r.out) == "Usage: esfreport COMMAND [OPTIONS]");
    for (const char* usage : {"  run CONFIG --out DIR [OPTIONS]\n", "  validate CONFIG [OPTIONS]\n", "  extract CONFIG --out DIR [OPTIONS]\n",
                              "  reconcile CONFIG --stated FILE --out DIR [OPTIONS]\n",
                              "  scb esf CONFIG (--month YYYY-MM | --all) --out DIR [OPTIONS]\n",
                              "  scb kaa CONFIG --half YYYY-H1|YYYY-H2 --out DIR [OPTIONS]\n", "  scb status CONFIG [OPTIONS]\n",
                              "  plugins [OPTIONS]\n"})
        CHECK_THAT(r.out, Catch::Contains(usage));
    const CommandResult scb = run_esfreport("scb --help");
    CHECK(scb.exit_code == 0);
    CHECK(first_line(scb.out) == "Usage: esfreport scb esf|kaa|status CONFIG [OPTIONS]");
    CHECK_THAT(scb.out, Catch::Contains("  scb status CONFIG [OPTIONS]\n"));
}

TEST_CASE("an unknown option is named with a pointer to the command's help and exits 2") {
    const CommandResult run = run_esfreport("run project.toml --out x --publik");
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK(run.err == "esfreport: error: unknown option --publik (see esfreport run --help)\n");
    const CommandResult esf = run_esfreport("scb esf project.toml --all --out x --mark-send");
    CHECK(esf.exit_code == 2);
    CHECK(esf.err == "esfreport: error: unknown option --mark-send (see esfreport scb esf --help)\n");
    // An option of another command is unknown here too.
    const CommandResult validate = run_esfreport("validate project.toml --out x");
    CHECK(validate.exit_code == 2);
    CHECK(validate.err == "esfreport: error: unknown option --out (see esfreport validate --help)\n");
    const CommandResult plugins = run_esfreport("plugins --strict");
    CHECK(plugins.err == "esfreport: error: unknown option --strict (see esfreport plugins --help)\n");
    const CommandResult scb = run_esfreport("scb");
    CHECK(scb.exit_code == 2);
    CHECK(scb.err == "esfreport: error: 'scb' needs esf, kaa or status (see esfreport scb --help)\n");
    const CommandResult unknown = run_esfreport("frobnicate --help");
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err == "esfreport: error: unknown command 'frobnicate' (see esfreport --help)\n");
}
