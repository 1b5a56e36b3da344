#include <esfreport/runtime/project_loader.hpp>

#include <esfreport/core/concurrent_participation.hpp>
#include <esfreport/core/ingestor.hpp>
#include <esfreport/core/privacy.hpp>
#include <esfreport/runtime/crash_guard.hpp>
#include <esfreport/runtime/errors.hpp>
#include <esfreport/runtime/sha256.hpp>

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <map>
#include <algorithm>
#include <cctype>
#include <optional>

namespace fs = std::filesystem;

namespace esfreport {

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

namespace {

// The source as the log shows it: a password in a connection string (which
// the plugin should refuse) is masked, since the log line comes first. Plain
// string scanning, no std::regex (the text may be 4096 characters long).
std::string source_for_log(const std::string& source) {
    std::string shown = source;
    // scheme://user:password@host...
    const std::size_t scheme = shown.find("://");
    if (scheme != std::string::npos) {
        const std::size_t authority = scheme + 3;
        const std::size_t authority_end = std::min(shown.find_first_of("/?#", authority), shown.size());
        const std::size_t at = shown.rfind('@', authority_end == 0 ? 0 : authority_end - 1);
        if (at != std::string::npos && at >= authority && at < authority_end) {
            const std::size_t colon = shown.find(':', authority);
            if (colon < at) shown.replace(colon + 1, at - colon - 1, "***");
        }
    }
    // ...?password=...&sslpassword=... (keys in any case)
    std::string lower = shown;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const std::string key : {"password=", "sslpassword="}) {
        for (std::size_t at = lower.find(key); at != std::string::npos; at = lower.find(key, at + 1)) {
            if (at == 0 || (lower[at - 1] != '?' && lower[at - 1] != '&')) continue;
            const std::size_t value = at + key.size();
            const std::size_t end = std::min(lower.find_first_of("&#", value), lower.size());
            shown.replace(value, end - value, "***");
            lower.replace(value, end - value, "***");
        }
    }
    return shown;
}

// Between the plugin and the Ingestor: digests the records of every input
// that is not a file (a database table or query has no bytes to hash), so the
// manifest can tell whether two runs read the same rows. The digest covers,
// per record, its row number and each field's text (each ended by 0x1F,
// the record by 0x1E); per row the plugin rejects, its row number, column
// and reason (ended by 0x1D).
class RowDigestSink final : public sdk::RecordSink {
public:
    explicit RowDigestSink(Ingestor& ingestor, Dataset& data) : ingestor_(ingestor), data_(data) {}

    void begin_input(sdk::RecordKind kind, std::string_view path) noexcept override {
        finish();
        ingestor_.begin_input(kind, path);
        digest_unless_file(path);
    }
    void begin_sheet(sdk::RecordKind kind, std::string_view workbook, std::string_view sheet) noexcept override {
        finish();
        ingestor_.begin_sheet(kind, workbook, sheet);
        digest_unless_file(workbook);
    }
    void record(std::uint64_t line, const sdk::Field* fields, std::size_t field_count) noexcept override {
        if (digesting_) {
            add(std::to_string(line), '\x1f');
            for (std::size_t i = 0; i < field_count; ++i) add(fields[i].text, '\x1f');
            add({}, '\x1e');
        }
        ingestor_.record(line, fields, field_count);
    }
    void reject(std::uint64_t line, std::uint32_t column, std::string_view column_name, std::string_view reason) noexcept override {
        if (digesting_) {
            add(std::to_string(line), '\x1f');
            add(std::to_string(column), '\x1f');
            add(column_name, '\x1f');
            add(reason, '\x1d');
        }
        ingestor_.reject(line, column, column_name, reason);
    }
    void end_input() noexcept override {
        finish();
        ingestor_.end_input();
    }
    void aggregate(std::string_view key, std::int64_t value) noexcept override { ingestor_.aggregate(key, value); }
    void warning(std::string_view message) noexcept override { ingestor_.warning(message); }

private:
    void digest_unless_file(std::string_view file) noexcept {
        std::error_code ec;
        if (!ingestor_.inputs().empty() && !fs::is_regular_file(fs::path(file), ec)) {
            input_ = ingestor_.inputs().back();
            engine_.reset();
            digesting_ = true;
        }
    }
    void add(std::string_view text, char end) {
        engine_.update(text.data(), static_cast<unsigned>(text.size()));
        engine_.update(end);
    }
    void finish() noexcept {
        if (!digesting_) return;
        digesting_ = false;
        try {
            data_.inputs[input_].rows_sha256 = Poco::DigestEngine::digestToHex(engine_.digest());
        } catch (...) {
        }
    }

