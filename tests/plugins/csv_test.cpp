// The canonical CSV source plugin: one test per reading rule, driven through
// CsvSource (what the host calls) with a sink that records what it is given.
// Personnummer are Skatteverket's published test numbers.
#include "csv_reader.hpp"
#include "csv_source.hpp"
#include "recording_sink.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sdk = esfreport::sdk;
namespace fs = std::filesystem;
using esfreport::plugins::csv::CsvReader;
using esfreport::plugins::csv::CsvReaderOptions;
using esfreport::plugins::csv::CsvSource;
using esfreport::plugins::csv::Encoding;
using esfreport::test::TempDir;
using esfreport::test::write_file;

namespace {

using Input = esfreport::test::RecordedInput;
using Row = esfreport::test::RecordedRow;
using RecordingSink = esfreport::test::RecordingSink;
using Rejection = esfreport::test::RecordedRejection;

struct ReadResult {
    sdk::Status status;
    RecordingSink sink;
};

void read_folder(const fs::path& folder, ReadResult& result, std::vector<sdk::Option> options = {}) {
    const std::string source = folder.string();
    sdk::SourceRequest request;
    request.subproject_id = "sp1";
    request.source = source;
    request.options = options.data();
    request.option_count = options.size();
    CsvSource plugin;
    result.status = plugin.read(request, result.sink);
}

// Canonical participant columns as the text of one record.
std::vector<std::string> period(std::string person, std::string sex, std::string start, std::string end = "",
                                std::string setting = "", std::string exit = "", std::string email = "",
                                std::string mobile = "", std::string activity = "") {
    return {person, sex, start, end, setting, exit, email, mobile, activity};
}

const std::string kParticipantsHeader = "person_id,sex,start_date,end_date,setting,exit_status,email,mobile\n";

// Runs `work` in a child process and returns what it returned, or nothing
// when it has not finished within `seconds` (the child is then killed): a
// test of something that used to hang fails instead of hanging the suite.
std::optional<std::string> run_with_watchdog(const std::function<std::string()>& work, int seconds) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::close(fds[0]);
        const std::string out = work();
        std::size_t done = 0;
        while (done < out.size()) {
            const ssize_t n = ::write(fds[1], out.data() + done, out.size() - done);
            if (n <= 0) break;
            done += static_cast<std::size_t>(n);
        }
        ::_exit(0);
    }
    ::close(fds[1]);
    std::string out;
    bool finished = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (true) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        pollfd pfd{fds[0], POLLIN, 0};
        if (::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) continue;
        char chunk[4096];
        const ssize_t n = ::read(fds[0], chunk, sizeof chunk);
        if (n <= 0) {
            finished = true;  // the child closed its end: done
            break;
        }
        out.append(chunk, static_cast<std::size_t>(n));
    }
    ::close(fds[0]);
    if (!finished) ::kill(pid, SIGKILL);
    int wstatus = 0;
    ::waitpid(pid, &wstatus, 0);
    if (!finished) return std::nullopt;
    return out;
}

// Reads `folder` under the watchdog; the status code and message as
// "<code>: <message>".
std::optional<std::string> read_status_with_watchdog(const fs::path& folder) {
    return run_with_watchdog(
        [&folder] {
            ReadResult r;
            read_folder(folder, r);
            return std::to_string(static_cast<int>(r.status.code)) + ": " + r.status.message;
        },
        20);
}

std::string unreadable(const std::string& message) {
    return std::to_string(static_cast<int>(sdk::StatusCode::source_unreadable)) + ": " + message;
}

}  // namespace

TEST_CASE("comma-separated participants are handed over in canonical order", "[csv]") {
    TempDir dir("csv-comma");
    // Columns in another order than the canonical one, and not all present.
    write_file(dir / "participants.csv",
               "start_date,person_id,exit_status,end_date\n"
               "2024-01-15,189001019802,,\n"
               "2024-02-01,189001029819,work,2024-05-31\n");
    ReadResult r;
    read_folder(dir.path(), r);
    REQUIRE(r.status.is_ok());
    REQUIRE(r.sink.inputs.size() == 1);
    const Input& in = r.sink.participants();
    CHECK(in.path == (dir / "participants.csv").string());
    CHECK(in.ended);
    CHECK(in.rejections.empty());
    REQUIRE(in.rows.size() == 2);
    CHECK(in.rows[0].line == 2);
    CHECK(in.rows[0].text == period("189001019802", "", "2024-01-15"));
    CHECK(in.rows[1].line == 3);
    CHECK(in.rows[1].text == period("189001029819", "", "2024-02-01", "2024-05-31", "", "work"));
    // person_id is source column 2, sex absent, start_date column 1, end_date 4, exit_status 3.
    CHECK(in.rows[1].columns == std::vector<std::uint32_t>{2, 0, 1, 4, 0, 3, 0, 0, 0});
    CHECK(r.sink.warnings.empty());
}

TEST_CASE("semicolon is detected as the delimiter", "[csv]") {
    TempDir dir("csv-semicolon");
    // Decimal commas and commas inside values stay in their field.
    write_file(dir / "participants.csv", "person_id;sex;start_date\n189001039800;K;2024-03-01\n");
    write_file(dir / "hours.csv", "person_id;date;hours;activity\n189001039800;2024-03-04;7,5;Studiebesök, Örebro\n");
    ReadResult r;
    read_folder(dir.path(), r);
    REQUIRE(r.status.is_ok());
    CHECK(r.sink.participants().rows.at(0).text == period("189001039800", "K", "2024-03-01"));
    const Input& hours = r.sink.input(sdk::RecordKind::hours);
    REQUIRE(hours.rows.size() == 1);
    CHECK(hours.rows[0].text == std::vector<std::string>{"189001039800", "2024-03-04", "7,5", "Studiebesök, Örebro"});
}

TEST_CASE("tab is detected as the delimiter", "[csv]") {
    TempDir dir("csv-tab");
    write_file(dir / "participants.csv", "person_id\tstart_date\tend_date\n189001049817\t2024-04-02\t\n");
    ReadResult r;
    read_folder(dir.path(), r);
    REQUIRE(r.status.is_ok());
    REQUIRE(r.sink.participants().rows.size() == 1);
    CHECK(r.sink.participants().rows[0].text == period("189001049817", "", "2024-04-02"));
    CHECK(r.sink.participants().rows[0].columns[sdk::period_end_date] == 3);
}

