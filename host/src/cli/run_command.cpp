#include "commands.hpp"

#include <esfreport/core/outcome_figures.hpp>
#include <esfreport/runtime/errors.hpp>
#include <esfreport/runtime/manifest.hpp>
#include <esfreport/runtime/output_set.hpp>
#include <esfreport/runtime/sha256.hpp>

#include "help.hpp"
#include "progress.hpp"
#include "report_outputs.hpp"
#include "timings.hpp"

#include <iostream>
#include <memory>

namespace esfreport::cli {

int run_command(int argc, char** argv) {
    const Args args = parse_command_args(argc, argv, 2, "run");
    if (args.value("--out").empty()) throw UsageError("'run' needs --out DIR");
    const std::string lang = args.value("--lang", "sv");
    if (lang != "sv" && lang != "en") throw UsageError("--lang must be sv or en");
    const std::time_t generated_at = run_time();

    ReportOutputOptions report_options;
    report_options.language = lang == "en" ? Language::en : Language::sv;
    report_options.generated_at = generated_at;
    report_options.participant_time_sheets = !args.has("--no-participant-time-sheet");
    report_options.public_report = args.has("--public");

    // Before any data is read: the output names (made unique) and the
    // folder's lock, so a second run into the folder fails at once.
    ReportOutputPlan plan;
    std::unique_ptr<OutputSet> set;
    std::string warnings_listed_in;  // read by open_session after this is set
    auto session = open_session(
        args,
        [&](const ProjectConfig& config) {
            plan = plan_report_outputs(config, report_options);
            set = std::make_unique<OutputSet>(args.value("--out"), "run");
            warnings_listed_in = "\"warnings\" in " + (set->dir() / plan.manifest).string();
        },
        warnings_listed_in);
    OutputSet& out = *set;
    if (terminal_status().enabled()) out.on_stage = [](const std::string& name) { terminal_status().writing(name); };
    const Dataset& data = session->project.dataset;

    const std::unique_ptr<OutcomeFigures> published = write_report_outputs(*session, report_options, plan, out);

    ManifestFacts facts;
    facts.tool_version = ESFREPORT_VERSION;
    facts.command = report_options.public_report ? "run --public" : "run";
    facts.generated_at = generated_at;
    for (const OutputSet::Entry& e : out.entries()) facts.outputs.push_back({e.name, OutputSet::sha256_of(e)});
    out.write(plan.manifest, manifest_json(data, session->project.plugins, facts));  // staged last: put in place last
    out.commit();
    phase_timings().mark("manifest");
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
        if (published)
            std::cerr << "esfreport: public report, disclosure control k = " << published->k << ": " << published->suppressed << " of "
                      << published->figures.size() << " figures suppressed, shown as \"..\"\n";
        if (!data.rejections.empty())
            std::cerr << "esfreport: " << data.rejections.size() << " row(s) rejected"
                      << (plan.rejected.empty() ? " (listed only by a run without --public)\n" : ", see " + plan.rejected + "\n");
    }
    return kExitOk;
}

}  // namespace esfreport::cli
