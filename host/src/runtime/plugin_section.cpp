#include <esfreport/runtime/plugin_section.hpp>

#include <esfreport/runtime/errors.hpp>
#include <esfreport/sdk/abi.h>

#include <elf.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace esfreport {
namespace {

#if defined(__x86_64__)
constexpr unsigned kThisMachine = EM_X86_64;
#elif defined(__aarch64__)
constexpr unsigned kThisMachine = EM_AARCH64;
#elif defined(__powerpc64__)
constexpr unsigned kThisMachine = EM_PPC64;
#elif defined(__riscv)
constexpr unsigned kThisMachine = EM_RISCV;
#elif defined(__s390x__)
constexpr unsigned kThisMachine = EM_S390;
#else
constexpr unsigned kThisMachine = EM_NONE;  // not checked
#endif
constexpr unsigned char kThisByteOrder = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? ELFDATA2LSB : ELFDATA2MSB;

// Bounds on what a plugin file may make us read: the section name table of a
// real plugin is a few hundred bytes.
constexpr std::uint64_t kMaxNameTable = 1u << 20;

class SectionReader {
public:
    SectionReader(int fd, const std::filesystem::path& shown_as) : fd_(fd), shown_as_(shown_as) {
        struct stat st {};
        if (::fstat(fd_, &st) != 0) fail(std::string("cannot examine it: ") + std::strerror(errno));
        size_ = static_cast<std::uint64_t>(st.st_size);
    }

    PluginSectionInfo read() {
        const Elf64_Ehdr header = elf_header();
        const std::vector<Elf64_Shdr> sections = section_headers(header);
        const Elf64_Shdr& names = sections[header.e_shstrndx];
        if (names.sh_type != SHT_STRTAB) fail("its section name table is not a string table");
        if (names.sh_size > kMaxNameTable) fail("its section name table is implausibly large");
        const std::vector<char> name_table = bytes(names.sh_offset, names.sh_size, "its section name table");

        const Elf64_Shdr* plugin = nullptr;
        for (const Elf64_Shdr& s : sections) {
            if (s.sh_name >= name_table.size()) fail("a section name lies outside the section name table");
            const char* name = name_table.data() + s.sh_name;
            const void* end = std::memchr(name, '\0', name_table.size() - s.sh_name);
            if (!end) fail("a section name is not terminated");
            if (std::strcmp(name, ESFREPORT_PLUGIN_SECTION_NAME) != 0) continue;
            if (plugin) fail("it has two '" ESFREPORT_PLUGIN_SECTION_NAME "' sections");
            plugin = &s;
        }
        if (!plugin)
            fail("it has no '" ESFREPORT_PLUGIN_SECTION_NAME
                 "' section (a plugin is built with the esfreport SDK's registration macro)");
        return identity(*plugin);
    }

private:
    [[noreturn]] void fail(const std::string& why) const {
        throw ConfigError(shown_as_.string() + " is not an esfreport plugin: " + why);
    }

    // `length` bytes at `offset`, which must lie within the file.
    std::vector<char> bytes(std::uint64_t offset, std::uint64_t length, const char* what) const {
        if (offset > size_ || length > size_ - offset) fail(std::string(what) + " lies outside the file (the file is truncated or damaged)");
        std::vector<char> out(static_cast<std::size_t>(length));
        std::size_t done = 0;
        while (done < out.size()) {
            const ssize_t n = ::pread(fd_, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) fail(std::string("cannot read it: ") + std::strerror(errno));
            if (n == 0) fail("it is shorter than its size says (it changed while being read)");
            done += static_cast<std::size_t>(n);
        }
        return out;
    }

    Elf64_Ehdr elf_header() const {
        if (size_ < EI_NIDENT) fail("it is too short to be an ELF file");
        const std::vector<char> ident = bytes(0, EI_NIDENT, "the ELF identification");
        if (std::memcmp(ident.data(), ELFMAG, SELFMAG) != 0) fail("it is not an ELF file");
        if (ident[EI_CLASS] != ELFCLASS64) fail("it is not a 64-bit ELF file");
        if (static_cast<unsigned char>(ident[EI_DATA]) != kThisByteOrder) fail("it is not in this machine's byte order");
        if (ident[EI_VERSION] != EV_CURRENT) fail("it has an unknown ELF version");
        Elf64_Ehdr h;
        const std::vector<char> raw = bytes(0, sizeof h, "the ELF header");
        std::memcpy(&h, raw.data(), sizeof h);
        if (h.e_type != ET_DYN) fail("it is not a shared library (ELF type " + std::to_string(h.e_type) + ")");
        if (kThisMachine != EM_NONE && h.e_machine != kThisMachine)
            fail("it is built for another machine (ELF machine " + std::to_string(h.e_machine) + ", this esfreport runs on " +
                 std::to_string(kThisMachine) + ")");
        return h;
    }

