// The xlsx source plugin, driven through XlsxSource (what the host calls)
// with a sink that records what it is given. Workbooks are written at test
// time by tests/plugins/xlsx_workbooks.py: openpyxl for what a spreadsheet
// program writes, raw parts for what openpyxl cannot write and for hostile
// files. Personnummer are Skatteverket's published test numbers.
#include "cell_format.hpp"
#include "csv_source.hpp"
#include "recording_sink.hpp"
#include "test_support.hpp"
#include "workbook.hpp"
#include "xlsx_source.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <string>
#include <vector>

namespace sdk = esfreport::sdk;
namespace fs = std::filesystem;
namespace xlsx = esfreport::plugins::xlsx;
using esfreport::test::RecordedInput;
using esfreport::test::RecordedRejection;
using esfreport::test::RecordedRow;
using esfreport::test::RecordingSink;
using esfreport::test::TempDir;
using esfreport::test::write_file;

namespace {

// Runs xlsx_workbooks.py with the given arguments; fails the test if it does.
void make_workbook(const std::string& arguments) {
    const auto r = esfreport::test::run_command(
        esfreport::test::shell_quote(ESFREPORT_PYTHON) + " " +
        esfreport::test::shell_quote(std::string(ESFREPORT_SOURCE_DIR) + "/tests/plugins/xlsx_workbooks.py") + " " +
        arguments);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
}

// One of the named cases of xlsx_workbooks.py, written into `dir`.
fs::path make_case(const TempDir& dir, const std::string& name) {
    const fs::path out = dir / (name + ".xlsx");
    make_workbook("case " + name + " " + esfreport::test::shell_quote(out.string()));
    return out;
}

struct ReadResult {
    sdk::Status status;
    RecordingSink sink;
};

template <class Plugin = xlsx::XlsxSource>
ReadResult read_source(const fs::path& source, std::vector<sdk::Option> options = {}) {
    ReadResult result;
    const std::string text = source.string();
    sdk::SourceRequest request;
    request.subproject_id = "sp1";
    request.source = text;
    request.options = options.data();
    request.option_count = options.size();
    Plugin plugin;
    result.status = plugin.read(request, result.sink);
    return result;
}

std::vector<std::string> period(std::string person, std::string sex, std::string start, std::string end = "",
                                std::string setting = "", std::string exit = "", std::string email = "",
                                std::string mobile = "", std::string activity = "") {
    return {person, sex, start, end, setting, exit, email, mobile, activity};
}

std::string sheet_input(const fs::path& book, const std::string& sheet) { return book.string() + "!" + sheet; }

// The warning for a sheet read for no kind, after its input name.
const std::string kNotRead = ": not read (the sheet is named after no record kind; see the *_sheet options)";

}  // namespace

// ---------------------------------------------------------------- cell values

TEST_CASE("numbers are shown as Excel shows them - integral values digit for digit", "[xlsx]") {
    std::string out;
    CHECK((xlsx::format_number("189001019802", out) && out == "189001019802"));
    CHECK((xlsx::format_number("1.99701011234E+11", out) && out == "199701011234"));
    CHECK((xlsx::format_number("1.99701011234e11", out) && out == "199701011234"));
    CHECK((xlsx::format_number("7.5", out) && out == "7.5"));
    CHECK((xlsx::format_number("7.3000000000000007", out) && out == "7.3"));
    CHECK((xlsx::format_number("-0", out) && out == "0"));
    CHECK((xlsx::format_number("20240115", out) && out == "20240115"));
    CHECK_FALSE(xlsx::format_number("12abc", out));
    CHECK_FALSE(xlsx::format_number("", out));
}

