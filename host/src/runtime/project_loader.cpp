#include <esfreport/runtime/project_loader.hpp>

#include <esfreport/core/ingestor.hpp>
#include <esfreport/core/privacy.hpp>
#include <esfreport/runtime/crash_guard.hpp>
#include <esfreport/runtime/errors.hpp>
#include <esfreport/runtime/sha256.hpp>

#include <map>
#include <optional>

namespace fs = std::filesystem;

namespace esfreport {
namespace {

// The plugin's options table applied to the subproject's [options]: unknown
// keys and missing required ones are configuration errors.
std::vector<PluginOption> resolve_options(const ProjectConfig& config, const SubprojectConfig& sp, const PluginInfo& info) {
    std::vector<PluginOption> out;
    for (const PluginOption& given : sp.options) {
        bool known = false;
        for (const PluginOptionSpec& spec : info.options) known = known || given.key == spec.name;
        if (!known) {
            std::string list;
            for (const PluginOptionSpec& spec : info.options) list += (list.empty() ? "" : ", ") + std::string(spec.name);
            throw ConfigError(config.file.string() + ": 'subproject[" + sp.id + "].options." + given.key +
                              "': unknown option of plugin '" + info.name + "'" +
                              (list.empty() ? " (it takes none)" : " (expected one of: " + list + ")"));
        }
    }
    for (const PluginOptionSpec& spec : info.options) {
        const PluginOption* given = nullptr;
        for (const PluginOption& o : sp.options)
            if (o.key == spec.name) given = &o;
        if (given) out.push_back(*given);
        else if (spec.default_value) out.push_back({spec.name, *spec.default_value});
        else if (spec.required)
            throw ConfigError(config.file.string() + ": 'subproject[" + sp.id + "].options." + spec.name +
                              "': missing, plugin '" + info.name + "' requires it (" + spec.description + ")");
    }
    return out;
}

// The file an input's digest is of: the input itself when it is a file, the
// workbook of a sheet named `<workbook>!<sheet>` (the xlsx plugin's inputs).
std::optional<fs::path> digested_file(const std::string& input) {
    std::error_code ec;
    if (fs::is_regular_file(input, ec)) return fs::path(input);
    const std::size_t bang = input.rfind('!');
    if (bang == std::string::npos) return std::nullopt;
    const fs::path workbook = input.substr(0, bang);
    if (fs::is_regular_file(workbook, ec)) return workbook;
    return std::nullopt;
}

}  // namespace

LoadedProject load_project(const ProjectConfig& config, const LoadOptions& options) {
    auto log = [&](const std::string& m) {
        if (options.log) options.log(m);
    };
    PluginHost host(options.plugin_dirs);
    LoadedProject result;
    Dataset& data = result.dataset;
    data.config = &config;
    data.other_affected.resize(config.subprojects.size());

    // Load every plugin first: a configuration error should not wait for data.
    std::map<std::string, std::pair<std::shared_ptr<sdk::SourcePlugin>, PluginInfo>> plugins;
    for (const SubprojectConfig& sp : config.subprojects) {
        if (plugins.count(sp.plugin)) continue;
        PluginInfo info;
        try {
            auto source = host.create_source(sp.plugin, &info);
            plugins[sp.plugin] = {std::move(source), info};
        } catch (const ConfigError& e) {
            throw ConfigError("subproject '" + sp.id + "': " + e.what());
        }
        result.plugins.push_back(info);
    }

    for (std::size_t i = 0; i < config.subprojects.size(); ++i) {
        const SubprojectConfig& sp = config.subprojects[i];
        auto& [source, info] = plugins.at(sp.plugin);
        const std::vector<PluginOption> resolved = resolve_options(config, sp, info);
        std::vector<sdk::Option> opts;
        for (const PluginOption& o : resolved) opts.push_back({o.key, o.value});
        sdk::SourceRequest request;
        request.subproject_id = sp.id;
        request.source = sp.source;
        request.options = opts.data();
        request.option_count = opts.size();
        std::vector<sdk::ColumnMapping> columns;
        for (const ColumnMappingConfig& m : sp.columns) columns.push_back({m.field, m.header, m.origin});
        request.columns = columns.data();
        request.column_count = columns.size();

        log("reading subproject '" + sp.id + "' with plugin '" + info.name + "' from " + sp.source);
        Ingestor ingestor(data, config, static_cast<SubprojectIndex>(i), info.name);
        sdk::Status status;
        {
            PluginCrashGuard guard(info.name, sp.id, "reading", config.plugin_timeout_seconds);
            status = source->read(request, ingestor);
        }
        ingestor.end_input();
        if (!status.is_ok()) {
            const std::string what = "subproject '" + sp.id + "': plugin '" + info.name + "'";
            // A plugin's message may quote a value (an aggregates.csv key, a field).
            const std::string message = mask_digit_runs(status.message, sp.source);
            switch (status.code) {
            case sdk::StatusCode::bad_option: throw ConfigError(what + " rejected its options: " + message);
            // The message begins with the configuration's file, line and key.
            case sdk::StatusCode::bad_column_mapping: throw ConfigError(message);
            case sdk::StatusCode::source_unreadable: throw DataError(what + " cannot read the source: " + message);
            default: throw DataError(what + " failed: " + message);
            }
        }
        if (!ingestor.protocol_error().empty())
            throw DataError("subproject '" + sp.id + "': plugin '" + info.name + "' broke the SDK contract: " + ingestor.protocol_error());
        if (ingestor.inputs().empty()) throw DataError("subproject '" + sp.id + "': plugin '" + info.name + "' delivered no input");

        for (std::uint32_t idx : ingestor.inputs()) {
            InputRecord& in = data.inputs[idx];
            if (const std::optional<fs::path> file = digested_file(in.path)) in.sha256 = sha256_file(*file);
            log("  " + in.path + ": " + std::to_string(in.rows_read) + " rows read, " + std::to_string(in.rows_accepted) +
                " accepted, " + std::to_string(in.rows_rejected) + " rejected");
        }
        if (sp.other_affected) data.other_affected[i] = sp.other_affected;
    }

    if (options.strict && !data.rejections.empty())
        throw DataError(std::to_string(data.rejections.size()) + " row(s) rejected and --strict is set; first: " +
                        data.inputs[data.rejections.front().input].path + " line " + std::to_string(data.rejections.front().line) +
                        (data.rejections.front().column.empty() ? "" : ", column " + data.rejections.front().column) + ": " +
                        data.rejections.front().reason);
    return result;
}

}  // namespace esfreport