TEST_CASE("the delimiter option overrides detection", "[csv]") {
    TempDir dir("csv-delimiter-option");
    // Detection would pick ',' (three commas against two semicolons).
    write_file(dir / "participants.csv", "person_id;start_date;note, x, y, z\n189001059808;2024-05-06;a,b\n");
    ReadResult detected;
    read_folder(dir.path(), detected);
    CHECK(detected.status.code == sdk::StatusCode::source_unreadable);
    ReadResult r;
    read_folder(dir.path(), r, {{"delimiter", ";"}, {"encoding", "auto"}});
    REQUIRE(r.status.is_ok());
    CHECK(r.sink.participants().rows.at(0).text == period("189001059808", "", "2024-05-06"));
    REQUIRE(r.sink.warnings.size() == 1);
    CHECK(r.sink.warnings[0] == (dir / "participants.csv").string() + ": column 3 'note, x, y, z' is not used; ignored");
}

TEST_CASE("unknown option values are a bad option", "[csv]") {
    TempDir dir("csv-bad-option");
    write_file(dir / "participants.csv", "person_id,start_date\n189001019802,2024-01-01\n");
    ReadResult r;
    read_folder(dir.path(), r, {{"delimiter", "|"}});
    CHECK(r.status.code == sdk::StatusCode::bad_option);
    CHECK(r.status.message == "csv: option delimiter = '|' is not one of auto, ',', ';', tab");
    ReadResult r2;
    read_folder(dir.path(), r2, {{"encoding", "latin-9"}});
    CHECK(r2.status.code == sdk::StatusCode::bad_option);
    CHECK(r2.sink.inputs.empty());
}

TEST_CASE("a UTF-8 byte order mark is not part of the first header name", "[csv]") {
    TempDir dir("csv-bom");
    write_file(dir / "participants.csv", "\xEF\xBB\xBFperson_id;start_date;setting\n189001069815;2024-06-03;utanför skola\n");
    ReadResult r;
    read_folder(dir.path(), r);
    REQUIRE(r.status.is_ok());
    CHECK(r.sink.participants().rows.at(0).text == period("189001069815", "", "2024-06-03", "", "utanför skola"));
    CHECK(r.sink.warnings.empty());
    CsvReader reader(dir / "participants.csv");
    CHECK(reader.had_bom());
    CHECK(reader.encoding() == Encoding::utf8);
}

TEST_CASE("a file that is not UTF-8 is read as Windows-1252", "[csv]") {
    TempDir dir("csv-cp1252");
    // What Swedish Excel writes: "Kön" with 0xF6, "Örebro" with 0xD6.
    write_file(dir / "participants.csv", "Personnummer;K\xF6n;Startdatum\n189001079806;K;2024-07-01\n");
    write_file(dir / "hours.csv", "person_id;date;hours;activity\n189001079806;2024-07-02;3;Studiebes\xF6k \xD6rebro\n"
                                  "189001079806;2024-07-03;3;\"\xC5re; \xE5ter\"\n");
    ReadResult r;
    read_folder(dir.path(), r);
    REQUIRE(r.status.is_ok());
    CHECK(r.sink.participants().rows.at(0).text == period("189001079806", "K", "2024-07-01"));
    CHECK(r.sink.input(sdk::RecordKind::hours).rows.at(0).text.at(sdk::hours_activity) == "Studiebesök Örebro");
    CHECK(r.sink.input(sdk::RecordKind::hours).rows.at(1).text.at(sdk::hours_activity) == "Åre; åter");
    REQUIRE(r.sink.warnings.size() == 2);
    CHECK(r.sink.warnings[0] == (dir / "participants.csv").string() +
                                    ": not UTF-8 (byte 0xF6 on line 1, and no UTF-8 character in the 64 KiB from "
                                    "there); read as Windows-1252");
    CHECK(r.sink.warnings[1] == (dir / "hours.csv").string() +
                                    ": not UTF-8 (byte 0xF6 on line 2, and no UTF-8 character in the 64 KiB from "
                                    "there); read as Windows-1252");
}

TEST_CASE("Windows-1252 characters outside Latin-1 become the right UTF-8", "[csv]") {
    TempDir dir("csv-cp1252-high");
    // 0x80 euro sign, 0x96 en dash, 0x9A š.
    write_file(dir / "f.csv", "a\n\x80 \x96 \x9A\n");
    CsvReader reader(dir / "f.csv");
    REQUIRE(reader.next() == CsvReader::Result::row);
    REQUIRE(reader.next() == CsvReader::Result::row);
    CHECK(reader.field(0) == "€ – š");
}

TEST_CASE("the encoding is decided by the first non-ASCII bytes - not by one late byte", "[csv]") {
    TempDir dir("csv-late-invalid");
    std::string text = "person_id,start_date,setting\n189001089813,2024-08-01,utanf\xC3\xB6r skola\n";
    for (int i = 0; i < 2000; ++i) text += "189001099804,2024-08-02,i skola\n";
    text += "189001109819,2024-08-03,\xD6rebro\n";
    text += "189001119800,2024-08-04,\xC3\x96rebro\n";
    write_file(dir / "participants.csv", text);
    CsvReaderOptions options;
    options.block_size = 64;  // the bad byte is many blocks into the file
    CsvReader reader(dir / "participants.csv", options);
    CHECK(reader.encoding() == Encoding::utf8);
    CHECK(reader.encoding_settled());
    REQUIRE(reader.next() == CsvReader::Result::row);
    REQUIRE(reader.next() == CsvReader::Result::row);
    CHECK(reader.field(2) == "utanför skola");
    for (int i = 0; i < 2000; ++i) REQUIRE(reader.next() == CsvReader::Result::row);
    REQUIRE(reader.next() == CsvReader::Result::malformed);
    CHECK(reader.line() == 2003);
    CHECK(reader.error_column() == 3);
    CHECK(reader.error() == "not valid UTF-8 (byte 0xD6 at position 1) in column 3");
    REQUIRE(reader.next() == CsvReader::Result::row);
    CHECK(reader.field(2) == "Örebro");
    CHECK(reader.next() == CsvReader::Result::end);
}

TEST_CASE("an ASCII file leaves the encoding open to the end", "[csv]") {
    TempDir dir("csv-ascii");
    write_file(dir / "f.csv", "a,b\n1,2\n");
    CsvReader reader(dir / "f.csv");
    CHECK_FALSE(reader.encoding_settled());
    CHECK(reader.encoding() == Encoding::utf8);
    while (reader.next() != CsvReader::Result::end) {
    }
    CHECK_FALSE(reader.encoding_settled());
    CHECK_FALSE(reader.first_non_ascii().found);
}