TEST_CASE("date formats are told from number formats", "[xlsx]") {
    for (std::uint32_t id = 14; id <= 22; ++id) CHECK(xlsx::is_date_format(id, ""));
    CHECK_FALSE(xlsx::is_date_format(0, ""));
    CHECK_FALSE(xlsx::is_date_format(11, ""));   // 0.00E+00
    CHECK_FALSE(xlsx::is_date_format(49, ""));   // @
    CHECK(xlsx::is_date_format(164, "yyyy-mm-dd"));
    CHECK(xlsx::is_date_format(164, "[$-41D]d mmmm yyyy;@"));
    CHECK(xlsx::is_date_format(164, "mmm"));
    CHECK_FALSE(xlsx::is_date_format(164, "h:mm"));
    CHECK_FALSE(xlsx::is_date_format(164, "[h]:mm:ss"));
    CHECK_FALSE(xlsx::is_date_format(164, "0.00E+00"));
    CHECK_FALSE(xlsx::is_date_format(164, "\"dagar\" 0"));
    CHECK_FALSE(xlsx::is_date_format(164, "#,##0 \\d"));
}

TEST_CASE("date serial numbers in the 1900 and 1904 systems", "[xlsx]") {
    using xlsx::DateSystem;
    std::string out, problem;
    const auto date = [&](double serial, DateSystem system) {
        out.clear();
        return xlsx::serial_to_iso_date(serial, system, out, problem) ? out : "error: " + problem;
    };
    CHECK(date(1, DateSystem::excel1900) == "1900-01-01");
    CHECK(date(59, DateSystem::excel1900) == "1900-02-28");
    CHECK(date(61, DateSystem::excel1900) == "1900-03-01");
    CHECK(date(45306, DateSystem::excel1900) == "2024-01-15");
    CHECK(date(45306.75, DateSystem::excel1900) == "2024-01-15");
    CHECK(date(2958465, DateSystem::excel1900) == "9999-12-31");
    CHECK(date(60, DateSystem::excel1900) ==
          "error: date serial number 60 stands for 1900-02-29, a day that does not exist (Excel's 1900 leap-year quirk)");
    CHECK(date(0, DateSystem::excel1900) ==
          "error: a date serial number below the first day, 1900-01-01 (or 1904-01-01)");
    CHECK(date(2958466, DateSystem::excel1900) == "error: a date serial number beyond 9999-12-31");
    // A personnummer under a date format: rejected without the number.
    CHECK(date(199801016685, DateSystem::excel1900) == "error: a date serial number beyond 9999-12-31");
    CHECK(date(-1, DateSystem::excel1904) ==
          "error: a date serial number below the first day, 1900-01-01 (or 1904-01-01)");
    CHECK(date(0, DateSystem::excel1904) == "1904-01-01");
    CHECK(date(43844, DateSystem::excel1904) == "2024-01-15");
    CHECK(date(2957003, DateSystem::excel1904) == "9999-12-31");
    CHECK(xlsx::column_letters(1) == "A");
    CHECK(xlsx::column_letters(27) == "AA");
    CHECK(xlsx::cell_reference(16384, 17) == "XFD17");
}

// ---------------------------------------------------------------- what Excel writes

TEST_CASE("a personnummer stored as a number keeps its 12 digits and dates become YYYY-MM-DD", "[xlsx]") {
    TempDir dir("xlsx-typed");
    const fs::path book = make_case(dir, "typed");
    const ReadResult r = read_source(book);
    REQUIRE(r.status.is_ok());
    REQUIRE(r.sink.inputs.size() == 1);
    const RecordedInput& in = r.sink.participants();
    CHECK(in.path == sheet_input(book, "Deltagare"));
    CHECK(in.sheet == "Deltagare");  // begun as a sheet: the host names cells
    CHECK(in.ended);
    CHECK(in.rejections.empty());
    REQUIRE(in.rows.size() == 2);
    // Swedish headers; a boolean; row 3 empty; date-time cut to its date; a
    // text date handed over as written; trailing formatted rows ignored.
    CHECK(in.rows[0].line == 2);
    CHECK(in.rows[0].text == period("189001019802", "K", "2024-01-15", "", "", "", "", "TRUE"));
    CHECK(in.rows[1].line == 4);
    CHECK(in.rows[1].text == period("189001029819", "M", "2024-02-01", "2024-05-31", "", "work", "", "46701234567"));
    CHECK(in.rows[1].columns == std::vector<std::uint32_t>{1, 2, 3, 4, 0, 5, 0, 6, 0});
    CHECK(r.sink.warnings.empty());
}

