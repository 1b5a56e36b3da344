// Templates are read like the configuration: only a regular file of at most
// 1 MiB; a FIFO or a device is an error at once, not a hang.
#include <esfreport/export/report_template.hpp>
#include <esfreport/export/scb_template.hpp>

#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

using namespace esfreport;
using namespace esfreport::test;

TEST_CASE("Templates: an SCB template that is a device - a FIFO or too big is refused") {
    TempDir dir("template-file-kinds");
    const auto message = [](const std::filesystem::path& file) -> std::string {
        try {
            load_scb_template(file);
        } catch (const std::runtime_error& e) {
            return e.what();
        }
        return "(read)";
    };
    CHECK(message("/dev/zero") == "/dev/zero: the SCB template is a character device, not a regular file");
    const auto fifo = dir / "esf.toml";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK(message(fifo) == fifo.string() + ": the SCB template is a FIFO, not a regular file");
    write_file(dir / "big.toml", std::string((1u << 20) + 1, '#'));
    CHECK(message(dir / "big.toml") == (dir / "big.toml").string() + ": the SCB template is 1048577 bytes (at most 1048576)");
}

TEST_CASE("Templates: a report template that is a FIFO is refused") {
    TempDir dir("template-report-fifo");
    const auto document = dir / "document.toml";
    REQUIRE(::mkfifo(document.c_str(), 0600) == 0);
    try {
        load_report_templates(dir.path());
        FAIL("read a FIFO");
    } catch (const TemplateError& e) {
        CHECK(std::string(e.what()) == document.string() + ": the report template is a FIFO, not a regular file");
    }
}
