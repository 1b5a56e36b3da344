#include <esfreport/runtime/plugin_host.hpp>

#include <esfreport/runtime/crash_guard.hpp>
#include <esfreport/runtime/errors.hpp>
#include <esfreport/runtime/plugin_section.hpp>
#include <esfreport/sdk/plugin.hpp>

#include <boost/dll/import.hpp>
#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>

#include <dirent.h>
#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace fs = std::filesystem;
namespace dll = boost::dll;

namespace esfreport {
namespace {

constexpr char kFilePrefix[] = "esfreport_plugin_";
constexpr char kFileSuffix[] = ".so";

std::string text(const char* s) { return s ? s : ""; }

// The name as a configuration or a file gave it, shortened for a message.
std::string shown_name(const std::string& name) { return name.size() <= 80 ? name : name.substr(0, 80) + "..."; }

// "alice (uid 1000)", or "uid 1000" for a user without a name.
std::string user_of(uid_t uid) {
    struct passwd pw {};
    struct passwd* found = nullptr;
    char buffer[1024];
    if (::getpwuid_r(uid, &pw, buffer, sizeof buffer, &found) == 0 && found)
        return std::string(found->pw_name) + " (uid " + std::to_string(uid) + ")";
    return "uid " + std::to_string(uid);
}

std::string octal_mode(mode_t mode) {
    char out[8];
    std::snprintf(out, sizeof out, "%04o", static_cast<unsigned>(mode & 07777));
    return out;
}

// The one trust rule for plugin folders and files: owned by the current user
// or root, and writable by nobody but the owner. Checked on the open
// descriptor, so what is checked is what is used.
void require_trusted(const struct stat& st, const fs::path& path, const char* what, const char* refusal) {
    const uid_t me = ::geteuid();
    if (st.st_uid != me && st.st_uid != 0)
        throw ConfigError(std::string(what) + " " + path.string() + " is owned by " + user_of(st.st_uid) + ", mode " +
                          octal_mode(st.st_mode) + ", not by you (" + user_of(me) + ") or root: " + refusal);
    const bool group = st.st_mode & S_IWGRP, others = st.st_mode & S_IWOTH;
    if (group || others)
        throw ConfigError(std::string(what) + " " + path.string() + " is writable by " +
                          (group && others ? "group and others" : group ? "group" : "others") + " (owner " +
                          user_of(st.st_uid) + ", mode " + octal_mode(st.st_mode) + "): " + refusal +
                          "; make it writable by its owner only (chmod go-w)");
}

// The plugin name of a file name that follows the rule, or "".
std::string plugin_name_of(const std::string& file_name) {
    const std::size_t prefix = sizeof kFilePrefix - 1, suffix = sizeof kFileSuffix - 1;
    if (file_name.size() <= prefix + suffix || file_name.compare(0, prefix, kFilePrefix) != 0 ||
        file_name.compare(file_name.size() - suffix, suffix, kFileSuffix) != 0)
        return "";
    const std::string name = file_name.substr(prefix, file_name.size() - prefix - suffix);
    return is_valid_plugin_name(name) ? name : "";
}

// The host's side of compatibility, for what the section declares before the
// load and again for what the descriptor says after it.
void require_abi(const std::string& name, const fs::path& path, std::uint32_t abi_version) {
    if (abi_version != ESFREPORT_PLUGIN_ABI_VERSION)
        throw ConfigError("plugin '" + name + "' (" + path.string() + ") has ABI version " + std::to_string(abi_version) +
                          ", this esfreport expects ABI version " + std::to_string(ESFREPORT_PLUGIN_ABI_VERSION) +
                          ": rebuild the plugin against this SDK");
}

void require_compatible(const std::string& name, const fs::path& path, std::uint32_t abi_version, const std::string& kind,
                        const std::string& build_id) {
    require_abi(name, path, abi_version);
    const std::string plugin = "plugin '" + name + "' (" + path.string() + ")";
    if (build_id != ESFREPORT_BUILD_ID)
        throw ConfigError(plugin + " was built with " + build_id + ", this esfreport with " + ESFREPORT_BUILD_ID +
                          ": rebuild the plugin with the same compiler");
    if (kind != "source") throw ConfigError(plugin + " is of kind '" + kind + "'; this esfreport loads source plugins");
}

}  // namespace

bool is_valid_plugin_name(const std::string& name) {
    // The SDK's check stops at a NUL; a name with one inside is not valid.
    return name.size() <= ESFREPORT_PLUGIN_NAME_MAX && name.find('\0') == std::string::npos &&
           sdk::is_valid_plugin_name(name.c_str());
}

std::string plugin_file_name(const std::string& name) { return kFilePrefix + name + kFileSuffix; }

fs::path executable_dir() { return fs::path(dll::program_location().string()).parent_path(); }

fs::path bundled_plugin_dir() { return (executable_dir() / ".." / ESFREPORT_PLUGIN_SUBDIR).lexically_normal(); }

fs::path bundled_template_dir() { return (executable_dir() / ".." / ESFREPORT_TEMPLATE_SUBDIR).lexically_normal(); }

// An open, checked plugin file. dlopen gets /proc/self/fd/N, so the file that
// was checked is the file that is loaded, whatever happens to its path.
class PluginHost::PluginFile {
public:
    PluginFile(int fd, fs::path path) : fd_(fd), path_(std::move(path)) {}
    PluginFile(PluginFile&& o) noexcept : section(std::move(o.section)), fd_(o.fd_), path_(std::move(o.path_)) { o.fd_ = -1; }
    PluginFile(const PluginFile&) = delete;
    PluginFile& operator=(const PluginFile&) = delete;
    PluginFile& operator=(PluginFile&&) = delete;
    ~PluginFile() {
        if (fd_ >= 0) ::close(fd_);
    }
    int fd() const { return fd_; }
    const fs::path& path() const { return path_; }
    std::string proc_path() const { return "/proc/self/fd/" + std::to_string(fd_); }