TEST_CASE("a date under built-in number format 14 is a date", "[xlsx]") {
    TempDir dir("xlsx-builtin-date");
    const ReadResult r = read_source(make_case(dir, "builtin-date"));
    REQUIRE(r.status.is_ok());
    REQUIRE(r.sink.participants().rows.size() == 1);
    CHECK(r.sink.participants().rows[0].text == period("189001019802", "", "2024-03-01"));
}

TEST_CASE("a workbook in the 1904 date system gives the same dates", "[xlsx]") {
    TempDir dir("xlsx-1904");
    const fs::path book = make_case(dir, "date1904");
    REQUIRE(xlsx::Workbook::open(book).date_system() == xlsx::DateSystem::excel1904);
    const ReadResult r = read_source(book);
    REQUIRE(r.status.is_ok());
    REQUIRE(r.sink.participants().rows.size() == 1);
    CHECK(r.sink.participants().rows[0].text == period("189001019802", "", "2024-01-15", "2024-06-30"));
}

TEST_CASE("shared - inline and rich strings - cached formula values - errors - cells without references", "[xlsx]") {
    TempDir dir("xlsx-excel-cells");
    const fs::path book = make_case(dir, "excel-cells");
    const ReadResult r = read_source(book);
    INFO(r.status.message);
    REQUIRE(r.status.is_ok());
    const RecordedInput& in = r.sink.participants();
    REQUIRE(in.rows.size() == 3);
    // Header: Pnr, "Start" + "datum " in two runs, Avslutsorsak with a
    // phonetic run, Mobil, an inline Slutdatum.
    CHECK(in.rows[0].line == 2);
    CHECK(in.rows[0].text == period("189001019802", "", "2024-01-15", "2024-02-14", "", "arbete", "", "TRUE"));
    CHECK(in.rows[0].columns == std::vector<std::uint32_t>{1, 0, 2, 5, 0, 3, 0, 4, 0});
    // Row 5: cells without r=, a number in exponent form, a rich inline
    // string, a sum that is 0.30000000000000004 to the last bit.
    CHECK(in.rows[1].line == 5);
    CHECK(in.rows[1].text == period("189001029819", "", "2024-02-01", "", "", "arbete", "", "0.3"));
    // Row 8: an ISO date cell (t="d") in the person_id column; the host rejects it.
    CHECK(in.rows[2].line == 8);
    CHECK(in.rows[2].text == period("2024-03-01", "", ""));
    REQUIRE(in.rejections.size() == 2);
    CHECK(in.rejections[0] == RecordedRejection{6, 5, "end_date", "holds the error value #DIV/0!"});
    CHECK(in.rejections[1] ==
          RecordedRejection{7, 2, "start_date",
                            "date serial number 60 stands for 1900-02-29, a day that does not exist "
                            "(Excel's 1900 leap-year quirk)"});
}

TEST_CASE("a workbook written by a streaming writer - sizes in data descriptors - is read", "[xlsx]") {
    TempDir dir("xlsx-streamed");
    const ReadResult r = read_source(make_case(dir, "streamed"));
    INFO(r.status.message);
    REQUIRE(r.status.is_ok());
    REQUIRE(r.sink.participants().rows.size() == 1);
    CHECK(r.sink.participants().rows[0].text == period("189001019802", "", "2024-01-15"));
}

TEST_CASE("a formula without a saved value rejects its row naming the cell", "[xlsx]") {
    TempDir dir("xlsx-formula");
    const ReadResult r = read_source(make_case(dir, "formula-no-value"));
    REQUIRE(r.status.is_ok());
    const RecordedInput& in = r.sink.participants();
    REQUIRE(in.rejections.size() == 1);
    CHECK(in.rejections[0] ==
          RecordedRejection{2, 3, "end_date",
                            "is a formula whose value was never saved (open and save the workbook in "
                            "Excel)"});
    REQUIRE(in.rows.size() == 1);
    CHECK(in.rows[0].line == 3);
}

