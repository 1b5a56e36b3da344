#include "report_outputs.hpp"

#include <esfreport/core/results.hpp>
#include <esfreport/export/final_report.hpp>
#include <esfreport/export/participant_time_sheet.hpp>
#include <esfreport/export/pdf_writer.hpp>
#include <esfreport/export/xlsx_writer.hpp>
#include <esfreport/runtime/errors.hpp>
#include <esfreport/runtime/plugin_host.hpp>

namespace esfreport::cli {

void write_report_outputs(const Session& session, const ReportOutputOptions& options, OutputSet& out) {
    const std::filesystem::path dir =
        options.template_dir.empty() ? bundled_template_dir() / "report" : options.template_dir / "report";
    DocumentTemplate templates;
    try {
        templates = load_report_templates(dir);
    } catch (const TemplateError& e) {
        throw ConfigError(std::string("report template: ") + e.what());
    }
    const Dataset& data = session.project.dataset;
    FinalReportContext context;
    context.data = &data;
    context.period = {session.config.period_start, session.config.period_end};
    context.language = options.language;
    context.generated_at = options.generated_at;
    for (const PluginInfo& p : session.project.plugins) context.plugins.emplace_back(p.name, p.version);
    // Every figure of every report, once per scope.
    std::unique_ptr<ProjectResults> results;
    try {
        results = std::make_unique<ProjectResults>(data, context.period);
    } catch (const MissingUnitCost& e) {
        throw ConfigError(e.what());
    }
    context.results = results.get();

    const std::string stem = options.language == Language::en ? "final-report-" : "slutrapport-";
    for (auto& [scope, children] : report_scopes(session.config)) {
        context.scope = scope;
        context.children = children;
        ReportDocument doc;
        try {
            doc = build_final_report(templates, context);
        } catch (const TemplateError& e) {
            throw ConfigError(std::string("report template: ") + e.what());
        }
        const std::string name = stem + slug(scope.label);
        write_report_xlsx(doc, out.stage(name + ".xlsx"));
        write_report_pdf(doc, out.stage(name + ".pdf"));
    }

    // The economist's per-participant monthly sheet: personal data, mode 0600.
    if (!data.micro_hours.empty()) {
        const std::string name = options.language == Language::en ? "participant-time-per-participant.xlsx" : "deltagartid-per-deltagare.xlsx";
        try {
            write_participant_time_sheet(data, context.period, out.stage(name, /*personal=*/true),
                                         {options.language, options.generated_at, &results->time_index()});
        } catch (const MissingUnitCost& e) {
            throw ConfigError(e.what());
        }
    }
}

}  // namespace esfreport::cli
