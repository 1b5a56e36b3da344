#include "test_support.hpp"

#include <esfreport/runtime/errors.hpp>
#include <esfreport/runtime/scb_ledger.hpp>

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <thread>

using namespace esfreport;
using namespace esfreport::test;
namespace fs = std::filesystem;

namespace {

std::string digest(char c) { return std::string(64, c); }

// The message of the DataError `action` throws, or "(no error)".
template <class Action>
std::string error_of(Action&& action) {
    try {
        action();
    } catch (const DataError& e) {
        return e.what();
    }
    return "(no error)";
}

std::vector<ScbMonthCurrent> months(const std::vector<std::pair<std::string, char>>& list) {
    std::vector<ScbMonthCurrent> out;
    for (const auto& [m, c] : list) out.push_back({m, digest(c), 1, true});
    return out;
}

}  // namespace

TEST_CASE("SCB ledger: lives beside the configuration") {
    CHECK(ScbLedger::path_for("/p/orebro.toml") == fs::path("/p/orebro.scb-ledger.json"));
}

TEST_CASE("SCB ledger: a missing file is empty - saved and loaded it keeps every record") {
    TempDir dir("scb_ledger");
    const fs::path file = dir / "p.scb-ledger.json";
    ScbLedger ledger = ScbLedger::load(file);
    CHECK(ledger.months().empty());
    CHECK(ledger.save_if_changed());  // a first save writes the empty ledger
    CHECK(ledger.record_produced("2017-01", digest('a'), "Januari2017_P.xlsx", 3, "2017-02-02"));
    CHECK(ledger.record_sent("2017-01", digest('a'), "2017-02-03"));
    CHECK(ledger.record_kaa_produced("2017-H1/Kumla kommun", digest('c'), "KAA_Kumla_kommun_2017H1.xlsx", 4, "2017-08-31"));
    CHECK(ledger.save_if_changed());
    struct stat st {};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);

    ScbLedger loaded = ScbLedger::load(file);
    REQUIRE(loaded.months().count("2017-01") == 1);
    const auto& r = loaded.months().at("2017-01");
    REQUIRE(r.produced);
    CHECK(r.produced->file == "Januari2017_P.xlsx");
    CHECK(r.produced->rows == 3);
    CHECK(r.produced->date == "2017-02-02");
    REQUIRE(r.sent);
    CHECK(r.sent->date == "2017-02-03");
    CHECK(loaded.kaa().at("2017-H1/Kumla kommun").produced->rows == 4);
    CHECK(loaded.to_json() == read_file(file));

    // The same content again changes nothing, not even the date.
    CHECK_FALSE(loaded.record_produced("2017-01", digest('a'), "Januari2017_P.xlsx", 3, "2017-05-05"));
    CHECK_FALSE(loaded.record_sent("2017-01", digest('a'), "2017-05-05"));
    CHECK_FALSE(loaded.save_if_changed());
    // A new KAA file for the same half-year replaces the record.
    CHECK(loaded.record_kaa_produced("2017-H1/Kumla kommun", digest('d'), "KAA_Kumla_kommun_2017H1.xlsx", 5, "2017-09-01"));
    CHECK(loaded.kaa().at("2017-H1/Kumla kommun").produced->digest == digest('d'));
}

TEST_CASE("SCB ledger: status of each month and the months to send again") {
    TempDir dir("scb_ledger_status");
    ScbLedger ledger = ScbLedger::load(dir / "p.scb-ledger.json");
    for (const auto& m : {"2017-01", "2017-02", "2017-03", "2017-04"}) {
        ledger.record_produced(m, digest('a'), "f", 1, "2017-05-01");
        ledger.record_sent(m, digest('a'), "2017-05-01");
    }
    ledger.record_produced("2017-05", digest('a'), "f", 1, "2017-06-01");

    SECTION("unchanged: nothing to send again") {
        const auto r = scb_status(ledger, months({{"2017-01", 'a'}, {"2017-02", 'a'}, {"2017-03", 'a'}, {"2017-04", 'a'},
                                                  {"2017-05", 'a'}, {"2017-06", 'a'}}));
        CHECK_FALSE(r.first_changed);
        CHECK(r.send_again.empty());
        CHECK(r.months[3].state == ScbMonthState::sent);
        CHECK(r.months[4].state == ScbMonthState::produced_not_sent);
        CHECK(r.months[4].produced_is_current);
        CHECK(r.months[5].state == ScbMonthState::never_produced);
        CHECK(r.never_sent == std::vector<std::string>{"2017-05", "2017-06"});
    }
    SECTION("February changed: February on, every month already sent") {
        const auto r = scb_status(ledger, months({{"2017-01", 'a'}, {"2017-02", 'b'}, {"2017-03", 'a'}, {"2017-04", 'b'},
                                                  {"2017-05", 'b'}}));
        REQUIRE(r.first_changed);
        CHECK(*r.first_changed == "2017-02");
        CHECK(r.send_again == std::vector<std::string>{"2017-02", "2017-03", "2017-04"});
        CHECK(r.months[0].state == ScbMonthState::sent);
        CHECK(r.months[1].state == ScbMonthState::changed_since_sent);
        CHECK(r.months[2].state == ScbMonthState::sent);
        CHECK(r.months[2].send_again);
        CHECK_FALSE(r.months[0].send_again);
        CHECK_FALSE(r.months[4].produced_is_current);  // the file produced for May is out of date
    }
    SECTION("sending the corrected month again clears it") {
        ledger.record_sent("2017-02", digest('b'), "2017-06-02");
        const auto r = scb_status(ledger, months({{"2017-01", 'a'}, {"2017-02", 'b'}, {"2017-03", 'a'}}));
        CHECK_FALSE(r.first_changed);
    }
}