TEST_CASE("merged title rows above the header are passed over and the header is found", "[xlsx]") {
    TempDir dir("xlsx-title");
    const fs::path book = make_case(dir, "title");
    const ReadResult r = read_source(book);
    REQUIRE(r.status.is_ok());
    const RecordedInput& in = r.sink.participants();
    CHECK(in.path == sheet_input(book, "Blad1"));  // the only sheet, named after no kind
    REQUIRE(in.rows.size() == 3);
    CHECK(in.rows[0].line == 5);
    CHECK(in.rows[0].text == period("189001019802", "", "2024-01-15"));
    CHECK(in.rows[0].columns == std::vector<std::uint32_t>{2, 0, 3, 0, 0, 0, 0, 0, 0});
    CHECK(in.rows[2].text == period("19900101-0000", "", "2024-02-01"));
    REQUIRE(r.sink.warnings.size() == 1);
    CHECK(r.sink.warnings[0] == sheet_input(book, "Blad1") + ": column D4 'Kommentar' is not used; ignored");

    // The same header named by the option.
    const ReadResult named = read_source(book, {{"header_row", "4"}});
    REQUIRE(named.status.is_ok());
    CHECK(named.sink.participants().rows.size() == 3);
    const ReadResult wrong = read_source(book, {{"header_row", "2"}});
    CHECK(wrong.status.code == sdk::StatusCode::source_unreadable);
    CHECK(wrong.status.message ==
          sheet_input(book, "Blad1") + ": header row 2 (option header_row) lacks the required column 'person_id'");
    const ReadResult bad = read_source(book, {{"header_row", "fyra"}});
    CHECK(bad.status.code == sdk::StatusCode::bad_option);
    CHECK(bad.status.message == "xlsx: option header_row = 'fyra' is neither auto nor a row number from 1 to 1048576");
}

TEST_CASE("a sheet without the required headers in its first 20 rows is an error naming the closest row", "[xlsx]") {
    TempDir dir("xlsx-no-header");
    const fs::path book = make_case(dir, "builtin-date");
    const ReadResult r = read_source(book, {{"header_row", "auto"}, {"participants_sheet", "participants"}});
    REQUIRE(r.status.is_ok());
    // Hours read from the participants sheet: person_id but no date or hours.
    const ReadResult wrong = read_source(book, {{"hours_sheet", "participants"}, {"participants_sheet", "participants"}});
    CHECK(wrong.status.code == sdk::StatusCode::bad_option);
    CHECK(wrong.status.message == "xlsx: sheet 'participants' is chosen for both participants_sheet and hours_sheet");
    const ReadResult missing = read_source(book, {{"participants_sheet", "Deltagare"}});
    CHECK(missing.status.code == sdk::StatusCode::source_unreadable);
    CHECK(missing.status.message == book.string() + ": no sheet 'Deltagare' (option participants_sheet); the sheets are 'participants'");
}

TEST_CASE("hidden sheets are read with a note and sheets named after no kind are listed as not read", "[xlsx]") {
    TempDir dir("xlsx-hidden");
    const fs::path book = make_case(dir, "hidden");
    const ReadResult r = read_source(book);
    REQUIRE(r.status.is_ok());
    REQUIRE(r.sink.inputs.size() == 2);
    CHECK(r.sink.inputs[0].path == sheet_input(book, "Deltagare"));
    CHECK(r.sink.inputs[0].rows.at(0).text == period("189001019802", "", "2024-01-15"));
    CHECK(r.sink.inputs[1].kind == sdk::RecordKind::hours);
    CHECK(r.sink.inputs[1].path == sheet_input(book, "Timmar"));
    REQUIRE(r.sink.inputs[1].rows.size() == 1);
    CHECK(r.sink.inputs[1].rows[0].text == std::vector<std::string>{"189001019802", "2024-01-16", "7.5", "Praktik"});
    CHECK(r.sink.warnings == std::vector<std::string>{
                                 sheet_input(book, "Deltagare") + ": the sheet is hidden in the workbook; read all the same",
                                 sheet_input(book, "Instruktioner") + kNotRead});
}

TEST_CASE("without a sheet named after a kind the first sheet holds the participants", "[xlsx]") {
    TempDir dir("xlsx-first-sheet");
    const fs::path book = make_case(dir, "two-sheets-first");
    const ReadResult r = read_source(book);
    REQUIRE(r.status.is_ok());
    REQUIRE(r.sink.inputs.size() == 1);
    CHECK(r.sink.inputs[0].path == sheet_input(book, "Lista"));
    CHECK(r.sink.inputs[0].rows.size() == 1);
}

