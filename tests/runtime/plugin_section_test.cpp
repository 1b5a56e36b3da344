// The ELF section reader on real plugins and on every kind of damaged file: a
// truncated, garbage or lying file is a ConfigError naming it, never a crash
// and never a read outside the file.
#include "plugin_fixtures.hpp"
#include "test_support.hpp"

#include <esfreport/runtime/errors.hpp>
#include <esfreport/runtime/plugin_section.hpp>
#include <esfreport/sdk/abi.h>

#include <catch2/catch.hpp>

#include <elf.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstddef>
#include <cstring>
#include <random>

using namespace esfreport;
using namespace esfreport::test;
using Catch::Contains;
namespace fs = std::filesystem;

namespace {

class OpenFile {
public:
    explicit OpenFile(const fs::path& path) : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
        if (fd_ < 0) throw std::runtime_error("cannot open " + path.string());
    }
    ~OpenFile() { ::close(fd_); }
    OpenFile(const OpenFile&) = delete;
    OpenFile& operator=(const OpenFile&) = delete;
    int fd() const { return fd_; }

private:
    int fd_;
};

PluginSectionInfo read_section(const fs::path& path) {
    const OpenFile file(path);
    return read_plugin_section(file.fd(), path);
}

// The reason the reader gives for refusing `bytes` written to `path`.
std::string refusal(const fs::path& path, const std::string& bytes) {
    write_file(path, bytes);
    try {
        read_section(path);
    } catch (const ConfigError& e) {
        const std::string prefix = path.string() + " is not an esfreport plugin: ";
        const std::string m = e.what();
        if (m.compare(0, prefix.size(), prefix) != 0) FAIL("unexpected message: " << m);
        return m.substr(prefix.size());
    }
    FAIL("the reader accepted " << path);
    return {};
}

template <class T>
T get(const std::string& bytes, std::size_t offset) {
    T value;
    std::memcpy(&value, bytes.data() + offset, sizeof value);
    return value;
}
template <class T>
void put(std::string& bytes, std::size_t offset, T value) {
    std::memcpy(&bytes[offset], &value, sizeof value);
}

// Where things are in a real plugin file, found with the same ELF structures.
struct Layout {
    Elf64_Ehdr header;
    std::size_t names_header = 0;   // file offset of the section name table's header
    std::size_t plugin_header = 0;  // file offset of the plugin section's header
    std::size_t plugin_data = 0;    // file offset of the plugin section's data
    std::size_t plugin_name = 0;    // file offset of the section's name in the name table
};

Layout layout_of(const std::string& bytes) {
    Layout l;
    l.header = get<Elf64_Ehdr>(bytes, 0);
    l.names_header = l.header.e_shoff + l.header.e_shstrndx * sizeof(Elf64_Shdr);
    const Elf64_Shdr names = get<Elf64_Shdr>(bytes, l.names_header);
    for (std::size_t i = 0; i < l.header.e_shnum; ++i) {
        const std::size_t at = l.header.e_shoff + i * sizeof(Elf64_Shdr);
        const Elf64_Shdr s = get<Elf64_Shdr>(bytes, at);
        if (std::strcmp(bytes.data() + names.sh_offset + s.sh_name, ESFREPORT_PLUGIN_SECTION_NAME) == 0) {
            l.plugin_header = at;
            l.plugin_data = s.sh_offset;
            l.plugin_name = names.sh_offset + s.sh_name;
        }
    }
    REQUIRE(l.plugin_header != 0);
    return l;
}

}  // namespace

TEST_CASE("Plugin section: read from a plugin built with the registration macro") {
    const PluginSectionInfo info = read_section(fixture_library("options"));
    CHECK(info.abi_version == ESFREPORT_PLUGIN_ABI_VERSION);
    CHECK(info.name == "options");
    CHECK(info.version == "1.0.0");
    CHECK(info.kind == "source");
    CHECK(info.build_id == ESFREPORT_BUILD_ID);
    CHECK(info.description == "Fixture: an options table with a required option");
    // A fixture of another ABI declares it in the same section format.
    const PluginSectionInfo future = read_section(fixture_library("wrong_abi"));
    CHECK(future.abi_version == 999);
    CHECK(future.name == "wrong_abi");
}

