#include "report_outputs.hpp"
#include "timings.hpp"

#include <esfreport/core/outcome_figures.hpp>
#include <esfreport/core/results.hpp>
#include <esfreport/export/final_report.hpp>
#include <esfreport/export/html_report.hpp>
#include <esfreport/export/participant_time_sheet.hpp>
#include <esfreport/export/pdf_writer.hpp>
#include <esfreport/export/xlsx_writer.hpp>
#include <esfreport/runtime/errors.hpp>
#include <esfreport/runtime/plugin_host.hpp>

#include <esfreport/runtime/ordered_tasks.hpp>
#include <esfreport/runtime/project_loader.hpp>

#include <algorithm>
#include <functional>
#include <memory>

namespace esfreport::cli {

std::unique_ptr<ProjectResults> project_results(const Session& session) {
    const std::size_t jobs = session.jobs == 0 ? default_jobs() : session.jobs;
    try {
        return std::make_unique<ProjectResults>(
            session.project.dataset, ReportingPeriod{session.config.period_start, session.config.period_end},
            [jobs](const std::vector<std::function<void()>>& tasks) { run_ordered_tasks(tasks, jobs); });
    } catch (const MissingUnitCost& e) {
        throw ConfigError(e.what());
    }
}

ReportOutputPlan plan_report_outputs(const ProjectConfig& config, const ReportOutputOptions& options) {
    ReportOutputPlan plan;
    const std::filesystem::path dir =
        options.template_dir.empty() ? bundled_template_dir() / "report" : options.template_dir / "report";
    try {
        plan.templates = load_report_templates(dir);
    } catch (const TemplateError& e) {
        throw ConfigError(std::string("report template: ") + e.what());
    }
    const bool en = options.language == Language::en;
    OutputNames names;
    // A public report leaves out everything that lists persons: the rejected
    // rows (they quote the input) and the per-participant time sheets.
    if (options.public_report) plan.rejected.clear();
    else plan.rejected = names.claim(plan.rejected);
    plan.manifest = names.claim(plan.manifest);
    const std::string stem = en ? "final-report-" : "slutrapport-";
    for (const auto& scope : report_scopes(config)) plan.scope_stems.push_back(names.claim_stem(stem + slug(scope.first.label), {".xlsx", ".pdf", ".html"}));
    // One workbook per subproject, as the attendance certificates are signed
    // per subproject: each stays far below Excel's row limit.
    if (options.participant_time_sheets && config.participant_time_sheets && !options.public_report) {
        const std::string sheet = en ? "participant-time-per-participant-" : "deltagartid-per-deltagare-";
        for (const SubprojectConfig& sp : config.subprojects) plan.participant_sheets.push_back(names.claim(sheet + slug(sp.id) + ".xlsx"));
    }
    return plan;
}

std::unique_ptr<OutcomeFigures> write_report_outputs(const Session& session, const ReportOutputOptions& options,
                                                     const ReportOutputPlan& plan, OutputSet& out) {
    const Dataset& data = session.project.dataset;
    FinalReportContext context;
    context.data = &data;
    context.period = {session.config.period_start, session.config.period_end};
    context.language = options.language;
    context.generated_at = options.generated_at;
    for (const PluginInfo& p : session.project.plugins) context.plugins.emplace_back(p.name, p.version);
    // Every figure of every report, once per scope.
    const std::unique_ptr<ProjectResults> results = project_results(session);
    context.results = results.get();
    phase_timings().mark("figures");
    // The public report shows the figures as `extract` publishes them.
    std::unique_ptr<OutcomeFigures> published;
    if (options.public_report) published = std::make_unique<OutcomeFigures>(outcome_figures(*results, session.config.disclosure_k));
    context.disclosure = published.get();

    // The files are written concurrently (--jobs), each by one task on one
    // thread, into paths staged beforehand in a fixed order (the reports in
    // scope order, then the workbooks), so the set and the manifest that lists
    // it are the same whatever the number of jobs. The documents are built
    // here, one after another (they read the shared results), a batch of as
    // many as there are jobs at a time: memory holds a few documents, not one
    // per region of a national run.
    const auto scopes = report_scopes(session.config);
    if (scopes.size() != plan.scope_stems.size()) throw std::logic_error("report outputs planned for another configuration");
    const std::size_t jobs = session.jobs == 0 ? default_jobs() : session.jobs;
    // The status line names a file when its writing starts, not when staged.
    const std::function<void(const std::string&)> on_stage = std::move(out.on_stage);
    out.on_stage = nullptr;
    std::vector<std::string> names;  // of the files being written, for the status line
    std::vector<std::function<void()>> tasks;
    const auto write_staged = [&] {
        run_ordered_tasks(tasks, jobs, [&](std::size_t i) {
            if (on_stage) on_stage(names[i]);
        });
        names.clear();
        tasks.clear();
    };
    for (std::size_t first = 0; first < scopes.size(); first += jobs) {
        std::vector<std::unique_ptr<ReportDocument>> documents;
        for (std::size_t i = first; i < std::min(first + jobs, scopes.size()); ++i) {
            const auto& [scope, children] = scopes[i];
            context.scope = scope;
            context.children = children;
            try {
                documents.push_back(std::make_unique<ReportDocument>(build_final_report(plan.templates, context)));
            } catch (const TemplateError& e) {
                throw ConfigError(std::string("report template: ") + e.what());
            }
            const ReportDocument& doc = *documents.back();
            const std::string& stem = plan.scope_stems[i];
            names.push_back(stem + ".xlsx");
            tasks.push_back([&doc, path = out.stage(names.back())] { write_report_xlsx(doc, path); });
            names.push_back(stem + ".pdf");
            tasks.push_back([&doc, path = out.stage(names.back())] { write_report_pdf(doc, path); });
            names.push_back(stem + ".html");
            tasks.push_back([&doc, path = out.stage(names.back())] { write_report_html(doc, path); });
        }
        write_staged();
    }
    phase_timings().mark("reports");

    // The economist's per-participant monthly sheets: personal data, mode 0600.
    const ParticipantTimeSheetOptions sheet_options{options.language, options.generated_at, &results->time_index()};
    for (std::size_t s = 0; s < plan.participant_sheets.size(); ++s) {
        const ScopeResults& sp = results->subprojects().at(s);
        if (results->time_index().empty(static_cast<SubprojectIndex>(s)))
            continue;  // no recorded time in this subproject
        names.push_back(plan.participant_sheets[s]);
        tasks.push_back([&data, &scope = sp.scope, &period = context.period, &sheet_options,
                         path = out.stage(names.back(), /*personal=*/true)] {
            write_participant_time_sheet(data, scope, period, path, sheet_options);
        });
    }
    write_staged();
    if (!plan.participant_sheets.empty()) phase_timings().mark("time sheets");
    out.on_stage = on_stage;
    return published;
}

}  // namespace esfreport::cli