TEST_CASE("a folder of workbooks - participants of every workbook first - lock files passed over", "[xlsx]") {
    TempDir dir("xlsx-folder");
    fs::create_directory(dir / "data");
    make_workbook("case two-sheets-first " + esfreport::test::shell_quote((dir / "data/a.xlsx").string()));
    make_workbook("case hidden " + esfreport::test::shell_quote((dir / "data/b.XLSX").string()));
    write_file(dir / "data/~$a.xlsx", "lock");
    write_file(dir / "data/old.xls", "legacy");
    write_file(dir / "data/notes.txt", "x");
    const ReadResult r = read_source(dir / "data");
    REQUIRE(r.status.is_ok());
    REQUIRE(r.sink.inputs.size() == 3);
    CHECK(r.sink.inputs[0].path == sheet_input(dir / "data/a.xlsx", "Lista"));
    CHECK(r.sink.inputs[1].path == sheet_input(dir / "data/b.XLSX", "Deltagare"));
    CHECK(r.sink.inputs[2].path == sheet_input(dir / "data/b.XLSX", "Timmar"));
    CHECK(r.sink.warnings.at(0) == (dir / "data/old.xls").string() +
                                       ": not read (only .xlsx and .xlsm workbooks are; save it as .xlsx)");

    TempDir empty("xlsx-folder-empty");
    const ReadResult none = read_source(empty.path());
    CHECK(none.status.code == sdk::StatusCode::source_unreadable);
    CHECK(none.status.message == empty.path().string() + ": no .xlsx or .xlsm workbook in the folder");
}

TEST_CASE("a large sheet is read completely", "[xlsx][large]") {
    TempDir dir("xlsx-large");
    const fs::path book = dir / "large.xlsx";
    make_workbook("rows " + esfreport::test::shell_quote(book.string()) + " 20000");
    ReadResult r;
    r.sink.keep_rows = false;
    const std::string source = book.string();
    sdk::SourceRequest request;
    request.source = source;
    xlsx::XlsxSource plugin;
    r.status = plugin.read(request, r.sink);
    REQUIRE(r.status.is_ok());
    const RecordedInput& in = r.sink.participants();
    CHECK(in.record_count == 20000);
    CHECK(in.rejections.empty());
    REQUIRE(in.rows.size() == 2);
    CHECK(in.rows[1].line == 20001);
    CHECK(in.rows[1].text ==
          period("199001030001", "M", "2016-05-11", "2017-03-07", "", "studies", "deltagare20001@example.se"));
}

// ---------------------------------------------------------------- hostile and broken files

TEST_CASE("a zip bomb is refused by its declared ratio before it is inflated", "[xlsx][hostile]") {
    TempDir dir("xlsx-bomb");
    const fs::path book = make_case(dir, "zip-bomb");
    const ReadResult r = read_source(book);
    CHECK(r.status.code == sdk::StatusCode::source_unreadable);
    // 200 MiB of blanks from about 200 kB; the exact compressed size is zlib's.
    CHECK_THAT(r.status.message,
               Catch::StartsWith(book.string() + ": part 'xl/worksheets/sheet1.xml' declares a compression ratio above "
                                                 "100:1 (200 MiB from ") &&
                   Catch::EndsWith(" bytes): refused as a possible zip bomb"));
    CHECK(r.sink.inputs.at(0).rows.empty());
}

TEST_CASE("a zip bomb that lies about its size is stopped while inflating", "[xlsx][hostile]") {
    TempDir dir("xlsx-bomb-lying");
    const fs::path book = make_case(dir, "zip-bomb-lying");
    const ReadResult r = read_source(book);
    CHECK(r.status.code == sdk::StatusCode::source_unreadable);
    CHECK(r.status.message == book.string() +
                                ": part 'xl/worksheets/sheet1.xml' inflates at more than 100:1: refused as a "
                                "possible zip bomb");
}