TEST_CASE("a UTF-8 character beyond the encoding window does not make a file UTF-8", "[csv]") {
    TempDir dir("csv-window");
    write_file(dir / "f.csv", "a\n\xE5" + std::string(20, 'x') + "\n\xC3\xA5\n");
    CsvReaderOptions options;
    options.encoding_window = 16;
    CsvReader reader(dir / "f.csv", options);
    CHECK(reader.encoding() == Encoding::windows1252);
    CHECK(reader.first_non_ascii().line == 2);
    CHECK(reader.first_non_ascii().byte == 0xE5);
    REQUIRE(reader.next() == CsvReader::Result::row);
    REQUIRE(reader.next() == CsvReader::Result::row);
    CHECK(reader.field(0) == "å" + std::string(20, 'x'));
    REQUIRE(reader.next() == CsvReader::Result::row);
    CHECK(reader.field(0) == "\xC3\x83\xC2\xA5");  // "Ã¥", as Windows-1252 reads it
}

TEST_CASE("a UTF-8 sequence split between two fields is not valid", "[csv]") {
    TempDir dir("csv-split-fields");
    // Without the delimiter between them the two bytes would be "å".
    write_file(dir / "f.csv", "a;b\n\xC3\xA5;1\nx\xC3;\xA5y\n");
    CsvReader reader(dir / "f.csv");
    CHECK(reader.encoding() == Encoding::utf8);
    REQUIRE(reader.next() == CsvReader::Result::row);
    REQUIRE(reader.next() == CsvReader::Result::row);
    REQUIRE(reader.next() == CsvReader::Result::malformed);
    CHECK(reader.error_column() == 1);
    CHECK(reader.error() == "not valid UTF-8 (byte 0xC3 at position 2) in column 1");
}

TEST_CASE("has_utf8_multibyte finds one valid character among invalid bytes", "[csv]") {
    using esfreport::plugins::csv::has_utf8_multibyte;
    CHECK_FALSE(has_utf8_multibyte("plain ASCII"));
    CHECK_FALSE(has_utf8_multibyte("\xD6rebro \xE5ter"));     // Windows-1252
    CHECK_FALSE(has_utf8_multibyte("\xC3"));                  // cut short
    CHECK_FALSE(has_utf8_multibyte("\xC0\xAF"));              // overlong
    CHECK(has_utf8_multibyte("\xFF\xC3\xA5"));                 // a bad byte, then "å"
    CHECK(has_utf8_multibyte("\xE2\xC3\xA5"));                 // a broken sequence, then "å"
    CHECK(has_utf8_multibyte("x\xE2\x82\xAC"));                // "€"
}

TEST_CASE("UTF-8 sequences split between two blocks are valid", "[csv]") {
    TempDir dir("csv-utf8-straddle");
    // With 64-byte blocks, the two bytes of "ö" are bytes 63 and 64.
    std::string text(63, 'a');
    text += "\xC3\xB6\n";
    write_file(dir / "f.csv", text);
    CsvReaderOptions options;
    options.block_size = 64;
    CsvReader reader(dir / "f.csv", options);
    CHECK(reader.encoding() == Encoding::utf8);
    REQUIRE(reader.next() == CsvReader::Result::row);
    CHECK(reader.field(0) == std::string(63, 'a') + "ö");
}

TEST_CASE("UTF-8 validation rejects overlong forms - surrogates and truncated sequences", "[csv]") {
    using esfreport::plugins::csv::is_valid_utf8;
    CHECK(is_valid_utf8("Örebro €"));
    CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong "/"
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate U+D800
    CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    std::size_t bad = 99;
    CHECK_FALSE(is_valid_utf8("abc\xE2\x82", &bad));  // truncated euro sign
    CHECK(bad == 3);
}

TEST_CASE("encoding = utf-8 rejects a row with invalid UTF-8 instead of guessing", "[csv]") {
    TempDir dir("csv-forced-utf8");
    write_file(dir / "participants.csv", "person_id,start_date,setting\n189001119800,2024-09-02,\xD6rebro\n"
                                         "189001019802,2024-09-03,i skola\n");
    ReadResult r;
    read_folder(dir.path(), r, {{"encoding", "utf-8"}});
    REQUIRE(r.status.is_ok());
    const Input& in = r.sink.participants();
    REQUIRE(in.rejections.size() == 1);
    CHECK(in.rejections[0] == Rejection{2, 3, "setting", "not valid UTF-8 (byte 0xD6 at position 1) in column 3"});
    REQUIRE(in.rows.size() == 1);
    CHECK(in.rows[0].line == 3);
}

TEST_CASE("a quoted field may hold the delimiter", "[csv]") {
    TempDir dir("csv-quoted-delimiter");
    write_file(dir / "participants.csv", "person_id,start_date\n189001019802,2024-01-01\n");
    write_file(dir / "hours.csv",
               "person_id,date,hours,activity\n"
               "189001019802,2024-01-02,\"7,5\",\"Studiebesök, Örebro\"\n");
    ReadResult r;
    read_folder(dir.path(), r);
    REQUIRE(r.status.is_ok());
    const Input& hours = r.sink.input(sdk::RecordKind::hours);
    REQUIRE(hours.rows.size() == 1);
    CHECK(hours.rows[0].text == std::vector<std::string>{"189001019802", "2024-01-02", "7,5", "Studiebesök, Örebro"});
}

TEST_CASE("doubled quotes in a quoted field stand for one quote", "[csv]") {
    TempDir dir("csv-doubled-quotes");
    write_file(dir / "participants.csv", "person_id,start_date\n189001019802,2024-01-01\n");
    write_file(dir / "hours.csv",
               "person_id,date,hours,activity\n"
               "189001019802,2024-01-02,2,\"Kurs \"\"Svenska\"\" steg 1\"\n"
               "189001019802,2024-01-03,2,\"\"\"\"\n");
    ReadResult r;
    read_folder(dir.path(), r);
    REQUIRE(r.status.is_ok());
    const Input& hours = r.sink.input(sdk::RecordKind::hours);
    REQUIRE(hours.rows.size() == 2);
    CHECK(hours.rows[0].text[sdk::hours_activity] == "Kurs \"Svenska\" steg 1");
    CHECK(hours.rows[1].text[sdk::hours_activity] == "\"");
}

TEST_CASE("a quoted line break is part of the field and the next record's line counts it", "[csv]") {
    TempDir dir("csv-embedded-break");
    write_file(dir / "participants.csv", "person_id,start_date\n189001019802,2024-01-01\n");
    write_file(dir / "hours.csv",
               "person_id,date,hours,activity\r\n"                             // line 1
               "189001019802,2024-01-02,1,Möte\r\n"                            // line 2
               "189001019802,2024-01-03,2,\"Första raden\r\nandra raden\"\r\n"  // lines 3-4
               "189001019802,2024-01-04,3,\"a\nb\nc\"\n"                       // lines 5-7
               "189001019802,2024-01-05,4,Slut\r\n");                          // line 8
    ReadResult r;
    read_folder(dir.path(), r);
    REQUIRE(r.status.is_ok());
    const Input& hours = r.sink.input(sdk::RecordKind::hours);
    CHECK(hours.rejections.empty());
    REQUIRE(hours.rows.size() == 4);
    CHECK(hours.rows[0].line == 2);
    CHECK(hours.rows[1].line == 3);
    CHECK(hours.rows[1].text[sdk::hours_activity] == "Första raden\r\nandra raden");
    CHECK(hours.rows[2].line == 5);
    CHECK(hours.rows[2].text[sdk::hours_activity] == "a\nb\nc");
    CHECK(hours.rows[3].line == 8);
    CHECK(hours.rows[3].text[sdk::hours_activity] == "Slut");
}