    Ingestor& ingestor_;
    Dataset& data_;
    Poco::SHA2Engine engine_{Poco::SHA2Engine::SHA_256};
    bool digesting_ = false;
    std::uint32_t input_ = 0;
};


// The file an input's digest is of: the input itself when it is a file, the
// workbook of a sheet (its path is "<workbook>!<sheet>"; a sheet's name may
// hold a '!').
std::optional<fs::path> digested_file(const InputRecord& input) {
    const fs::path file = input.sheet.empty() ? fs::path(input.path)
                                              : fs::path(input.path.substr(0, input.path.size() - input.sheet.size() - 1));
    std::error_code ec;
    if (fs::is_regular_file(file, ec)) return file;
    return std::nullopt;
}

}  // namespace

SubprojectRequest::SubprojectRequest(const ProjectConfig& config, const SubprojectConfig& sp, const PluginInfo& info)
    : resolved(resolve_options(config, sp, info)) {
    for (const PluginOption& o : resolved) options.push_back({o.key, o.value});
    for (const ColumnMappingConfig& m : sp.columns) columns.push_back({m.field, m.header, m.origin});
    request.subproject_id = sp.id;
    request.source = sp.source;
    request.options = options.data();
    request.option_count = options.size();
    request.columns = columns.data();
    request.column_count = columns.size();
}

void throw_on_failed_read(const SubprojectConfig& sp, const std::string& plugin, const sdk::Status& status) {
    if (status.is_ok()) return;
    const std::string what = "subproject '" + sp.id + "': plugin '" + plugin + "'";
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
        const SubprojectRequest asked(config, sp, info);

        log("reading subproject '" + sp.id + "' with plugin '" + info.name + "' from " + source_for_log(sp.source));
        Ingestor ingestor(data, config, static_cast<SubprojectIndex>(i), info.name);
        RowDigestSink sink(ingestor, data);
        sdk::Status status;
        {
            PluginCrashGuard guard(info.name, sp.id, "reading", config.plugin_timeout_seconds);
            status = source->read(asked.request, sink);
        }
        sink.end_input();
        throw_on_failed_read(sp, info.name, status);
        if (!ingestor.protocol_error().empty())
            throw DataError("subproject '" + sp.id + "': plugin '" + info.name + "' broke the SDK contract: " + ingestor.protocol_error());
        if (ingestor.inputs().empty()) throw DataError("subproject '" + sp.id + "': plugin '" + info.name + "' delivered no input");

        for (std::uint32_t idx : ingestor.inputs()) {
            InputRecord& in = data.inputs[idx];
            if (const std::optional<fs::path> file = digested_file(in)) in.sha256 = sha256_file(*file);
            log("  " + in.path + ": " + std::to_string(in.rows_read) + " rows read, " + std::to_string(in.rows_accepted) +
                " accepted, " + std::to_string(in.rows_rejected) + " rejected");
        }
        if (sp.other_affected) data.other_affected[i] = sp.other_affected;
    }

    data.concurrent = find_concurrent_participation(data);
    for (const ConcurrentParticipation& c : data.concurrent)
        data.warnings.push_back(concurrent_participation_warning(config, c));

    if (options.strict && !data.rejections.empty())
        throw DataError(std::to_string(data.rejections.size()) + " row(s) rejected and --strict is set; first: " +
                        data.inputs[data.rejections.front().input].path + " line " + std::to_string(data.rejections.front().line) +
                        (data.rejections.front().column.empty() ? "" : ", column " + data.rejections.front().column) + ": " +
                        data.rejections.front().reason);
    return result;
}

}  // namespace esfreport