TEST_CASE("an XML external entity is refused and never fetched", "[xlsx][hostile]") {
    TempDir dir("xlsx-xxe");
    const fs::path book = make_case(dir, "xxe");
    const ReadResult r = read_source(book);
    CHECK(r.status.code == sdk::StatusCode::source_unreadable);
    CHECK(r.status.message == book.string() +
                                ": part 'xl/worksheets/sheet1.xml', line 2: holds a document type declaration "
                                "(<!DOCTYPE>), which no workbook needs; refused (its entities are neither fetched nor "
                                "expanded)");
    CHECK(r.sink.inputs.at(0).rows.empty());
}

TEST_CASE("billion laughs entities are refused before any expansion", "[xlsx][hostile]") {
    TempDir dir("xlsx-laughs");
    const fs::path book = make_case(dir, "billion-laughs");
    const ReadResult r = read_source(book);
    CHECK(r.status.code == sdk::StatusCode::source_unreadable);
    CHECK(r.status.message == book.string() +
                                ": part 'xl/workbook.xml', line 2: holds a document type declaration (<!DOCTYPE>), "
                                "which no workbook needs; refused (its entities are neither fetched nor expanded)");
}

TEST_CASE("an encrypted workbook is named as encrypted or legacy", "[xlsx][hostile]") {
    TempDir dir("xlsx-encrypted");
    const fs::path book = make_case(dir, "encrypted");
    const ReadResult r = read_source(book);
    CHECK(r.status.code == sdk::StatusCode::source_unreadable);
    CHECK(r.status.message == book.string() +
                                ": an encrypted or legacy .xls workbook (an OLE2 compound file, not an .xlsx ZIP): "
                                "remove the password or save it as .xlsx");
}

TEST_CASE("damaged files are clear errors", "[xlsx][hostile]") {
    TempDir dir("xlsx-damaged");
    const std::pair<const char*, const char*> cases[] = {
        {"not-a-zip", ": not a ZIP archive (no central directory; damaged or not a workbook)"},
        {"truncated", ": not a ZIP archive (no central directory; damaged or not a workbook)"},
        // Damaged deflate data mostly still inflates, to bytes that are no XML.
        {"corrupt-data", ": part 'xl/worksheets/sheet1.xml', line 2: not well-formed XML (not well-formed (invalid token))"},
        {"bad-shared-index", ": part 'xl/worksheets/sheet1.xml', line 2: Deltagare!A2 refers to shared string 7, which "
                             "does not exist (damaged workbook)"},
    };
    for (const auto& [name, message] : cases) {
        const fs::path book = make_case(dir, name);
        const ReadResult r = read_source(book);
        INFO(name);
        CHECK(r.status.code == sdk::StatusCode::source_unreadable);
        CHECK(r.status.message == book.string() + message);
    }
}

TEST_CASE("a FIFO is refused at once instead of blocking", "[xlsx][hostile]") {
    TempDir dir("xlsx-fifo");
    const fs::path fifo = dir / "deltagare.xlsx";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const ReadResult r = read_source(fifo);
    CHECK(r.status.code == sdk::StatusCode::source_unreadable);
    CHECK(r.status.message ==
          fifo.string() + ": not a regular file (a workbook must be a file, not a pipe, device or folder)");
    // Also when it sits in a folder of workbooks.
    const ReadResult in_folder = read_source(dir.path());
    CHECK(in_folder.status.message == r.status.message);
}

// ---------------------------------------------------------------- the same data as CSV