TEST_CASE("CRLF line endings leave no carriage return in the last field", "[csv]") {
    TempDir dir("csv-crlf");
    write_file(dir / "participants.csv",
               "person_id,start_date,end_date\r\n189001019802,2024-01-01,2024-02-01\r\n189001029819,2024-01-02,\r\n");
    ReadResult r;
    read_folder(dir.path(), r);
    REQUIRE(r.status.is_ok());
    const Input& in = r.sink.participants();
    REQUIRE(in.rows.size() == 2);
    CHECK(in.rows[0].text == period("189001019802", "", "2024-01-01", "2024-02-01"));
    CHECK(in.rows[1].text == period("189001029819", "", "2024-01-02"));
    CHECK(in.rows[1].line == 3);
}

TEST_CASE("blank lines are skipped but counted in line numbers", "[csv]") {
    TempDir dir("csv-blank-lines");
    write_file(dir / "participants.csv",
               "\n"                           // 1
               "person_id;start_date\n"       // 2
               "\n"                           // 3
               "189001019802;2024-01-01\n"    // 4
               "   \r\n"                      // 5
               ";\n"                          // 6: only empty fields (Excel leftovers)
               "189001029819;2024-01-02\n"    // 7
               "\n");                         // 8
    ReadResult r;
    read_folder(dir.path(), r);
    REQUIRE(r.status.is_ok());
    const Input& in = r.sink.participants();
    CHECK(in.rejections.empty());
    REQUIRE(in.rows.size() == 2);
    CHECK(in.rows[0].line == 4);
    CHECK(in.rows[1].line == 7);
    REQUIRE(r.sink.warnings.size() == 1);
    CHECK(r.sink.warnings[0] ==
          (dir / "participants.csv").string() + ": 1 row(s) with only empty fields skipped (the first on line 6)");
}

TEST_CASE("header names match regardless of case and surrounding spaces - and Swedish aliases", "[csv]") {
    TempDir dir("csv-header-names");
    write_file(dir / "participants.csv",
               " PERSON_ID ;  Kön;Start Date ;SLUTDATUM;Avslutsorsak; E-post ;Mobil\n"
               "189001019802 ; K ;2024-01-01; 2024-03-31 ;arbete;a@example.se;0701234567\n");
    ReadResult r;
    read_folder(dir.path(), r);
    REQUIRE(r.status.is_ok());
    CHECK(r.sink.warnings.empty());
    const Row& row = r.sink.participants().rows.at(0);
    // Field text is trimmed; values are not interpreted (the host does that).
    CHECK(row.text == period("189001019802", "K", "2024-01-01", "2024-03-31", "", "arbete", "a@example.se",
                             "0701234567"));
    CHECK(row.columns == std::vector<std::uint32_t>{1, 2, 3, 4, 0, 5, 6, 7, 0});
}

TEST_CASE("an unknown column is ignored with a warning naming file and column", "[csv]") {
    TempDir dir("csv-unknown-column");
    write_file(dir / "participants.csv", "person_id,Kommentar,start_date\n189001019802,ringer tillbaka,2024-01-01\n");
    ReadResult r;
    read_folder(dir.path(), r);
    REQUIRE(r.status.is_ok());
    REQUIRE(r.sink.warnings.size() == 1);
    CHECK(r.sink.warnings[0] == (dir / "participants.csv").string() + ": column 2 'Kommentar' is not used; ignored");
    CHECK(r.sink.participants().rows.at(0).text == period("189001019802", "", "2024-01-01"));
}

TEST_CASE("a missing required column is an error naming the file and the column", "[csv]") {
    TempDir dir("csv-missing-column");
    write_file(dir / "participants.csv", "person_id,sex,end_date\n189001019802,K,2024-01-01\n");
    ReadResult r;
    read_folder(dir.path(), r);
    CHECK(r.status.code == sdk::StatusCode::source_unreadable);
    CHECK(r.status.message == (dir / "participants.csv").string() + ": missing required column 'start_date'");

    // In an optional file as well.
    write_file(dir / "participants.csv", "person_id,start_date\n189001019802,2024-01-01\n");
    write_file(dir / "assessments.csv", "person_id,date,value\n189001019802,2024-02-01,3\n");
    ReadResult r2;
    read_folder(dir.path(), r2);
    CHECK(r2.status.code == sdk::StatusCode::source_unreadable);
    CHECK(r2.status.message == (dir / "assessments.csv").string() + ": missing required column 'scale'");
}

TEST_CASE("two columns for the same field are an error", "[csv]") {
    TempDir dir("csv-duplicate-column");
    write_file(dir / "participants.csv", "person_id,start_date,personnummer\n189001019802,2024-01-01,189001019802\n");
    ReadResult r;
    read_folder(dir.path(), r);
    CHECK(r.status.code == sdk::StatusCode::source_unreadable);
    CHECK(r.status.message == (dir / "participants.csv").string() +
                                  ": columns 1 'person_id' and 3 'personnummer' both stand for 'person_id'");
}

TEST_CASE("participants.csv is required", "[csv]") {
    TempDir dir("csv-no-participants");
    write_file(dir / "hours.csv", "person_id,date,hours\n189001019802,2024-01-02,1\n");
    ReadResult r;
    read_folder(dir.path(), r);
    CHECK(r.status.code == sdk::StatusCode::source_unreadable);
    CHECK(r.status.message ==
          (dir / "participants.csv").string() + ": file not found (participants.csv is required)");
    CHECK(r.sink.inputs.empty());

    ReadResult r2;
    read_folder(dir / "no-such-folder", r2);
    CHECK(r2.status.code == sdk::StatusCode::source_unreadable);
    CHECK(r2.status.message.find("no such folder") != std::string::npos);
}

TEST_CASE("an empty participants.csv is an error", "[csv]") {
    TempDir dir("csv-empty");
    write_file(dir / "participants.csv", "");
    ReadResult r;
    read_folder(dir.path(), r);
    CHECK(r.status.code == sdk::StatusCode::source_unreadable);
    CHECK(r.status.message == (dir / "participants.csv").string() + ": the file is empty; expected a header line");
}

