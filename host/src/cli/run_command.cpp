#include "commands.hpp"

#include <esfreport/runtime/errors.hpp>
#include <esfreport/runtime/manifest.hpp>
#include <esfreport/runtime/output_set.hpp>
#include <esfreport/runtime/sha256.hpp>

#include "progress.hpp"
#include "report_outputs.hpp"

#include <iostream>
#include <memory>

namespace esfreport::cli {

int run_command(int argc, char** argv) {
    std::vector<std::string> value_options = kProjectValueOptions;
    value_options.insert(value_options.end(), {"--out", "--lang"});
    std::vector<std::string> flags = kProjectFlags;
    flags.push_back("--no-participant-time-sheet");
    const Args args = parse_args(argc, argv, 2, value_options, flags);
    if (args.value("--out").empty()) throw UsageError("'run' needs --out DIR");
    const std::string lang = args.value("--lang", "sv");
    if (lang != "sv" && lang != "en") throw UsageError("--lang must be sv or en");
    const std::time_t generated_at = run_time();

    ReportOutputOptions report_options;
    report_options.language = lang == "en" ? Language::en : Language::sv;
    report_options.generated_at = generated_at;
    report_options.participant_time_sheets = !args.has("--no-participant-time-sheet");

    // Before any data is read: the output names (made unique) and the
    // folder's lock, so a second run into the folder fails at once.
    ReportOutputPlan plan;
    std::unique_ptr<OutputSet> set;
    auto session = open_session(args, [&](const ProjectConfig& config) {
        plan = plan_report_outputs(config, report_options);
        set = std::make_unique<OutputSet>(args.value("--out"), "run");
    });
    OutputSet& out = *set;
    if (terminal_status().enabled()) out.on_stage = [](const std::string& name) { terminal_status().writing(name); };
    const Dataset& data = session->project.dataset;

    write_report_outputs(*session, report_options, plan, out);
    out.write(plan.rejected, rejected_csv(data), /*personal=*/true);

    ManifestFacts facts;
    facts.tool_version = ESFREPORT_VERSION;
    facts.command = "run";
    facts.generated_at = generated_at;
    for (const OutputSet::Entry& e : out.entries()) facts.outputs.push_back({e.name, sha256_file(e.temp)});
    out.write(plan.manifest, manifest_json(data, session->project.plugins, facts));  // staged last: put in place last
    out.commit();
    terminal_status().clear();

    if (!args.has("--quiet")) {
        std::cerr << "esfreport: wrote";
        for (const OutputSet::Entry& e : out.entries()) std::cerr << " " << e.name;
        std::cerr << " to " << out.dir().string() << "\n";
        if (!out.removed().empty()) {
            std::cerr << "esfreport: removed the earlier run's";
            for (const std::string& name : out.removed()) std::cerr << " " << name;
            std::cerr << " (not written by this run)\n";
        }
        if (!data.rejections.empty())
            std::cerr << "esfreport: " << data.rejections.size() << " row(s) rejected, see rejected.csv\n";
    }
    return kExitOk;
}

}  // namespace esfreport::cli
