// The pseudonym key file: created private when absent, refused when others
// could read or change it, when it is a symbolic link, someone else's, or of
// the wrong size.
#include <esfreport/runtime/errors.hpp>
#include <esfreport/runtime/pseudonym_key_file.hpp>

#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

using namespace esfreport;
using namespace esfreport::test;

namespace {

mode_t mode_of(const std::filesystem::path& p) {
    struct stat st {};
    REQUIRE(::lstat(p.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

std::string refusal(const std::filesystem::path& p) {
    try {
        load_or_create_pseudonym_key(p);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "(accepted)";
}

}  // namespace

TEST_CASE("Pseudonym key file: created with 32 random bytes and mode 0600 when absent and read back the same", "[pseudonym_key]") {
    TempDir dir("pseudonym-key-create");
    const auto path = dir / "pseudonym.key";
    const mode_t old_umask = ::umask(0);  // a careless umask must not widen the mode
    bool created = false;
    const PseudonymKey first = load_or_create_pseudonym_key(path, &created);
    ::umask(old_umask);
    CHECK(created);
    CHECK(mode_of(path) == 0600);
    CHECK(std::filesystem::file_size(path) == 32);
    const std::string bytes = read_file(path);
    CHECK(std::equal(bytes.begin(), bytes.end(), first.bytes().begin(), [](char a, std::uint8_t b) { return std::uint8_t(a) == b; }));
    // A second run reads the same key and creates nothing.
    const PseudonymKey second = load_or_create_pseudonym_key(path, &created);
    CHECK_FALSE(created);
    CHECK(second.bytes() == first.bytes());
    // Another project's new key is another key (256 random bits each).
    const PseudonymKey other = load_or_create_pseudonym_key(dir / "other.key");
    CHECK(other.bytes() != first.bytes());
}

TEST_CASE("Pseudonym key file: a key others can read or write is refused", "[pseudonym_key]") {
    TempDir dir("pseudonym-key-mode");
    const auto path = dir / "pseudonym.key";
    load_or_create_pseudonym_key(path);
    ::chmod(path.c_str(), 0644);
    CHECK(refusal(path) == "pseudonym key file " + path.string() +
                               ": can be read or written by group or others (mode 0644); make it private with chmod 600");
    ::chmod(path.c_str(), 0620);
    CHECK(refusal(path) == "pseudonym key file " + path.string() +
                               ": can be read or written by group or others (mode 0620); make it private with chmod 600");
    ::chmod(path.c_str(), 0600);
    CHECK(refusal(path) == "(accepted)");
}

TEST_CASE("Pseudonym key file: a symbolic link is refused and its target left alone", "[pseudonym_key]") {
    TempDir dir("pseudonym-key-link");
    const auto target = dir / "real.key";
    load_or_create_pseudonym_key(target);
    const auto link = dir / "pseudonym.key";
    std::filesystem::create_symlink(target, link);
    CHECK(refusal(link) == "pseudonym key file " + link.string() + ": is a symbolic link; give the key file itself");
    // A dangling link is not followed to create a key elsewhere either.
    const auto dangling = dir / "dangling.key";
    std::filesystem::create_symlink(dir / "nowhere.key", dangling);
    CHECK(refusal(dangling) == "pseudonym key file " + dangling.string() + ": is a symbolic link; give the key file itself");
    CHECK_FALSE(std::filesystem::exists(dir / "nowhere.key"));
}

TEST_CASE("Pseudonym key file: a file of the wrong size or not a file is refused", "[pseudonym_key]") {
    TempDir dir("pseudonym-key-size");
    const auto path = dir / "pseudonym.key";
    write_file(path, std::string(64, 'a'));  // e.g. a hex text instead of the raw bytes
    ::chmod(path.c_str(), 0600);
    CHECK(refusal(path) == "pseudonym key file " + path.string() + ": holds 64 bytes; a key is exactly 32 random bytes");
    write_file(path, "");
    ::chmod(path.c_str(), 0600);
    CHECK(refusal(path) == "pseudonym key file " + path.string() + ": holds 0 bytes; a key is exactly 32 random bytes");
    std::filesystem::create_directory(dir / "folder.key");
    CHECK(refusal(dir / "folder.key") == "pseudonym key file " + (dir / "folder.key").string() + ": is not a regular file");
}

TEST_CASE("Pseudonym key file: a key owned by another user is refused", "[pseudonym_key]") {
    if (::geteuid() != 0) {
        WARN("needs root to give a file to another user; not checked");
        return;
    }
    TempDir dir("pseudonym-key-owner");
    const auto path = dir / "pseudonym.key";
    load_or_create_pseudonym_key(path);
    REQUIRE(::chown(path.c_str(), 4242, 4242) == 0);
    CHECK(refusal(path) == "pseudonym key file " + path.string() +
                               ": is owned by another user; the key must be the running user's own file");
}
