// esfreport::testing: a plugin's records through the host's own validation,
// for plugin authors' tests (esfreport/sdk/host_validation.hpp). The request
// is made and a failed read judged by the functions the run uses
// (runtime/project_loader.hpp); the rows go into the run's Ingestor.
#include <esfreport/sdk/host_validation.hpp>

#include <esfreport/core/figures.hpp>
#include <esfreport/core/ingestor.hpp>
#include <esfreport/core/metrics.hpp>
#include <esfreport/runtime/config_loader.hpp>
#include <esfreport/runtime/plugin_host.hpp>
#include <esfreport/runtime/project_loader.hpp>

#include <optional>
#include <stdexcept>

namespace esfreport::sdk::testing {
namespace {

void add_figures(const Dataset& data, const ProjectConfig& config, SubprojectIndex index, Validation& out) {
    const MetricsEngine engine(data);
    const ParticipantMetrics metrics =
        engine.participants(subproject_scopes(config).at(index), {config.period_start, config.period_end});
    const std::optional<Sex> sexes[] = {Sex::female, Sex::male, Sex::non_binary, Sex::unknown, std::nullopt};
    for (const FigureDef<ParticipantMetrics>& figure : participant_figures())
        for (const std::optional<Sex>& sex : sexes) {
            const FigureValue v = figure.get(metrics, sex);
            if (v.present)
                out.figures[std::string(figure.name) + "." + (sex ? std::string(to_string(*sex)) : "total")] = v.value;
        }
    std::int64_t micro_hours = 0;
    for (const auto& [key, micro] : data.micro_hours) micro_hours += micro;
    out.figures["hours_accepted"] = static_cast<double>(micro_hours) / 1e6;
}

}  // namespace

std::string ValidatedRejection::text() const {
    Rejection r;
    r.line = line;
    r.column = column;
    r.reason = reason;
    return rejection_text(input, r);
}

Validation validate_subproject(SourcePlugin& plugin, const esfreport_plugin_descriptor& descriptor,
                               const std::string& config_file, const std::string& subproject_id) {
    Validation out;
    try {
        const ProjectConfig config = load_config(config_file);
        std::optional<SubprojectIndex> index;
        for (std::size_t i = 0; i < config.subprojects.size(); ++i)
            if (config.subprojects[i].id == subproject_id) index = static_cast<SubprojectIndex>(i);
        if (!index) throw std::invalid_argument(config_file + ": no subproject '" + subproject_id + "'");
        const SubprojectConfig& sp = config.subprojects[*index];
        const PluginInfo info = plugin_info_of(descriptor);
        const SubprojectRequest asked(config, sp, info);

        Dataset data;
        data.config = &config;
        data.other_affected.resize(config.subprojects.size());
        Ingestor ingestor(data, config, *index, info.name);
        out.status = plugin.read(asked.request, ingestor);
        ingestor.end_input();

        for (const InputRecord& in : data.inputs)
            out.inputs.push_back({static_cast<RecordKind>(in.kind), in.path, in.sheet, in.rows_read, in.rows_accepted,
                                  in.rows_rejected});
        for (const Rejection& r : data.rejections)
            out.rejections.push_back({data.inputs[r.input].path, r.line, r.column, r.reason});
        out.warnings = data.warnings;
        throw_on_failed_read(sp, info.name, out.status);
        if (!ingestor.protocol_error().empty())
            throw std::runtime_error("subproject '" + sp.id + "': plugin '" + info.name +
                                     "' broke the SDK contract: " + ingestor.protocol_error());
        add_figures(data, config, *index, out);
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& e) {
        out.error = e.what();
    }
    return out;
}

}  // namespace esfreport::sdk::testing