TEST_CASE("SCB ledger: a damaged ledger is an error naming file and key") {
    TempDir dir("scb_ledger_bad");
    const fs::path file = dir / "p.scb-ledger.json";
    auto expect = [&](const std::string& text, const std::string& where) {
        write_file(file, text);
        try {
            (void)ScbLedger::load(file);
            FAIL("no error for " << where);
        } catch (const DataError& e) {
            const std::string message = e.what();
            INFO(message);
            CHECK(message.find(file.string()) != std::string::npos);
            CHECK(message.find(where) != std::string::npos);
        }
    };
    expect("{", "not valid JSON");
    expect("{\"format\": \"other\", \"version\": 1}", "format");
    expect("{\"format\": \"esfreport-scb-ledger\", \"version\": 2}", "version");
    expect("{\"format\": \"esfreport-scb-ledger\", \"version\": 1, \"months\": {\"2017-01\": {\"sent\": {\"digest\": \"xyz\", \"date\": \"d\"}}}}",
           "months.2017-01.sent.digest");
}

TEST_CASE("SCB ledger: strict reading - an unknown key or state - a bad month - half-year - date or count is an error naming it") {
    TempDir dir("scb_ledger_strict");
    const fs::path file = dir / "p.scb-ledger.json";
    const std::string d = digest('a');
    const std::string head = "{\"format\": \"esfreport-scb-ledger\", \"version\": 1, ";
    auto error_for = [&](const std::string& text) -> std::string {
        write_file(file, text);
        return error_of([&] { (void)ScbLedger::load(file); });
    };
    auto expected = [&](const std::string& where_what) {
        return file.string() + ": " + where_what +
               " (the ledger records what was sent to SCB; repair it by hand rather than delete it)";
    };
    const std::string sent = "{\"digest\": \"" + d + "\", \"date\": \"2017-04-04\"}";
    const std::string produced = "{\"digest\": \"" + d + "\", \"date\": \"2017-04-03\", \"file\": \"Mars2017.xlsx\", \"rows\": 12}";

    // A correct ledger of every shape reads.
    write_file(file, head + "\"months\": {\"2017-03\": {\"produced\": " + produced + ", \"sent\": " + sent +
                         "}}, \"kaa\": {\"2017-H1/Kumla kommun\": {\"produced\": " + produced + "}}}");
    CHECK(ScbLedger::load(file).months().at("2017-03").sent->date == "2017-04-04");

    // One month's record, a sent entry and a produced entry with `extra` fields.
    auto month = [&](const std::string& key, const std::string& record) {
        return head + "\"months\": {\"" + key + "\": " + record + "}}";
    };
    auto sent_with = [&](const std::string& date, const std::string& extra) {
        return "{\"sent\": {\"digest\": \"" + d + "\", \"date\": \"" + date + "\"" + extra + "}}";
    };
    auto produced_with = [&](const std::string& file_name, const std::string& extra) {
        return "{\"produced\": {\"digest\": \"" + d + "\", \"date\": \"2017-04-04\", \"file\": \"" + file_name + "\"" + extra + "}}";
    };
    const std::vector<std::pair<std::string, std::string>> cases = {
        {month("2017-03", "{\"snet\": " + sent + "}"), "months.2017-03.snet: unknown state (expected \"produced\" or \"sent\")"},
        {head + "\"colour\": \"blue\"}", "colour: unknown key (expected \"format\", \"version\", \"months\" or \"kaa\")"},
        {month("2017-03", sent_with("2017-04-04", ", \"rows\": 3")),
         "months.2017-03.sent.rows: unknown key (expected \"digest\" or \"date\")"},
        {month("2017-03", produced_with("f", ", \"rows\": 3, \"by\": \"me\"")),
         "months.2017-03.produced.by: unknown key (expected \"digest\", \"date\", \"file\" or \"rows\")"},
        {month("2017-13", "{\"sent\": " + sent + "}"), "months.2017-13: expected a month YYYY-MM (01 to 12)"},
        {month("2017-3", "{\"sent\": " + sent + "}"), "months.2017-3: expected a month YYYY-MM (01 to 12)"},
        {month("2017-03", "{}"), "months.2017-03: expected \"produced\", \"sent\" or both"},
        {head + "\"kaa\": {\"2017-H3/Kumla kommun\": {\"produced\": " + produced + "}}}",
         "kaa.2017-H3/Kumla kommun: expected YYYY-H1/<municipality> or YYYY-H2/<municipality>"},
        {head + "\"kaa\": {\"2017-H1\": {\"produced\": " + produced + "}}}",
         "kaa.2017-H1: expected YYYY-H1/<municipality> or YYYY-H2/<municipality>"},
        {month("2017-03", sent_with("2017-02-30", "")), "months.2017-03.sent.date: expected a date YYYY-MM-DD, got \"2017-02-30\""},
        {month("2017-03", sent_with("20170204", "")),
         "months.2017-03.sent.date: expected a date YYYY-MM-DD, got a text of 8 bytes (not shown)"},
        {month("2017-03", produced_with("f", ", \"rows\": -1")), "months.2017-03.produced.rows: expected a whole number, 0 or more"},
        {month("2017-03", produced_with("f", ", \"rows\": 1.5")), "months.2017-03.produced.rows: expected a whole number, 0 or more"},
        {month("2017-03", produced_with("../f", ", \"rows\": 1")),
         "months.2017-03.produced.file: expected a file name (no '/', no control character)"},
        {head + "\"months\": {\"2017-03\": {\"sent\": " + sent + "}, \"2017-03\": {}}}", "months.2017-03: the key appears twice"},
        {head + "\"months\": []}", "months: expected an object"},
        // A value from the file that looks like a personnummer is not repeated.
        {month("199801022394", "{}"), "months.(a key of 12 bytes, not shown): expected a month YYYY-MM (01 to 12)"},
    };
    for (const auto& [text, where_what] : cases) {
        INFO(text);
        CHECK(error_for(text) == expected(where_what));
    }
}