namespace {

// Reads `csv_folder` with the csv plugin and the workbook openpyxl wrote from
// it with the xlsx plugin; the sinks must receive the same inputs, records
// (line, text, source column) and rejections.
void check_same_as_csv(const fs::path& csv_folder, const TempDir& dir, bool swedish_sheets) {
    const fs::path book = dir / (csv_folder.filename().string() + ".xlsx");
    make_workbook("csv " + esfreport::test::shell_quote(csv_folder.string()) + " " +
                  esfreport::test::shell_quote(book.string()) + (swedish_sheets ? " --swedish" : ""));
    const ReadResult from_csv = read_source<esfreport::plugins::csv::CsvSource>(csv_folder);
    const ReadResult from_xlsx = read_source(book);
    INFO(csv_folder.string() << ": " << from_xlsx.status.message);
    REQUIRE(from_csv.status.is_ok());
    REQUIRE(from_xlsx.status.is_ok());
    REQUIRE(from_xlsx.sink.inputs.size() == from_csv.sink.inputs.size());
    for (std::size_t i = 0; i < from_csv.sink.inputs.size(); ++i) {
        const RecordedInput& c = from_csv.sink.inputs[i];
        const RecordedInput& x = from_xlsx.sink.inputs[i];
        INFO(c.path);
        CHECK(x.kind == c.kind);
        CHECK(x.ended);
        CHECK(x.record_count == c.record_count);
        REQUIRE(x.rows.size() == c.rows.size());
        for (std::size_t k = 0; k < c.rows.size(); ++k) {
            INFO("line " << c.rows[k].line);
            CHECK(x.rows[k].line == c.rows[k].line);
            CHECK(x.rows[k].text == c.rows[k].text);
            CHECK(x.rows[k].columns == c.rows[k].columns);
        }
        CHECK(x.rejections == c.rejections);
    }
}

}  // namespace

TEST_CASE("workbooks written by openpyxl from the example CSV folders give the same records", "[xlsx][csv-equivalence]") {
    TempDir dir("xlsx-same-as-example");
    std::size_t folders = 0;
    for (const auto& entry : fs::directory_iterator(fs::path(ESFREPORT_SOURCE_DIR) / "examples/orebro/data")) {
        if (!entry.is_directory()) continue;
        check_same_as_csv(entry.path(), dir, false);
        ++folders;
    }
    CHECK(folders == 6);
}

TEST_CASE("a workbook from CSV files with Swedish headers and bad values gives the same records and rejections",
          "[xlsx][csv-equivalence]") {
    TempDir dir("xlsx-same-as-csv");
    const fs::path csv = dir / "tricky";
    fs::create_directory(csv);
    // Semicolons, Swedish headers in another order, text dates of two forms,
    // dates that are no dates, padded values, a row of empty fields.
    write_file(csv / "participants.csv",
               "Startdatum;Personnummer;Kön;Slutdatum;Avslutsorsak;Mobil;setting\n"
               "2024-01-15;189001019802;K;;;070-123 45 67;i skola\n"
               "20240201;189001029819;M;2024-05-31;arbete;;utanför skola\n"
               "2024-13-01;189001039800;;;;;\n"
               "2024-02-30;19900101-0000;X;;studier;0701234567;\n"
               " 2024-03-01 ; 189001049817 ;;;okänd;;\n"
               ";;;;;;\n"
               "2024-03-01;189001059808;K;2024-02-01;;;\n");
    write_file(csv / "assessments.csv", "person_id,date,scale,value\n189001019802,2024-01-15,stege,3\n");
    write_file(csv / "attendance.csv",
               "person_id,period_start,period_end,scheduled_hours,absent_hours\n"
               "189001019802,2024-01-01,2024-01-31,120,\"10,5\"\n");
    write_file(csv / "hours.csv",
               "person_id,date,hours,activity\n"
               "189001019802,2024-01-16,\"7,5\",Praktik\n"
               "189001019802,2024-01-17,7.5,Studiebesök\n"
               "189001019802,2024-01-18,4.50,\n"
               "189001019802,2024-01-19,abc,\n");
    write_file(csv / "kaa.csv",
               "personnummer,kommun,ansvar_start,ansvar_slut,sysselsättning\n189001019802,Örebro,2024-01-01,,Studier\n");
    check_same_as_csv(csv, dir, true);
}

TEST_CASE("a part whose bytes do not match its CRC is an error", "[xlsx][hostile]") {
    TempDir dir("xlsx-crc");
    const fs::path book = make_case(dir, "bad-crc");
    const ReadResult r = read_source(book);
    CHECK(r.status.code == sdk::StatusCode::source_unreadable);
    CHECK(r.status.message == book.string() + ": part 'xl/worksheets/sheet1.xml' fails its CRC check (damaged archive)");
}

