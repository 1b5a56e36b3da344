// esfreport reconcile CONFIG --stated FILE --out DIR: the figures a report
// states against the computed ones (docs/reconcile.md). Exit status like diff:
// 0 everything agrees, 1 something differs, 2 a bad file or usage.
#include "commands.hpp"
#include "help.hpp"

#include <esfreport/core/results.hpp>
#include <esfreport/export/reconcile.hpp>
#include <esfreport/runtime/errors.hpp>
#include <esfreport/runtime/output_set.hpp>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

namespace esfreport::cli {

namespace {

std::vector<StatedFigure> read_stated_file(const std::string& path, const ProjectConfig& config) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError(path + ": cannot read the stated file");
    std::ostringstream text;
    text << in.rdbuf();
    try {
        return read_stated_figures(text.str(), path, config);
    } catch (const StatedFileError& e) {
        throw ConfigError(e.what());
    }
}

}  // namespace

int reconcile_command(int argc, char** argv) {
    const Args args = parse_command_args(argc, argv, 2, "reconcile");
    if (args.value("--out").empty()) throw UsageError("'reconcile' needs --out DIR");
    if (args.value("--stated").empty()) throw UsageError("'reconcile' needs --stated FILE");
    const std::string stated_path = args.value("--stated");

    // The stated file is read and checked before any data: a bad file costs
    // no run over the participants. Like diff, trouble is exit status 2, so
    // that 1 always means "the figures differ": data that stop the run
    // (exit 1 for other commands) are 2 here.
    std::vector<StatedFigure> stated;
    std::unique_ptr<OutputSet> set;
    std::unique_ptr<Session> session;
    try {
        session = open_session(args, [&](const ProjectConfig& config) {
            stated = read_stated_file(stated_path, config);
            set = std::make_unique<OutputSet>(args.value("--out"), "reconcile");
        });
    } catch (const DataError& e) {
        throw ConfigError(e.what());
    }
    const ProjectConfig& config = session->config;
    std::unique_ptr<ProjectResults> results;
    try {
        results = std::make_unique<ProjectResults>(session->project.dataset, ReportingPeriod{config.period_start, config.period_end});
    } catch (const MissingUnitCost& e) {
        throw ConfigError(e.what());
    }
    const std::vector<ReconcileRow> rows = reconcile(stated, *results);

    set->write("reconcile.csv", reconcile_csv(rows));
    set->commit();

    std::size_t disagreements = 0;
    for (const ReconcileRow& row : rows)
        if (row.verdict == Verdict::differs || row.verdict == Verdict::not_computed) {
            std::cout << describe(row, stated_path) << "\n";
            ++disagreements;
        }
    if (!args.has("--quiet"))
        std::cerr << "esfreport: " << stated.size() << " stated figure(s), " << rows.size() - stated.size() << " check(s) of the stated table, "
                  << disagreements << " disagreement(s); wrote reconcile.csv to " << set->dir().string() << "\n";
    return disagreements == 0 ? kExitOk : kExitData;
}

}  // namespace esfreport::cli