    std::vector<Elf64_Shdr> section_headers(const Elf64_Ehdr& h) const {
        // e_shnum 0 with a non-zero offset is the extended numbering of files
        // with 65,280 sections or more, which no plugin has.
        if (h.e_shoff == 0 || h.e_shnum == 0) fail("it has no section headers");
        if (h.e_shentsize != sizeof(Elf64_Shdr)) fail("its section headers have an unexpected size");
        if (h.e_shstrndx == SHN_UNDEF || h.e_shstrndx >= h.e_shnum) fail("its section name table index is out of range");
        const std::vector<char> raw =
            bytes(h.e_shoff, static_cast<std::uint64_t>(h.e_shnum) * sizeof(Elf64_Shdr), "the section header table");
        std::vector<Elf64_Shdr> out(h.e_shnum);
        std::memcpy(out.data(), raw.data(), raw.size());
        return out;
    }

    // One NUL-terminated text of `size` bytes at `field`, printable.
    std::string text(const char* field, std::size_t size, const char* what) const {
        const void* end = std::memchr(field, '\0', size);
        if (!end) fail(std::string("the field '") + what + "' of its plugin section is not terminated");
        std::string out(field, static_cast<const char*>(end));
        for (const char c : out)
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
                fail(std::string("the field '") + what + "' of its plugin section holds a control character");
        return out;
    }

    PluginSectionInfo identity(const Elf64_Shdr& s) const {
        if (s.sh_type == SHT_NOBITS) fail("its '" ESFREPORT_PLUGIN_SECTION_NAME "' section holds no data");
        // The magic and the format number come first in every format.
        constexpr std::uint64_t head = offsetof(esfreport_plugin_section, format) + sizeof(std::uint32_t);
        if (s.sh_size < head) fail("its '" ESFREPORT_PLUGIN_SECTION_NAME "' section is too short");
        const std::vector<char> start = bytes(s.sh_offset, head, "its '" ESFREPORT_PLUGIN_SECTION_NAME "' section");
        esfreport_plugin_section d{};
        std::memcpy(&d, start.data(), head);
        const char magic[sizeof d.magic] = ESFREPORT_PLUGIN_SECTION_MAGIC;
        if (std::memcmp(d.magic, magic, sizeof magic) != 0) fail("its '" ESFREPORT_PLUGIN_SECTION_NAME "' section has an unknown magic");
        if (d.format != ESFREPORT_PLUGIN_SECTION_FORMAT)
            fail("its '" ESFREPORT_PLUGIN_SECTION_NAME "' section has format " + std::to_string(d.format) +
                 ", this esfreport reads format " + std::to_string(ESFREPORT_PLUGIN_SECTION_FORMAT) + " (rebuild the plugin against this SDK)");
        // A sanitizer build may pad the object; the first one is what counts.
        if (s.sh_size < sizeof d)
            fail("its '" ESFREPORT_PLUGIN_SECTION_NAME "' section is " + std::to_string(s.sh_size) + " bytes, format " +
                 std::to_string(ESFREPORT_PLUGIN_SECTION_FORMAT) + " has " + std::to_string(sizeof d));
        const std::vector<char> all = bytes(s.sh_offset, sizeof d, "its '" ESFREPORT_PLUGIN_SECTION_NAME "' section");
        std::memcpy(&d, all.data(), sizeof d);
        PluginSectionInfo info;
        info.abi_version = d.abi_version;
        info.name = text(d.name, sizeof d.name, "name");
        info.version = text(d.version, sizeof d.version, "version");
        info.kind = text(d.kind, sizeof d.kind, "kind");
        info.build_id = text(d.build_id, sizeof d.build_id, "build_id");
        info.description = text(d.description, sizeof d.description, "description");
        return info;
    }

    int fd_;
    const std::filesystem::path& shown_as_;
    std::uint64_t size_ = 0;
};

}  // namespace

PluginSectionInfo read_plugin_section(int fd, const std::filesystem::path& shown_as) { return SectionReader(fd, shown_as).read(); }

}  // namespace esfreport