TEST_CASE("the reader's limits hold for bytes in memory as a fuzzing harness feeds them", "[xlsx][hostile]") {
    TempDir dir("xlsx-limits");
    const std::string bytes = esfreport::test::read_file(make_case(dir, "excel-cells"));
    // Every row of every sheet, as a harness reads them.
    const auto read_all = [&](const xlsx::WorkbookLimits& limits) {
        xlsx::Workbook book = xlsx::Workbook::from_bytes(bytes, limits);
        std::size_t rows = 0;
        for (const xlsx::SheetInfo& sheet : book.sheets()) {
            xlsx::SheetReader reader = book.read_sheet(sheet);
            while (reader.next()) ++rows;
        }
        return rows;
    };
    CHECK(read_all({}) == 6);  // rows 1, 2, 5, 6, 7 and 8

    xlsx::WorkbookLimits few_strings;
    few_strings.max_shared_string_bytes = 40;
    CHECK_THROWS_WITH(read_all(few_strings),
                      "part 'xl/sharedStrings.xml', line 1: the shared strings exceed the limit of 40 bytes; split the "
                      "workbook");

    xlsx::WorkbookLimits short_cells;
    short_cells.max_cell_bytes = 4;
    xlsx::Workbook book = xlsx::Workbook::from_bytes(bytes, short_cells);
    xlsx::SheetReader reader = book.read_sheet(book.sheets().at(0));
    const xlsx::Row* header = reader.next();
    REQUIRE(header);
    CHECK(header->cells.at(4).kind == xlsx::CellKind::too_long);  // the inline "Slutdatum"
    CHECK(header->cells.at(0).text == "Pnr");                     // shared strings are not cells

    xlsx::WorkbookLimits tight_ratio;
    tight_ratio.zip.ratio_free_bytes = 0;
    tight_ratio.zip.max_ratio = 2;
    CHECK_THROWS_WITH(read_all(tight_ratio),
                      Catch::StartsWith("part '") && Catch::Contains("' declares a compression ratio above 2:1"));
}

TEST_CASE("a sheet chosen by option is not also taken as the first sheet for participants", "[xlsx]") {
    TempDir dir("xlsx-lista-tid");
    const fs::path book = make_case(dir, "lista-tid");
    const ReadResult r = read_source(book, {{"hours_sheet", "tid"}});
    INFO(r.status.message);
    REQUIRE(r.status.is_ok());
    REQUIRE(r.sink.inputs.size() == 2);
    CHECK(r.sink.inputs[0].path == sheet_input(book, "Lista"));
    CHECK(r.sink.inputs[1].path == sheet_input(book, "Tid"));
    CHECK(r.sink.inputs[1].rows.at(0).text == std::vector<std::string>{"189001019802", "2024-01-16", "3", ""});
    // Without the option the hours sheet is one more sheet not read.
    const ReadResult plain = read_source(book);
    REQUIRE(plain.status.is_ok());
    CHECK(plain.sink.inputs.size() == 1);
    CHECK(plain.sink.warnings == std::vector<std::string>{sheet_input(book, "Tid") + kNotRead});
}

TEST_CASE("an empty optional sheet is noted and an empty participant sheet is an error", "[xlsx]") {
    TempDir dir("xlsx-empty-sheet");
    const fs::path book = make_case(dir, "empty-hours");
    const ReadResult r = read_source(book);
    REQUIRE(r.status.is_ok());
    REQUIRE(r.sink.inputs.size() == 2);
    CHECK(r.sink.inputs[1].kind == sdk::RecordKind::hours);
    CHECK(r.sink.inputs[1].ended);
    CHECK(r.sink.inputs[1].record_count == 0);
    CHECK(r.sink.warnings == std::vector<std::string>{sheet_input(book, "Timmar") + ": the sheet is empty; nothing read"});
    const ReadResult empty = read_source(book, {{"participants_sheet", "Timmar"}, {"hours_sheet", "Deltagare"}});
    CHECK(empty.status.code == sdk::StatusCode::source_unreadable);
    CHECK(empty.status.message ==
          sheet_input(book, "Timmar") + ": the sheet is empty; expected a header row with person_id, start_date");
}