TEST_CASE("files are read in the order participants - assessments - attendance - hours", "[csv]") {
    TempDir dir("csv-order");
    write_file(dir / "hours.csv", "person_id,date,hours\n189001019802,2024-01-02,1\n");
    write_file(dir / "attendance.csv",
               "person_id,period_start,period_end,scheduled_hours,absent_hours\n"
               "189001019802,2024-01-01,2024-01-31,80,4\n");
    write_file(dir / "assessments.csv", "person_id,date,scale,value\n189001019802,2024-01-10,steg,2\n");
    write_file(dir / "participants.csv", "person_id,start_date\n189001019802,2024-01-01\n");
    ReadResult r;
    read_folder(dir.path(), r);
    REQUIRE(r.status.is_ok());
    REQUIRE(r.sink.inputs.size() == 4);
    CHECK(r.sink.inputs[0].kind == sdk::RecordKind::participant_period);
    CHECK(r.sink.inputs[1].kind == sdk::RecordKind::assessment);
    CHECK(r.sink.inputs[2].kind == sdk::RecordKind::attendance);
    CHECK(r.sink.inputs[3].kind == sdk::RecordKind::hours);
    for (const Input& in : r.sink.inputs) {
        CHECK(in.ended);
        CHECK(in.rows.size() == 1);
    }
    const Row& att = r.sink.inputs[2].rows.at(0);
    CHECK(att.text == std::vector<std::string>{"189001019802", "2024-01-01", "2024-01-31", "80", "4", ""});
    CHECK(att.columns[sdk::attendance_invalid_absent_hours] == 0);
    CHECK(r.sink.inputs[3].rows.at(0).text.size() == sdk::hours_field_count);
}

TEST_CASE("a row with the wrong number of fields is rejected and reading goes on", "[csv]") {
    TempDir dir("csv-field-count");
    write_file(dir / "participants.csv",
               "person_id;sex;start_date\n"       // 1
               "189001019802;K;2024-01-01;x\n"    // 2: one too many
               "189001029819;M\n"                 // 3: one too few
               "189001039800;K;2024-01-03\n");    // 4
    ReadResult r;
    read_folder(dir.path(), r);
    REQUIRE(r.status.is_ok());
    const Input& in = r.sink.participants();
    REQUIRE(in.rejections.size() == 2);
    CHECK(in.rejections[0] == Rejection{2, 4, "", "expected 3 fields as in the header, found 4"});
    CHECK(in.rejections[1] == Rejection{3, 3, "start_date", "expected 3 fields as in the header, found 2"});
    REQUIRE(in.rows.size() == 1);
    CHECK(in.rows[0].line == 4);
}

TEST_CASE("an unterminated quote rejects its row and the following lines are read again", "[csv]") {
    TempDir dir("csv-unterminated");
    write_file(dir / "participants.csv",
               "person_id,start_date,end_date\n"    // 1
               "189001019802,2024-01-01,\n"          // 2
               "189001029819,\"2024-01-02,\n"        // 3: the quote is never closed
               "189001039800,2024-01-03,\n"          // 4
               "189001049817,2024-01-04,");          // 5, no final line break
    ReadResult r;
    read_folder(dir.path(), r);
    REQUIRE(r.status.is_ok());
    const Input& in = r.sink.participants();
    REQUIRE(in.rejections.size() == 1);
    CHECK(in.rejections[0] ==
          Rejection{3, 2, "start_date", "quoted field in column 2 opened on line 3 is never closed"});
    REQUIRE(in.rows.size() == 3);
    CHECK(in.rows[0].line == 2);
    CHECK(in.rows[1].line == 4);
    CHECK(in.rows[1].text == period("189001039800", "", "2024-01-03"));
    CHECK(in.rows[2].line == 5);
}

TEST_CASE("an unterminated quote on the last line is rejected", "[csv]") {
    TempDir dir("csv-unterminated-last");
    write_file(dir / "participants.csv", "person_id,start_date\n189001019802,\"2024-01-01");
    ReadResult r;
    read_folder(dir.path(), r);
    REQUIRE(r.status.is_ok());
    const Input& in = r.sink.participants();
    CHECK(in.rows.empty());
    REQUIRE(in.rejections.size() == 1);
    CHECK(in.rejections[0].line == 2);
    CHECK(in.rejections[0].reason == "quoted field in column 2 opened on line 2 is never closed");
}

TEST_CASE("a quote that runs past the record size limit costs one row only", "[csv]") {
    TempDir dir("csv-record-limit");
    std::string text = "person_id,start_date\n189001019802,\"2024-01-01\n";
    for (int i = 0; i < 1000; ++i) text += "189001029819,2024-01-02\n";
    text += "189001039800,\"2024-01-03\"\"\n";  // would close the first quote if it ran this far
    write_file(dir / "f.csv", text);
    CsvReaderOptions options;
    options.max_record_bytes = 256;
    options.block_size = 100;
    CsvReader reader(dir / "f.csv", options);
    REQUIRE(reader.next() == CsvReader::Result::row);  // header
    REQUIRE(reader.next() == CsvReader::Result::malformed);
    CHECK(reader.line() == 2);
    CHECK(reader.error() == "quoted field in column 2 opened on line 2 is never closed (not within 256 bytes)");
    int rows = 0;
    CsvReader::Result res;
    while ((res = reader.next()) == CsvReader::Result::row) {
        CHECK(reader.field(0) == "189001029819");
        CHECK(reader.line() == static_cast<std::uint64_t>(rows + 3));
        ++rows;
    }
    CHECK(rows == 1000);
    // The last row's quote is never closed either.
    CHECK(res == CsvReader::Result::malformed);
    CHECK(reader.line() == 1003);
    CHECK(reader.next() == CsvReader::Result::end);
}

TEST_CASE("a stray quote inside an unquoted field rejects the row", "[csv]") {
    TempDir dir("csv-stray-quote");
    write_file(dir / "participants.csv",
               "person_id,start_date,setting\n"
               "189001019802,2024-01-01,i \"skola\"\n"
               "189001029819,\"2024-01-02\"x,i skola\n"
               "189001039800,  \"2024-01-03\" ,i skola\n");
    ReadResult r;
    read_folder(dir.path(), r);
    REQUIRE(r.status.is_ok());
    const Input& in = r.sink.participants();
    REQUIRE(in.rejections.size() == 2);
    CHECK(in.rejections[0] == Rejection{2, 3, "setting",
                                        "stray quote in unquoted field in column 3 (a field containing quotes must be "
                                        "quoted as a whole, with each quote doubled)"});
    CHECK(in.rejections[1].line == 3);
    CHECK(in.rejections[1].column == 2);
    CHECK(in.rejections[1].reason ==
          "unexpected text after the closing quote in column 2 (a quote inside a quoted field must be doubled)");
    // Spaces around a quoted field are tolerated.
    REQUIRE(in.rows.size() == 1);
    CHECK(in.rows[0].line == 4);
    CHECK(in.rows[0].text == period("189001039800", "", "2024-01-03", "", "i skola"));
}