    PluginSectionInfo section;  // checked: names this plugin, compatible with this host

private:
    int fd_;
    fs::path path_;
};

PluginHost::PluginHost(std::vector<fs::path> extra_dirs) : dirs_(std::move(extra_dirs)) {
    const std::size_t extra = dirs_.size();
    dirs_.push_back(bundled_plugin_dir());
    try {
        std::vector<std::pair<dev_t, ino_t>> seen;
        for (std::size_t i = 0; i < dirs_.size(); ++i) {
            const fs::path& dir = dirs_[i];
            const std::string given = i < extra ? " (given with --plugin-dir)" : " (the bundled plugin folder)";
            const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (fd < 0) {
                const int e = errno;
                if (e == ENOENT && i == extra) continue;  // an installation without bundled plugins
                if (e == ENOENT) throw ConfigError("plugin folder " + dir.string() + given + " does not exist");
                if (e == ENOTDIR) throw ConfigError("plugin folder " + dir.string() + given + " is not a folder");
                throw ConfigError("cannot open plugin folder " + dir.string() + given + ": " + std::strerror(e));
            }
            folders_.push_back({dir, fd});
            struct stat st {};
            if (::fstat(fd, &st) != 0) throw ConfigError("cannot examine plugin folder " + dir.string() + ": " + std::strerror(errno));
            require_trusted(st, dir, "plugin folder", "refusing to load plugins from it");
            // The same folder given twice (or given and bundled) is searched once.
            const std::pair<dev_t, ino_t> identity{st.st_dev, st.st_ino};
            bool repeated = false;
            for (const auto& s : seen) repeated = repeated || s == identity;
            if (repeated) continue;
            seen.push_back(identity);

            // The listing reads a duplicate of the descriptor: the folder's own
            // descriptor stays open for openat().
            const int listing_fd = ::dup(fd);
            DIR* listing = listing_fd >= 0 ? ::fdopendir(listing_fd) : nullptr;
            if (!listing) {
                if (listing_fd >= 0) ::close(listing_fd);
                throw ConfigError("cannot list plugin folder " + dir.string() + ": " + std::strerror(errno));
            }
            while (const dirent* e = ::readdir(listing)) {
                const std::string name = plugin_name_of(e->d_name);
                if (name.empty()) continue;
                const auto [it, added] = registry_.insert({name, Entry{folders_.size() - 1, e->d_name}});
                if (!added) {
                    // The message is made before closedir() frees the entry it names.
                    const std::string message = "plugin '" + name + "' is found twice: " +
                                                (folders_[it->second.folder].path / it->second.file_name).string() + " and " +
                                                (dir / e->d_name).string() + "; remove one of them (a plugin may not shadow another)";
                    ::closedir(listing);
                    throw ConfigError(message);
                }
            }
            ::closedir(listing);
        }
    } catch (...) {
        for (const Folder& f : folders_) ::close(f.fd);
        throw;
    }
}

PluginHost::~PluginHost() {
    for (const Folder& f : folders_) ::close(f.fd);
}

std::optional<fs::path> PluginHost::find(const std::string& name) const {
    const auto it = registry_.find(name);
    if (it == registry_.end()) return std::nullopt;
    return folders_[it->second.folder].path / it->second.file_name;
}

PluginHost::PluginFile PluginHost::open_plugin(const std::string& name, const Entry& entry) const {
    const fs::path path = folders_[entry.folder].path / entry.file_name;
    // O_NOFOLLOW: a link could point anywhere; O_NONBLOCK: a FIFO named like a
    // plugin must not hang the open (it is refused as not a regular file).
    const int fd = ::openat(folders_[entry.folder].fd, entry.file_name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        const int e = errno;
        if (e == ELOOP) throw ConfigError("plugin file " + path.string() + " is a symbolic link: a plugin must be a regular file in its folder");
        throw ConfigError("cannot open plugin file " + path.string() + ": " + std::strerror(e));
    }
    PluginFile file(fd, path);
    struct stat st {};
    if (::fstat(fd, &st) != 0) throw ConfigError("cannot examine plugin file " + path.string() + ": " + std::strerror(errno));
    if (!S_ISREG(st.st_mode)) throw ConfigError("plugin file " + path.string() + " is not a regular file");
    require_trusted(st, path, "plugin file", "refusing to load it");

    file.section = read_plugin_section(fd, path);
    if (file.section.name != name)
        throw ConfigError("plugin file " + path.string() + " is named for plugin '" + name + "' but its section declares plugin '" +
                          shown_name(file.section.name) + "'");
    require_compatible(name, path, file.section.abi_version, file.section.kind, file.section.build_id);
    return file;
}

PluginHost::Scan PluginHost::scan() const {
    Scan s;
    // In folder order, then by name.
    for (std::size_t folder = 0; folder < folders_.size(); ++folder)
        for (const auto& [name, entry] : registry_) {
            if (entry.folder != folder) continue;
            const fs::path path = folders_[folder].path / entry.file_name;
            try {
                const PluginFile file = open_plugin(name, entry);
                const PluginSectionInfo& section = file.section;
                PluginInfo info;
                info.name = section.name;
                info.version = section.version;
                info.kind = section.kind;
                info.description = section.description;
                info.abi_version = section.abi_version;
                info.build_id = section.build_id;
                info.path = path;
                s.plugins.push_back(std::move(info));
            } catch (const ConfigError& e) {
                s.problems.push_back({path, e.what()});
            }
        }
    return s;
}

PluginInfo plugin_info_of(const esfreport_plugin_descriptor& d) {
    PluginInfo info;
    info.name = text(d.name);
    info.version = text(d.version);
    info.kind = text(d.kind);
    info.description = text(d.description);
    info.abi_version = d.abi_version;
    info.build_id = text(d.build_id);
    for (std::size_t i = 0; i < d.option_count && d.options; ++i) {
        const esfreport_option_spec& o = d.options[i];
        info.options.push_back({text(o.name), text(o.description),
                                o.default_value ? std::optional<std::string>(o.default_value) : std::nullopt, o.required != 0});
    }
    return info;
}

std::shared_ptr<sdk::SourcePlugin> PluginHost::create_source(const std::string& name, PluginInfo* info_out) {
    if (!is_valid_plugin_name(name))
        throw ConfigError("'" + shown_name(name) + "' is not a valid plugin name: expected 1 to " +
                          std::to_string(ESFREPORT_PLUGIN_NAME_MAX) + " of a-z, 0-9 and _");
    const auto found = registry_.find(name);
    if (found == registry_.end()) {
        std::string where;
        for (const fs::path& d : dirs_) where += (where.empty() ? "" : ", ") + d.string();
        throw ConfigError("no plugin named '" + name + "' found (no " + plugin_file_name(name) + " in: " + where + ")");
    }
    // The descriptor stays open while the library is loaded: glibc knows the
    // library by the name /proc/self/fd/N, and a second plugin opened on a
    // reused N would be taken for the first one.
    auto file_holder = std::make_shared<PluginFile>(open_plugin(name, found->second));
    const PluginFile& file = *file_holder;
    const fs::path& path = file.path();

    dll::shared_library lib;
    try {
        // RTLD_LOCAL: plugins do not see each other's symbols; RTLD_NOW: a
        // missing dependency is reported here, not at the first call.
        lib = dll::shared_library(file.proc_path(), dll::load_mode::rtld_local | dll::load_mode::rtld_now);
    } catch (const std::exception& e) {
        std::string why = e.what();
        for (std::size_t at; (at = why.find(file.proc_path())) != std::string::npos;) why.replace(at, file.proc_path().size(), path.string());
        throw ConfigError("cannot load plugin library " + path.string() + ": " + why);
    }
    if (!lib.has(ESFREPORT_DESCRIBE_SYMBOL))
        throw ConfigError("plugin library " + path.string() + " is not an esfreport plugin: it has no entry symbol '" +
                          ESFREPORT_DESCRIBE_SYMBOL + "'");
    auto describe = lib.get<const esfreport_plugin_descriptor*()>(ESFREPORT_DESCRIBE_SYMBOL);
    const esfreport_plugin_descriptor* d = nullptr;
    {
        PluginCrashGuard guard(name, "", "describing itself");
        d = describe();
    }
    if (!d) throw ConfigError("plugin '" + name + "' (" + path.string() + ") returned no descriptor");
    // Only the first two fields are read before the ABI is known to match.
    require_abi(name, path, d->abi_version);
    if (d->struct_size < sizeof(esfreport_plugin_descriptor))
        throw ConfigError("plugin '" + name + "' (" + path.string() + ") has a truncated descriptor");
    PluginInfo info = plugin_info_of(*d);
    info.path = path;
    if (info.name != name)
        throw ConfigError("plugin file " + path.string() + " declares plugin '" + name + "' in its section but '" +
                          shown_name(info.name) + "' in its descriptor");
    require_compatible(name, path, info.abi_version, info.kind, info.build_id);

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
    // The deleter owns the factory, which owns the library: the code of the
    // object's destructor stays mapped until it has run (and the file stays open).
    return std::shared_ptr<sdk::SourcePlugin>(raw, [factory, file_holder](sdk::SourcePlugin* p) { delete p; });
}

}  // namespace esfreport