TEST_CASE("SCB ledger: changes lock it exclusively - readers share - a command waits and then gives up naming the lock") {
    using namespace std::chrono_literals;
    TempDir dir("scb_ledger_lock");
    const fs::path file = dir / "p.scb-ledger.json";
    const fs::path lock = dir / "p.scb-ledger.json.lock";
    const std::string busy = lock.string() +
                             ": another esfreport command has held the SCB ledger's lock for 0.05 s; nothing was written: "
                             "try again when it has finished";
    auto first = std::make_unique<ScbLedgerLock>(file, ScbLedgerAccess::update);
    struct stat st {};
    REQUIRE(::lstat(lock.c_str(), &st) == 0);
    CHECK(S_ISREG(st.st_mode));
    CHECK((st.st_mode & 0777) == 0600);
    for (const ScbLedgerAccess access : {ScbLedgerAccess::update, ScbLedgerAccess::read}) {
        CHECK(error_of([&] { ScbLedgerLock second(file, access, 50ms); }) == busy);
    }

    // A command waits, says so once, and goes on when the holder is done.
    std::atomic<bool> waiting{false};
    std::vector<std::string> notes;
    std::thread holder([&] {
        while (!waiting) std::this_thread::sleep_for(1ms);
        first.reset();
    });
    ScbLedgerOptions options;
    options.access = ScbLedgerAccess::update;
    options.lock_wait = 60s;
    options.on_wait = [&](const std::string& note) {
        notes.push_back(note);
        waiting = true;
    };
    std::optional<ScbLedger> opened;
    CHECK_NOTHROW(opened.emplace(ScbLedger::open(file, options)));
    holder.join();
    CHECK(notes == std::vector<std::string>{"waiting for another esfreport command that holds " + lock.string()});
    opened.reset();

    // Readers share the lock.
    ScbLedgerLock reader(file, ScbLedgerAccess::read, 50ms);
    ScbLedgerLock other_reader(file, ScbLedgerAccess::read, 50ms);
    CHECK(reader.held());
    CHECK(other_reader.held());
}

