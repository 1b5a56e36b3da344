// The fixture plugins of tests/fixtures/plugins and plugin folders made from
// them, shared by the plugin host's unit tests and the end-to-end tests.
#pragma once

#include "test_support.hpp"

#include <sys/stat.h>
#include <unistd.h>
#include <pwd.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace esfreport::test {

// Each fixture lives alone in its folder: <dir>/<name>/esfreport_plugin_<name>.so.
inline std::filesystem::path fixture_dir(const std::string& name) { return std::filesystem::path(ESFREPORT_TEST_PLUGIN_DIR) / name; }
inline std::filesystem::path fixture_library(const std::string& name) {
    return fixture_dir(name) / ("esfreport_plugin_" + name + ".so");
}
// Not a plugin: its constructor appends a line to the file named by the
// environment variable ESFREPORT_TEST_MARKER.
inline std::filesystem::path marker_library() { return std::filesystem::path(ESFREPORT_TEST_PLUGIN_DIR) / "marker" / "marker.so"; }

// Sets the exact mode bits of `path` (the umask plays no part).
inline void set_mode(const std::filesystem::path& path, mode_t mode) {
    if (::chmod(path.c_str(), mode) != 0) throw std::runtime_error("cannot chmod " + path.string());
}

// Copies `library` into `folder` (created with mode 0755) as `file_name`, with
// mode `mode`; returns the copy's path.
inline std::filesystem::path place_library(const std::filesystem::path& library, const std::filesystem::path& folder,
                                           const std::string& file_name, mode_t mode = 0755) {
    std::filesystem::create_directories(folder);
    set_mode(folder, 0755);
    const std::filesystem::path copy = folder / file_name;
    std::filesystem::copy_file(library, copy, std::filesystem::copy_options::overwrite_existing);
    set_mode(copy, mode);
    return copy;
}

// How the host names a file's owner in its messages: "root (uid 0)".
inline std::string user_named(uid_t uid) {
    const passwd* pw = ::getpwuid(uid);
    return pw ? std::string(pw->pw_name) + " (uid " + std::to_string(uid) + ")" : "uid " + std::to_string(uid);
}

}  // namespace esfreport::test