TEST_CASE("aggregates.csv hands over key and value", "[csv]") {
    TempDir dir("csv-aggregates");
    write_file(dir / "participants.csv", "person_id,start_date\n189001019802,2024-01-01\n");
    write_file(dir / "aggregates.csv", "key;value\nother_affected;47\n organisations ; 3 \n");
    ReadResult r;
    read_folder(dir.path(), r);
    REQUIRE(r.status.is_ok());
    REQUIRE(r.sink.aggregates.size() == 2);
    CHECK(r.sink.aggregates[0] == std::make_pair(std::string("other_affected"), std::int64_t{47}));
    CHECK(r.sink.aggregates[1] == std::make_pair(std::string("organisations"), std::int64_t{3}));

    write_file(dir / "aggregates.csv", "key,value\nother_affected,4 7\n");
    ReadResult r2;
    read_folder(dir.path(), r2);
    CHECK(r2.status.code == sdk::StatusCode::source_unreadable);
    CHECK(r2.status.message == (dir / "aggregates.csv").string() +
                                   ", line 2: value '4 7' of 'other_affected' is not a whole number of 0 or more");

    write_file(dir / "aggregates.csv", "nyckel,värde\nother_affected,4\nother_affected,5\n");
    ReadResult r3;
    read_folder(dir.path(), r3);
    CHECK(r3.status.code == sdk::StatusCode::source_unreadable);
    CHECK(r3.status.message ==
          (dir / "aggregates.csv").string() + ", line 3: 'other_affected' is given again (first on line 2)");
}

TEST_CASE("a large file is read completely", "[csv][large]") {
    TempDir dir("csv-large");
    constexpr int kRows = 200000;
    const char* const persons[] = {"189001019802", "189001029819", "189001039800", "189001049817"};
    std::string text = kParticipantsHeader;
    text.reserve(static_cast<std::size_t>(kRows) * 64);
    for (int i = 0; i < kRows; ++i) {
        text += persons[i % 4];
        text += i % 3 == 0 ? ",K,2024-01-01,,\"i skola\",,,\n" : ",M,2024-02-01,2024-03-01,outside_school,work,,\n";
    }
    write_file(dir / "participants.csv", text);
    ReadResult r;
    r.sink.keep_rows = false;
    read_folder(dir.path(), r);
    REQUIRE(r.status.is_ok());
    const Input& in = r.sink.participants();
    CHECK(in.rejections.empty());
    CHECK(in.record_count == static_cast<std::uint64_t>(kRows));
    REQUIRE(in.rows.size() == 2);
    CHECK(in.rows[1].line == static_cast<std::uint64_t>(kRows) + 1);
    // Row 200000 (i = 199999): 199999 % 4 == 3, 199999 % 3 == 1.
    CHECK(in.rows[1].text == period("189001049817", "M", "2024-02-01", "2024-03-01", "outside_school", "work"));
    CHECK(r.sink.warnings.empty());
}

TEST_CASE("kaa.csv is read after the other files with its Swedish header names", "[csv]") {
    TempDir dir("csv-kaa");
    write_file(dir / "participants.csv", "person_id,start_date\n189001019802,2024-01-01\n");
    write_file(dir / "kaa.csv",
               "Personnummer;Kommun;Ansvar start;Ansvar slut;Sysselsättning;Insats;Insats start;Insats slut\n"
               "189001029819;Karlskoga;2024-01-15;;;Coachning;2024-02-01;\n");
    ReadResult r;
    read_folder(dir.path(), r);
    REQUIRE(r.status.is_ok());
    REQUIRE(r.sink.inputs.size() == 2);
    CHECK(r.sink.inputs[1].kind == sdk::RecordKind::kaa);
    const Input& kaa = r.sink.input(sdk::RecordKind::kaa);
    REQUIRE(kaa.rows.size() == 1);
    CHECK(kaa.rows[0].line == 2);
    REQUIRE(kaa.rows[0].text.size() == sdk::kaa_field_count);
    CHECK(kaa.rows[0].text[sdk::kaa_person_id] == "189001029819");
    CHECK(kaa.rows[0].text[sdk::kaa_municipality] == "Karlskoga");
    CHECK(kaa.rows[0].text[sdk::kaa_responsibility_start] == "2024-01-15");
    CHECK(kaa.rows[0].text[sdk::kaa_measure] == "Coachning");
    CHECK(kaa.rows[0].text[sdk::kaa_measure_start] == "2024-02-01");
    CHECK(kaa.rows[0].columns[sdk::kaa_measure_start] == 7);
    CHECK(kaa.rows[0].columns[sdk::kaa_address] == 0);  // no such column in the file
}

// ---- Hostile and careless input: no hang, no unbounded memory, nothing cut or re-decoded silently.

TEST_CASE("a FIFO as participants.csv is refused at once", "[csv][hostile]") {
    TempDir dir("csv-fifo");
    const fs::path fifo = dir / "participants.csv";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    // No writer ever opens the FIFO: a blocking open or read would wait forever.
    const std::optional<std::string> status = read_status_with_watchdog(dir.path());
    REQUIRE(status.has_value());
    CHECK(*status ==
          unreadable(fifo.string() + ": a named pipe (FIFO), not a regular file; only regular files are read"));
}

TEST_CASE("a link to /dev/zero as participants.csv is refused", "[csv][hostile]") {
    TempDir dir("csv-dev-zero");
    const fs::path link = dir / "participants.csv";
    fs::create_symlink("/dev/zero", link);
    const std::optional<std::string> status = read_status_with_watchdog(dir.path());
    REQUIRE(status.has_value());
    CHECK(*status ==
          unreadable(link.string() + ": a character device, not a regular file; only regular files are read"));
}

TEST_CASE("an optional file that is a folder or a dangling link is an error - not skipped", "[csv][hostile]") {
    TempDir dir("csv-special-optional");
    write_file(dir / "participants.csv", "person_id,start_date\n189001019802,2024-01-01\n");
    fs::create_directory(dir / "hours.csv");
    ReadResult r;
    read_folder(dir.path(), r);
    CHECK(r.status.code == sdk::StatusCode::source_unreadable);
    CHECK(r.status.message ==
          (dir / "hours.csv").string() + ": a folder, not a regular file; only regular files are read");

    fs::remove(dir / "hours.csv");
    fs::create_symlink(dir / "no-such-file.csv", dir / "hours.csv");
    ReadResult r2;
    read_folder(dir.path(), r2);
    CHECK(r2.status.code == sdk::StatusCode::source_unreadable);
    CHECK(r2.status.message == (dir / "hours.csv").string() + ": cannot open: No such file or directory");
}