TEST_CASE("Plugin section: files that are not ELF shared libraries") {
    TempDir dir("plugin-section-garbage");
    const fs::path file = dir / "esfreport_plugin_x.so";
    CHECK(refusal(file, "") == "it is too short to be an ELF file");
    CHECK(refusal(file, "\x7f" "EL") == "it is too short to be an ELF file");
    CHECK(refusal(file, std::string(100, 'A')) == "it is not an ELF file");
    std::string elf32(64, '\0');
    elf32.replace(0, 4, "\x7f" "ELF");
    elf32[EI_CLASS] = ELFCLASS32;
    CHECK(refusal(file, elf32) == "it is not a 64-bit ELF file");
    std::string identity_only = elf32.substr(0, EI_NIDENT);
    identity_only[EI_CLASS] = ELFCLASS64;
    identity_only[EI_DATA] = ELFDATA2LSB;
    identity_only[EI_VERSION] = EV_CURRENT;
    CHECK(refusal(file, identity_only) == "the ELF header lies outside the file (the file is truncated or damaged)");
    // A valid ELF file, but not a shared library of this machine.
    const std::string plugin = read_file(fixture_library("options"));
    std::string other = plugin;
    put<Elf64_Half>(other, offsetof(Elf64_Ehdr, e_type), ET_EXEC);
    CHECK(refusal(file, other) == "it is not a shared library (ELF type 2)");
    other = plugin;
    put<Elf64_Half>(other, offsetof(Elf64_Ehdr, e_machine), 0xbeef);
    CHECK_THAT(refusal(file, other), Contains("it is built for another machine (ELF machine 48879, this esfreport runs on "));
    // A shared library without the section: the marker library.
    CHECK(refusal(file, read_file(marker_library())) ==
          "it has no '.esfreport_plugin' section (a plugin is built with the esfreport SDK's registration macro)");
}

TEST_CASE("Plugin section: every truncation of a plugin is refused") {
    TempDir dir("plugin-section-truncated");
    const fs::path file = dir / "esfreport_plugin_options.so";
    const std::string whole = read_file(fixture_library("options"));
    CHECK(refusal(file, whole.substr(0, sizeof(Elf64_Ehdr))) ==
          "the section header table lies outside the file (the file is truncated or damaged)");
    // Every length up to the whole file, in steps, and the last bytes one by one.
    const std::size_t step = whole.size() / 300 + 1;
    std::size_t refused = 0;
    for (std::size_t length = 0; length < whole.size(); length += (length + 64 < whole.size() ? step : 1)) {
        write_file(file, whole.substr(0, length));
        try {
            read_section(file);
            FAIL("a plugin cut to " << length << " of " << whole.size() << " bytes was accepted");
        } catch (const ConfigError& e) {
            CHECK_THAT(e.what(), Contains(file.string() + " is not an esfreport plugin: "));
            ++refused;
        }
    }
    CHECK(refused >= 300);
}

TEST_CASE("Plugin section: lying offsets and sizes are refused") {
    TempDir dir("plugin-section-lying");
    const fs::path file = dir / "esfreport_plugin_options.so";
    const std::string whole = read_file(fixture_library("options"));
    const Layout l = layout_of(whole);
    const std::size_t sh_offset = offsetof(Elf64_Shdr, sh_offset), sh_size = offsetof(Elf64_Shdr, sh_size);

    std::string b = whole;
    put<Elf64_Off>(b, offsetof(Elf64_Ehdr, e_shoff), ~Elf64_Off{0} - 8);  // would wrap around
    CHECK(refusal(file, b) == "the section header table lies outside the file (the file is truncated or damaged)");
    b = whole;
    put<Elf64_Half>(b, offsetof(Elf64_Ehdr, e_shnum), 0xffff);
    CHECK(refusal(file, b) == "the section header table lies outside the file (the file is truncated or damaged)");
    b = whole;
    put<Elf64_Half>(b, offsetof(Elf64_Ehdr, e_shnum), 0);
    CHECK(refusal(file, b) == "it has no section headers");
    b = whole;
    put<Elf64_Half>(b, offsetof(Elf64_Ehdr, e_shentsize), 40);
    CHECK(refusal(file, b) == "its section headers have an unexpected size");
    b = whole;
    put<Elf64_Half>(b, offsetof(Elf64_Ehdr, e_shstrndx), l.header.e_shnum);
    CHECK(refusal(file, b) == "its section name table index is out of range");
    b = whole;
    put<Elf64_Off>(b, l.names_header + sh_offset, whole.size() - 1);
    CHECK(refusal(file, b) == "its section name table lies outside the file (the file is truncated or damaged)");
    b = whole;
    put<Elf64_Xword>(b, l.names_header + sh_size, Elf64_Xword{1} << 40);
    CHECK(refusal(file, b) == "its section name table is implausibly large");
    b = whole;
    put<Elf64_Word>(b, l.plugin_header + offsetof(Elf64_Shdr, sh_name), 0xfffffff0);
    CHECK(refusal(file, b) == "a section name lies outside the section name table");
    b = whole;
    put<Elf64_Off>(b, l.plugin_header + sh_offset, ~Elf64_Off{0} - 16);
    CHECK(refusal(file, b) == "its '.esfreport_plugin' section lies outside the file (the file is truncated or damaged)");
    b = whole;
    put<Elf64_Xword>(b, l.plugin_header + sh_size, 12);
    CHECK(refusal(file, b) == "its '.esfreport_plugin' section is too short");
    b = whole;
    put<Elf64_Xword>(b, l.plugin_header + sh_size, 100);
    CHECK(refusal(file, b) == "its '.esfreport_plugin' section is 100 bytes, format 1 has " +
                                  std::to_string(sizeof(esfreport_plugin_section)));
    b = whole;
    put<Elf64_Word>(b, l.plugin_header + offsetof(Elf64_Shdr, sh_type), SHT_NOBITS);
    CHECK(refusal(file, b) == "its '.esfreport_plugin' section holds no data");
    b = whole;
    b[l.plugin_name + 1] = 'E';  // ".Esfreport_plugin"
    CHECK(refusal(file, b) == "it has no '.esfreport_plugin' section (a plugin is built with the esfreport SDK's registration macro)");
}

