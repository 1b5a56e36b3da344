#include <esfreport/runtime/plugin_host.hpp>

#include <esfreport/runtime/crash_guard.hpp>
#include <esfreport/runtime/errors.hpp>
#include <esfreport/sdk/plugin.hpp>

#include <boost/dll/import.hpp>
#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>

#include <algorithm>
#include <cstring>

namespace fs = std::filesystem;
namespace dll = boost::dll;

namespace esfreport {
namespace {

bool is_library(const fs::path& p) {
    const std::string name = p.filename().string();
    return p.extension() == ".so" || name.find(".so.") != std::string::npos;
}

std::vector<fs::path> libraries_in(const fs::path& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.is_regular_file(ec) && is_library(e.path())) out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::string text(const char* s) { return s ? s : ""; }

dll::shared_library open_library(const fs::path& library) {
    try {
        // RTLD_LOCAL: plugins do not see each other's symbols; RTLD_NOW: a
        // missing dependency is reported here, not at the first call.
        return dll::shared_library(library.string(), dll::load_mode::rtld_local | dll::load_mode::rtld_now);
    } catch (const std::exception& e) {
        throw ConfigError("cannot load plugin library " + library.string() + ": " + e.what());
    }
}

PluginInfo describe(const dll::shared_library& lib, const fs::path& library) {
    if (!lib.has(ESFREPORT_DESCRIBE_SYMBOL))
        throw ConfigError("plugin library " + library.string() + " is not an esfreport plugin: it has no entry symbol '" +
                          ESFREPORT_DESCRIBE_SYMBOL + "'");
    auto fn = lib.get<const esfreport_plugin_descriptor*()>(ESFREPORT_DESCRIBE_SYMBOL);
    const esfreport_plugin_descriptor* d = nullptr;
    {
        PluginCrashGuard guard(library.filename().string(), "", "describing itself");
        d = fn();
    }
    if (!d) throw ConfigError("plugin library " + library.string() + " returned no descriptor");
    // Only the first two fields are read before the ABI is known to match.
    const std::string name = d->abi_version == ESFREPORT_PLUGIN_ABI_VERSION ? text(d->name) : library.filename().string();
    if (d->abi_version != ESFREPORT_PLUGIN_ABI_VERSION)
        throw ConfigError("plugin '" + name + "' (" + library.string() + ") has ABI version " + std::to_string(d->abi_version) +
                          ", this esfreport expects ABI version " + std::to_string(ESFREPORT_PLUGIN_ABI_VERSION) +
                          ": rebuild the plugin against this SDK");
    if (d->struct_size < sizeof(esfreport_plugin_descriptor))
        throw ConfigError("plugin '" + name + "' (" + library.string() + ") has a truncated descriptor");
    PluginInfo info;
    info.name = text(d->name);
    info.version = text(d->version);
    info.kind = text(d->kind);
    info.description = text(d->description);
    info.abi_version = d->abi_version;
    info.build_id = text(d->build_id);
    info.path = library;
    for (std::size_t i = 0; i < d->option_count && d->options; ++i) {
        const esfreport_option_spec& o = d->options[i];
        info.options.push_back({text(o.name), text(o.description),
                                o.default_value ? std::optional<std::string>(o.default_value) : std::nullopt, o.required != 0});
    }
    if (info.name.empty()) throw ConfigError("plugin library " + library.string() + " has no name in its descriptor");
    if (info.build_id != ESFREPORT_BUILD_ID)
        throw ConfigError("plugin '" + info.name + "' (" + library.string() + ") was built with " + info.build_id +
                          ", this esfreport with " + ESFREPORT_BUILD_ID + ": rebuild the plugin with the same compiler");
    if (info.kind != "source")
        throw ConfigError("plugin '" + info.name + "' (" + library.string() + ") is of kind '" + info.kind +
                          "'; this esfreport loads source plugins");
    return info;
}

}  // namespace

fs::path executable_dir() { return fs::path(dll::program_location().string()).parent_path(); }

fs::path bundled_plugin_dir() { return (executable_dir() / ".." / ESFREPORT_PLUGIN_SUBDIR).lexically_normal(); }

fs::path bundled_template_dir() { return (executable_dir() / ".." / ESFREPORT_TEMPLATE_SUBDIR).lexically_normal(); }

PluginHost::PluginHost(std::vector<fs::path> extra_dirs) : dirs_(std::move(extra_dirs)) {
    dirs_.push_back(bundled_plugin_dir());
}

PluginHost::~PluginHost() = default;

PluginInfo PluginHost::inspect(const fs::path& library) {
    dll::shared_library lib = open_library(library);
    return describe(lib, library);
}

PluginHost::Scan PluginHost::scan() const {
    Scan s;
    for (const fs::path& dir : dirs_)
        for (const fs::path& lib : libraries_in(dir)) {
            try {
                s.plugins.push_back(inspect(lib));
            } catch (const ConfigError& e) {
                s.problems.push_back({lib, e.what()});
            }
        }
    return s;
}

std::shared_ptr<sdk::SourcePlugin> PluginHost::create_source(const std::string& name, PluginInfo* info_out) {
    // The first library (in folder order) whose descriptor has this name.
    std::vector<std::string> broken;
    for (const fs::path& dir : dirs_)
        for (const fs::path& path : libraries_in(dir)) {
            dll::shared_library lib;
            try {
                lib = open_library(path);
            } catch (const ConfigError& e) {
                // A library named like the plugin that cannot be loaded is
                // the likely culprit; say so if nothing else matches.
                if (path.stem().string().find(name) != std::string::npos) broken.push_back(e.what());
                continue;
            }
            if (!lib.has(ESFREPORT_DESCRIBE_SYMBOL)) {
                if (path.stem().string().find(name) != std::string::npos) {
                    try {
                        describe(lib, path);
                    } catch (const ConfigError& e) {
                        broken.push_back(e.what());
                    }
                }
                continue;
            }
            auto fn = lib.get<const esfreport_plugin_descriptor*()>(ESFREPORT_DESCRIBE_SYMBOL);
            const esfreport_plugin_descriptor* d = nullptr;
            {
                PluginCrashGuard guard(path.filename().string(), "", "describing itself");
                d = fn();
            }
            const bool same_name = d && (d->abi_version != ESFREPORT_PLUGIN_ABI_VERSION
                                             ? path.stem().string().find(name) != std::string::npos
                                             : text(d->name) == name);
            if (!same_name) continue;
            PluginInfo info = describe(lib, path);  // throws on ABI or build mismatch
            if (!lib.has(ESFREPORT_FACTORY_ALIAS))
                throw ConfigError("plugin '" + name + "' (" + path.string() + ") has no factory '" + ESFREPORT_FACTORY_ALIAS + "'");
            auto factory = dll::import_alias<sdk::SourceFactory>(lib, ESFREPORT_FACTORY_ALIAS);
            sdk::Status status;
            sdk::SourcePlugin* raw = nullptr;
            {
                PluginCrashGuard guard(name, "", "being created");
                raw = factory(status);
            }
            if (!raw)
                throw ConfigError("plugin '" + name + "' could not be created: " +
                                  (status.message.empty() ? "its factory returned nothing" : status.message));
            if (info_out) *info_out = info;
            // The deleter owns the factory, which owns the library: the code of
            // the object's destructor stays mapped until it has run.
            return std::shared_ptr<sdk::SourcePlugin>(raw, [factory](sdk::SourcePlugin* p) { delete p; });
        }
    std::string where;
    for (const fs::path& d : dirs_) where += (where.empty() ? "" : ", ") + d.string();
    if (!broken.empty()) throw ConfigError(broken.front());
    throw ConfigError("no plugin named '" + name + "' found (searched: " + where + ")");
}

}  // namespace esfreport