TEST_CASE("SCB ledger: a lock file planted as a symbolic link is refused - not followed") {
    TempDir dir("scb_ledger_lock_link");
    const fs::path file = dir / "p.scb-ledger.json";
    fs::create_symlink(dir / "elsewhere", dir / "p.scb-ledger.json.lock");
    CHECK(error_of([&] { ScbLedgerLock lock(file, ScbLedgerAccess::update); }) ==
          (dir / "p.scb-ledger.json.lock").string() + ": the SCB ledger's lock file is a symbolic link; remove it");
    CHECK_FALSE(fs::exists(dir / "elsewhere"));
}

TEST_CASE("SCB ledger: every change keeps the previous ledger as its backup - a missing ledger with a backup is an error") {
    TempDir dir("scb_ledger_backup");
    const fs::path file = dir / "p.scb-ledger.json";
    const fs::path backup = dir / "p.scb-ledger.json.bak";
    ScbLedgerOptions update;
    update.access = ScbLedgerAccess::update;
    {
        ScbLedger ledger = ScbLedger::open(file, update);
        ledger.record_produced("2017-01", digest('a'), "Januari2017.xlsx", 3, "2017-02-02");
        CHECK(ledger.save_if_changed());
    }
    const std::string empty_ledger = ScbLedger::load(dir / "none.json").to_json();
    CHECK(read_file(backup) == empty_ledger);  // the first change: the ledger before was empty
    const std::string first = read_file(file);
    {
        ScbLedger ledger = ScbLedger::open(file, update);
        ledger.record_sent("2017-01", digest('a'), "2017-02-03");
        CHECK(ledger.save_if_changed());
        CHECK_FALSE(ledger.save_if_changed());
    }
    CHECK(read_file(backup) == first);
    struct stat st {};
    REQUIRE(::stat(backup.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);

    fs::remove(file);
    const std::string missing = file.string() + " is missing, but its backup " + backup.string() +
                                " shows that SCB files were recorded (1 month(s), 0 sent; 0 KAA file(s)): restore the ledger "
                                "from the backup (it holds the ledger as it was before its last change; run that change "
                                "again) or start a new ledger with --new-ledger";
    for (const ScbLedgerAccess access : {ScbLedgerAccess::update, ScbLedgerAccess::read}) {
        ScbLedgerOptions options;
        options.access = access;
        CHECK(error_of([&] { (void)ScbLedger::open(file, options); }) == missing);
    }
    update.new_ledger = true;
    {
        ScbLedger fresh = ScbLedger::open(file, update);
        CHECK(fresh.months().empty());
        fresh.record_produced("2017-02", digest('b'), "Februari2017.xlsx", 1, "2017-03-01");
        CHECK(fresh.save_if_changed());
    }
    CHECK(read_file(backup.string() + ".old") == first);  // the abandoned record is kept
    CHECK(read_file(backup) == empty_ledger);
    CHECK(error_of([&] { (void)ScbLedger::open(file, update); }) ==
          file.string() + " exists: --new-ledger starts a ledger only where none is; leave it out to use this one");
}

TEST_CASE("SCB ledger: a commit marker of another user or naming no folder is not followed") {
    TempDir dir("scb_ledger_pending");
    const fs::path file = dir / "p.scb-ledger.json";
    const fs::path pending = dir / "p.scb-ledger.json.pending";
    ScbLedgerOptions update;
    update.access = ScbLedgerAccess::update;

    // The folder it names is gone: nothing to complete, the marker goes.
    write_file(pending, (dir / "gone").string() + "\n");
    CHECK_NOTHROW(ScbLedger::open(file, update));
    CHECK_FALSE(fs::exists(pending));

    write_file(pending, "relative/out\n");
    CHECK(error_of([&] { (void)ScbLedger::open(file, update); }) ==
          pending.string() + ": expected the absolute path of an output folder; remove it after checking the ledger against "
                             "the SCB files");
    if (::geteuid() == 0) {  // only root can give a file away
        write_file(pending, dir.path().string() + "\n");
        REQUIRE(::chown(pending.c_str(), 65534, 65534) == 0);
        CHECK(error_of([&] { (void)ScbLedger::open(file, update); }) ==
              pending.string() + ": belongs to another user; esfreport completes only its own commits: remove it");
        CHECK(fs::exists(pending));  // left for its owner
    }
}

TEST_CASE("SCB ledger: dates come from SOURCE_DATE_EPOCH when set") {
    ::setenv("SOURCE_DATE_EPOCH", "1491004800", 1);  // 2017-04-01T00:00:00Z
    CHECK(scb_ledger_today() == "2017-04-01");
    ::unsetenv("SOURCE_DATE_EPOCH");
    CHECK(scb_ledger_today().size() == 10);
}