TEST_CASE("Plugin section: a damaged section's fields are refused") {
    TempDir dir("plugin-section-fields");
    const fs::path file = dir / "esfreport_plugin_options.so";
    const std::string whole = read_file(fixture_library("options"));
    const std::size_t at = layout_of(whole).plugin_data;

    std::string b = whole;
    b[at] = 'X';
    CHECK(refusal(file, b) == "its '.esfreport_plugin' section has an unknown magic");
    b = whole;
    put<std::uint32_t>(b, at + offsetof(esfreport_plugin_section, format), 2);
    CHECK(refusal(file, b) == "its '.esfreport_plugin' section has format 2, this esfreport reads format 1 (rebuild the plugin against this SDK)");
    b = whole;
    b.replace(at + offsetof(esfreport_plugin_section, name), ESFREPORT_PLUGIN_NAME_MAX + 1, ESFREPORT_PLUGIN_NAME_MAX + 1, 'x');
    CHECK(refusal(file, b) == "the field 'name' of its plugin section is not terminated");
    b = whole;
    b[at + offsetof(esfreport_plugin_section, description) + 3] = '\x1b';
    CHECK(refusal(file, b) == "the field 'description' of its plugin section holds a control character");
    b = whole;
    b[at + offsetof(esfreport_plugin_section, version)] = '\n';
    CHECK(refusal(file, b) == "the field 'version' of its plugin section holds a control character");
}

TEST_CASE("Plugin section: random damage to the headers and the section never crashes the reader") {
    TempDir dir("plugin-section-random");
    const fs::path file = dir / "esfreport_plugin_options.so";
    const std::string whole = read_file(fixture_library("options"));
    const Layout l = layout_of(whole);
    // The bytes the reader looks at: the ELF header, the section headers and
    // the plugin section.
    const std::pair<std::size_t, std::size_t> regions[] = {
        {0, sizeof(Elf64_Ehdr)},
        {l.header.e_shoff, l.header.e_shnum * sizeof(Elf64_Shdr)},
        {l.plugin_data, sizeof(esfreport_plugin_section)},
    };
    std::mt19937 random(20260801);  // fixed: a failure can be replayed
    std::size_t accepted = 0, refused = 0;
    for (int round = 0; round < 1000; ++round) {
        std::string b = whole;
        const int changes = 1 + static_cast<int>(random() % 8);
        for (int c = 0; c < changes; ++c) {
            const auto& [start, length] = regions[random() % 3];
            b[start + random() % length] = static_cast<char>(random());
        }
        write_file(file, b);
        try {
            read_section(file);
            ++accepted;
        } catch (const ConfigError& e) {
            REQUIRE_THAT(e.what(), Contains(file.string() + " is not an esfreport plugin: "));
            ++refused;
        }
    }
    CHECK(accepted + refused == 1000);
    CHECK(refused > 0);
}