TEST_CASE("a link to a regular file is read", "[csv][hostile]") {
    TempDir dir("csv-link-regular");
    write_file(dir / "real" / "deltagare.csv", "person_id,start_date\n189001019802,2024-01-01\n");
    fs::create_symlink(dir / "real" / "deltagare.csv", dir / "participants.csv");
    ReadResult r;
    read_folder(dir.path(), r);
    REQUIRE(r.status.is_ok());
    REQUIRE(r.sink.participants().rows.size() == 1);
    CHECK(r.sink.participants().rows[0].text == period("189001019802", "", "2024-01-01"));
}

TEST_CASE("a field of more than 32767 characters rejects its row", "[csv][hostile]") {
    TempDir dir("csv-long-field");
    const std::string aa(32767, 'a');
    std::string ao;  // 32767 characters in 65534 bytes: the limit counts characters
    for (int i = 0; i < 32767; ++i) ao += "å";
    write_file(dir / "participants.csv",
               kParticipantsHeader +
                   "189001019802,K,2024-01-01,,,," + std::string(50000, 'x') + "@example.se,\n"  // 2
                   "189001029819,M,2024-01-02,,,," + aa + ",\n"                                // 3: at the limit
                   "189001039800,K,2024-01-03,,\"" + ao + "\",,,\n"                             // 4: at the limit
                   "189001049817,M,2024-01-04,,\"" + ao + "ä\",,,\n"                            // 5: one over
                   "189001059808,K,2024-01-05,,,,åsa@example.se,\n");                           // 6
    ReadResult r;
    read_folder(dir.path(), r);
    REQUIRE(r.status.is_ok());
    const Input& in = r.sink.participants();
    REQUIRE(in.rejections.size() == 2);
    CHECK(in.rejections[0] ==
          Rejection{2, 7, "email", "field in column 7 has 50011 characters; at most 32767 are allowed"});
    CHECK(in.rejections[1] ==
          Rejection{5, 5, "setting", "field in column 5 has 32768 characters; at most 32767 are allowed"});
    REQUIRE(in.rows.size() == 3);
    CHECK(in.rows[0].line == 3);
    CHECK(in.rows[0].text[sdk::period_email] == aa);
    CHECK(in.rows[1].line == 4);
    CHECK(in.rows[1].text[sdk::period_setting] == ao);
    CHECK(in.rows[2].line == 6);
    CHECK(in.rows[2].text[sdk::period_email] == "åsa@example.se");
}

TEST_CASE("a row of more than 1 MiB is rejected and the next row is read", "[csv][hostile]") {
    TempDir dir("csv-long-row");
    std::string text = kParticipantsHeader;                                   // 1
    text += "189001019802,K,2024-01-01,,";                                    // 2: 1.2 MB of one line
    for (int i = 0; i < 40; ++i) text += std::string(30000, 'y') + ",";
    text += "\n";
    text += "189001029819,M,2024-01-02,,\"" + std::string(600000, 'z') + "\n" +  // 3-4: quoted, over 1 MiB
            std::string(600000, 'z') + "\",,,\n";
    text += "189001039800,K,2024-01-03,,,,,\n";                                // 5
    write_file(dir / "participants.csv", text);
    ReadResult r;
    read_folder(dir.path(), r);
    REQUIRE(r.status.is_ok());
    const Input& in = r.sink.participants();
    REQUIRE(in.rejections.size() == 3);
    CHECK(in.rejections[0].line == 2);
    CHECK(in.rejections[0].column == 0);
    CHECK(in.rejections[0].reason == "row longer than 1048576 bytes");
    CHECK(in.rejections[1].line == 3);
    CHECK(in.rejections[1].column == 5);
    CHECK(in.rejections[1].reason ==
          "quoted field in column 5 opened on line 3 is never closed (not within 1048576 bytes)");
    // Line 4 is read again on its own: its closing quote is then a stray one.
    CHECK(in.rejections[2].line == 4);
    CHECK(in.rejections[2].column == 1);
    REQUIRE(in.rows.size() == 1);
    CHECK(in.rows[0].line == 5);
}

TEST_CASE("a field holding a NUL byte rejects its row instead of being cut", "[csv][hostile]") {
    TempDir dir("csv-nul");
    using namespace std::string_literals;
    write_file(dir / "participants.csv",
               kParticipantsHeader +
                   "189001019802,K,2024-01-01,,,,a\0b@example.se,\n"s +     // 2
                   "189001029819,M,2024-01-02,,\"i\0skola\",,,\n"s +        // 3: quoted
                   "189001039800,K,2024-01-03,,,,c@example.se,\n");        // 4
    ReadResult r;
    read_folder(dir.path(), r);
    REQUIRE(r.status.is_ok());
    const Input& in = r.sink.participants();
    REQUIRE(in.rejections.size() == 2);
    CHECK(in.rejections[0] == Rejection{2, 7, "email", "NUL byte (0x00) in column 7"});
    CHECK(in.rejections[1].line == 3);
    CHECK(in.rejections[1].column == 5);
    CHECK(in.rejections[1].reason == "NUL byte (0x00) in column 5");
    REQUIRE(in.rows.size() == 1);
    CHECK(in.rows[0].text[sdk::period_email] == "c@example.se");
}

TEST_CASE("one late invalid byte in a UTF-8 file rejects only its row", "[csv][hostile]") {
    TempDir dir("csv-late-ff");
    std::string text = kParticipantsHeader + "189001019802,K,2024-01-01,,,,åsa@example.se,\n";  // 1-2
    for (int i = 0; i < 3000; ++i) text += "189001029819,M,2024-01-02,,,,b@example.se,\n";  // 3-3002
    text += "189001039800,K,2024-01-03,,,,\xC3\xB6sa\xFF@example.se,\n";                   // 3003
    text += "189001049817,M,2024-01-04,,,,åsa@example.se,\n";                               // 3004
    write_file(dir / "participants.csv", text);
    ReadResult r;
    r.sink.keep_rows = false;
    read_folder(dir.path(), r);
    REQUIRE(r.status.is_ok());
    CHECK(r.sink.warnings.empty());
    const Input& in = r.sink.participants();
    REQUIRE(in.rejections.size() == 1);
    CHECK(in.rejections[0] == Rejection{3003, 7, "email", "not valid UTF-8 (byte 0xFF at position 4) in column 7"});
    CHECK(in.record_count == 3002);
    REQUIRE(in.rows.size() == 2);  // the first and the last
    CHECK(in.rows[0].text[sdk::period_email] == "åsa@example.se");
    CHECK(in.rows[1].line == 3004);
    CHECK(in.rows[1].text[sdk::period_email] == "åsa@example.se");
}

