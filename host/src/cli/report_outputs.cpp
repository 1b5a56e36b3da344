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

#include <esfreport/runtime/manifest.hpp>
#include <esfreport/runtime/sha256.hpp>

#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string_view>

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

namespace {

// A scope's report document, built by the first of its three files' tasks
// that needs it and dropped when the last has been written: memory holds the
// documents being written, not one per region of a national run.
class SharedDocument {
public:
    SharedDocument(const DocumentTemplate& templates, FinalReportContext context)
        : templates_(templates), context_(std::move(context)) {}

    const ReportDocument& get() {
        // A template error throws in every task that asks (once_flag stays
        // unset), so the first failed task in order reports it.
        std::call_once(built_, [this] {
            try {
                document_ = std::make_unique<ReportDocument>(build_final_report(templates_, context_));
            } catch (const TemplateError& e) {
                throw ConfigError(std::string("report template: ") + e.what());
            }
        });
        return *document_;
    }
    void done() {
        if (--users_ == 0) document_.reset();
    }

private:
    const DocumentTemplate& templates_;
    const FinalReportContext context_;
    std::once_flag built_;
    std::unique_ptr<ReportDocument> document_;
    std::atomic<int> users_{3};  // the XLSX, PDF and HTML tasks
};

}  // namespace

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
    const auto rejections = rejections_by_subproject(data);
    context.rejections_by_subproject = &rejections;

    // Every file is written by one task on one thread (--jobs at a time) into
    // a path staged beforehand in a fixed order (the reports in scope order,
    // the workbooks, rejected.csv), so the set and the manifest that lists it
    // are the same whatever the number of jobs. The tasks run in another
    // order, the longest first, so that no long file is left to the end on
    // one thread: the largest scope's reports and rejected.csv, then the others.
    const auto scopes = report_scopes(session.config);
    if (scopes.size() != plan.scope_stems.size()) throw std::logic_error("report outputs planned for another configuration");
    const std::size_t jobs = session.jobs == 0 ? default_jobs() : session.jobs;
    // The status line names a file when its writing starts, not when staged.
    const std::function<void(const std::string&)> on_stage = std::move(out.on_stage);
    out.on_stage = nullptr;
    struct Output {
        std::string name;
        std::filesystem::path path;
        std::function<std::string(const std::filesystem::path&)> write;  // returns the file's SHA-256
        std::string sha256;
    };
    std::vector<Output> outputs;  // in staging order
    const auto stage = [&](const std::string& name, bool personal, std::function<std::string(const std::filesystem::path&)> write) {
        outputs.push_back({name, out.stage(name, personal), std::move(write), {}});
    };
    // A renderer writes by path; its file is hashed right after, while in the
    // page cache, and flushed to disk while the other files are written.
    const auto hashed = [](const std::function<void(const std::filesystem::path&)>& render) {
        return [render](const std::filesystem::path& path) {
            render(path);
            std::string sha256 = sha256_file(path);
            OutputSet::sync_staged(path);
            return sha256;
        };
    };

    std::vector<std::unique_ptr<SharedDocument>> documents;
    std::vector<std::size_t> scope_outputs;  // the index of each scope's first output
    for (std::size_t i = 0; i < scopes.size(); ++i) {
        FinalReportContext scope_context = context;
        scope_context.scope = scopes[i].first;
        scope_context.children = scopes[i].second;
        documents.push_back(std::make_unique<SharedDocument>(plan.templates, std::move(scope_context)));
        SharedDocument& document = *documents.back();
        const std::string& stem = plan.scope_stems[i];
        scope_outputs.push_back(outputs.size());
        stage(stem + ".xlsx", false, hashed([&document](const std::filesystem::path& path) {
                  write_report_xlsx(document.get(), path);
                  document.done();
              }));
        stage(stem + ".pdf", false, hashed([&document](const std::filesystem::path& path) {
                  write_report_pdf(document.get(), path);
                  document.done();
              }));
        stage(stem + ".html", false, hashed([&document](const std::filesystem::path& path) {
                  write_report_html(document.get(), path);
                  document.done();
              }));
    }

    // The economist's per-participant monthly sheets: personal data, mode 0600.
    const ParticipantTimeSheetOptions sheet_options{options.language, options.generated_at, &results->time_index()};
    const std::size_t first_sheet = outputs.size();
    for (std::size_t s = 0; s < plan.participant_sheets.size(); ++s) {
        const ScopeResults& sp = results->subprojects().at(s);
        if (results->time_index().empty(static_cast<SubprojectIndex>(s)))
            continue;  // no recorded time in this subproject
        stage(plan.participant_sheets[s], /*personal=*/true,
              hashed([&data, &scope = sp.scope, &period = context.period, &sheet_options](const std::filesystem::path& path) {
                  write_participant_time_sheet(data, scope, period, path, sheet_options);
              }));
    }
    const std::size_t after_sheets = outputs.size();
    if (!plan.rejected.empty())
        stage(plan.rejected, /*personal=*/true, [&data](const std::filesystem::path& path) {
            Sha256 digest;  // of the pieces as they are written: the file is not read again
            OutputSet::write_staged_streamed(path, [&](const OutputSet::PieceWriter& write) {
                write_rejected_csv(data, [&](std::string_view piece) {
                    digest.update(piece);
                    write(piece);
                });
            });
            return digest.finish_hex();
        });

    // The order the tasks start in: scopes by size (subprojects), largest first.
    std::vector<std::size_t> scope_order(scopes.size());
    for (std::size_t i = 0; i < scope_order.size(); ++i) scope_order[i] = i;
    std::stable_sort(scope_order.begin(), scope_order.end(), [&](std::size_t a, std::size_t b) {
        return scopes[a].first.subprojects.size() > scopes[b].first.subprojects.size();
    });
    // A scope's PDF first (it takes longest), then its XLSX and HTML. The
    // largest scope's document takes a while to build: rejected.csv is
    // written meanwhile, rather than its XLSX waiting for it.
    std::vector<std::size_t> order;
    for (std::size_t n = 0; n < scope_order.size(); ++n) {
        order.push_back(scope_outputs[scope_order[n]] + 1);
        if (n == 0)
            for (std::size_t k = after_sheets; k < outputs.size(); ++k) order.push_back(k);  // rejected.csv
        order.push_back(scope_outputs[scope_order[n]]);
        order.push_back(scope_outputs[scope_order[n]] + 2);
    }
    if (scope_order.empty())
        for (std::size_t k = after_sheets; k < outputs.size(); ++k) order.push_back(k);
    for (std::size_t k = first_sheet; k < after_sheets; ++k) order.push_back(k);

    std::vector<std::function<void()>> tasks;
    for (const std::size_t k : order) tasks.push_back([&output = outputs[k]] { output.sha256 = output.write(output.path); });
    run_ordered_tasks(tasks, jobs, [&](std::size_t i) {
        if (on_stage) on_stage(outputs[order[i]].name);
    });
    for (const Output& o : outputs) out.record_sha256(o.name, o.sha256);
    phase_timings().mark("outputs");
    out.on_stage = on_stage;
    return published;
}

}  // namespace esfreport::cli