TEST_CASE("an invalid byte before the first UTF-8 character - after 64 KiB of ASCII - rejects only its row",
          "[csv][hostile]") {
    TempDir dir("csv-ascii-then-ff");
    std::string text = kParticipantsHeader;
    for (int i = 0; i < 3000; ++i) text += "189001029819,M,2024-01-02,,,,b@example.se,\n";  // 2-3001, 132 KB
    text += "189001039800,K,2024-01-03,,,,sa\xFF@example.se,\n";                           // 3002
    text += "189001049817,M,2024-01-04,,,,åsa@example.se,\n";                               // 3003
    write_file(dir / "participants.csv", text);
    ReadResult r;
    read_folder(dir.path(), r);
    REQUIRE(r.status.is_ok());
    CHECK(r.sink.warnings.empty());
    const Input& in = r.sink.participants();
    REQUIRE(in.rejections.size() == 1);
    CHECK(in.rejections[0].line == 3002);
    CHECK(in.rejections[0].reason == "not valid UTF-8 (byte 0xFF at position 3) in column 7");
    REQUIRE(in.rows.size() == 3001);
    CHECK(in.rows.back().line == 3003);
    CHECK(in.rows.back().text[sdk::period_email] == "åsa@example.se");
}

TEST_CASE("a Windows-1252 file is recognised also after 64 KiB of ASCII", "[csv][hostile]") {
    TempDir dir("csv-ascii-then-cp1252");
    std::string text = kParticipantsHeader;
    for (int i = 0; i < 3000; ++i) text += "189001029819,M,2024-01-02,,,,b@example.se,\n";  // 2-3001
    text += "189001039800,K,2024-01-03,,\xD6rebro,,\xE5sa@example.se,\n";                  // 3002
    write_file(dir / "participants.csv", text);
    ReadResult r;
    r.sink.keep_rows = false;
    read_folder(dir.path(), r);
    REQUIRE(r.status.is_ok());
    const Input& in = r.sink.participants();
    CHECK(in.rejections.empty());
    CHECK(in.record_count == 3001);
    CHECK(in.rows.back().text[sdk::period_setting] == "Örebro");
    CHECK(in.rows.back().text[sdk::period_email] == "åsa@example.se");
    REQUIRE(r.sink.warnings.size() == 1);
    CHECK(r.sink.warnings[0] == (dir / "participants.csv").string() +
                                    ": not UTF-8 (byte 0xD6 on line 3002, and no UTF-8 character in the 64 KiB from "
                                    "there); read as Windows-1252");
}

TEST_CASE("a UTF-16 file is refused with a hint", "[csv][hostile]") {
    TempDir dir("csv-utf16");
    using namespace std::string_literals;
    write_file(dir / "participants.csv", "\xFF\xFEp\0e\0r\0s\0o\0n\0_\0i\0d\0\n\0"s);
    ReadResult r;
    read_folder(dir.path(), r);
    CHECK(r.status.code == sdk::StatusCode::source_unreadable);
    CHECK(r.status.message ==
          (dir / "participants.csv").string() +
              ": the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as CSV UTF-8");
}

TEST_CASE("a header of many unused columns gives ten warnings and a count - not one per column", "[csv][hostile]") {
    TempDir dir("csv-many-columns");
    std::string header = "person_id,start_date";
    std::string row = "189001019802,2024-01-01";
    for (int i = 0; i < 100000; ++i) {
        header += i == 0 ? ",Kommentar" : ",";
        row += ",";
    }
    write_file(dir / "participants.csv", header + "\n" + row + "\n");
    ReadResult r;
    read_folder(dir.path(), r);
    REQUIRE(r.status.is_ok());
    const std::string file = (dir / "participants.csv").string();
    REQUIRE(r.sink.warnings.size() == 11);
    CHECK(r.sink.warnings[0] == file + ": column 3 'Kommentar' is not used; ignored");
    CHECK(r.sink.warnings[9] == file + ": column 12 has no name; ignored");
    CHECK(r.sink.warnings[10] == file + ": 99990 more columns without a name or not used; ignored");
    REQUIRE(r.sink.participants().rows.size() == 1);
    CHECK(r.sink.participants().rows[0].text == period("189001019802", "", "2024-01-01"));
}

TEST_CASE("plain lines read at once give what the byte loop gives", "[csv]") {
    TempDir dir("csv-plain-lines");
    // Every kind of line: plain, CR LF, a lone CR, quoted, blank, only spaces,
    // only delimiters, too few fields, a field over the limit, no final LF.
    const std::string text = "a,b,c\n"
                             "1,2,3\n"
                             "4,5,6\r\n"
                             "7,8\r9,x\n"
                             "\"q,1\",2,3\n"
                             "\n"
                             "   \n"
                             ",,\n"
                             "1,2\n" +
                             std::string(32768, 'y') + ",2,3\n"
                             " s , t ,u\n"
                             "10,11,12";
    write_file(dir / "f.csv", text);
    const auto read_all = [&](std::size_t block_size) {
        CsvReaderOptions options;
        options.block_size = block_size;  // 8 bytes: no line is whole in the buffer, all take the byte loop
        CsvReader reader(dir / "f.csv", options);
        std::vector<std::string> out;
        for (CsvReader::Result r; (r = reader.next()) != CsvReader::Result::end;) {
            std::string row = std::to_string(reader.line()) + (r == CsvReader::Result::row ? " row" : " malformed");
            if (r == CsvReader::Result::row)
                for (std::size_t i = 0; i < reader.field_count(); ++i) row += " [" + std::string(reader.field(i).substr(0, 8)) + "]";
            else
                row += " " + reader.error() + " @" + std::to_string(reader.error_column());
            out.push_back(row);
        }
        out.push_back("skipped " + std::to_string(reader.skipped_empty_rows()));
        return out;
    };
    const std::vector<std::string> bytewise = read_all(8);
    CHECK(read_all(std::size_t{1} << 20) == bytewise);
    CHECK(bytewise == std::vector<std::string>{
                          "1 row [a] [b] [c]", "2 row [1] [2] [3]", "3 row [4] [5] [6]", "4 row [7] [8\r9] [x]",
                          "5 row [q,1] [2] [3]", "9 malformed expected 3 fields as in the header, found 2 @3",
                          "10 malformed field in column 1 has 32768 characters; at most 32767 are allowed @1",
                          "11 row [ s ] [ t ] [u]", "12 row [10] [11] [12]", "skipped 1"});
}
