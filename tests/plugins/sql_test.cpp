// The SQL source plugin against real databases: SQLite files built from the
// canonical CSV files by the example's build_sqlite.py, and a real PostgreSQL
// server (tests/support/pg_cluster.sh) started once by a CTest fixture, or by
// this process when run alone. No mock. Personnummer are Skatteverket's
// published test numbers.
#include "connection.hpp"
#include "sql_source.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>
#include <vector>

// The CSV plugin is compiled in too: records read from a database must equal
// those read from the CSV files it was built from.
#include "csv_source.hpp"

namespace sdk = esfreport::sdk;
namespace fs = std::filesystem;
using esfreport::plugins::csv::CsvSource;
using esfreport::plugins::sql::canonical_text;
using esfreport::plugins::sql::ColumnType;
using esfreport::plugins::sql::parse_connection;
using esfreport::plugins::sql::SqlSource;
using esfreport::test::CommandResult;
using esfreport::test::run_command;
using esfreport::test::shell_quote;
using esfreport::test::TempDir;
using esfreport::test::write_file;

namespace {

const fs::path kSource = ESFREPORT_SOURCE_DIR;
const fs::path kBuildSqlite = kSource / "examples" / "orebro" / "build_sqlite.py";
const fs::path kClusterScript = kSource / "tests" / "support" / "pg_cluster.sh";

struct Input {
    sdk::RecordKind kind{};
    std::string path;
    std::vector<std::pair<std::uint64_t, std::vector<std::string>>> rows;
    std::vector<std::uint32_t> columns;  // of the first row
    std::vector<std::string> rejections;
    bool ended = false;
};

class RecordingSink : public sdk::RecordSink {
public:
    std::vector<Input> inputs;
    std::vector<std::string> warnings;
    std::uint64_t records = 0;
    // Called after every record (e.g. to stop the server mid-read).
    std::function<void(std::uint64_t)> after_record;

    void begin_input(sdk::RecordKind kind, std::string_view path) noexcept override {
        inputs.push_back({kind, std::string(path), {}, {}, {}, false});
    }
    void record(std::uint64_t line, const sdk::Field* fields, std::size_t count) noexcept override {
        Input& in = inputs.back();
        std::vector<std::string> text;
        for (std::size_t i = 0; i < count; ++i) text.emplace_back(fields[i].text);
        if (in.rows.empty())
            for (std::size_t i = 0; i < count; ++i) in.columns.push_back(fields[i].column);
        in.rows.emplace_back(line, std::move(text));
        ++records;
        if (after_record) after_record(records);
    }
    void reject(std::uint64_t line, std::uint32_t, std::string_view, std::string_view reason) noexcept override {
        inputs.back().rejections.push_back(std::to_string(line) + ": " + std::string(reason));
    }
    void end_input() noexcept override { inputs.back().ended = true; }
    void aggregate(std::string_view, std::int64_t) noexcept override {}
    void warning(std::string_view message) noexcept override { warnings.emplace_back(message); }

    const Input* input(sdk::RecordKind kind) const {
        for (const Input& in : inputs)
            if (in.kind == kind) return &in;
        return nullptr;
    }
};

struct ReadResult {
    sdk::Status status;
    RecordingSink sink;
};

template <class Plugin>
void read_source(const std::string& source, ReadResult& result, std::vector<sdk::Option> options = {}) {
    sdk::SourceRequest request;
    request.subproject_id = "alpha";
    request.source = source;
    request.options = options.data();
    request.option_count = options.size();
    Plugin plugin;
    result.status = static_cast<sdk::SourcePlugin&>(plugin).read(request, result.sink);
}

void read_sql(const std::string& source, ReadResult& result, std::vector<sdk::Option> options = {}) {
    read_source<SqlSource>(source, result, std::move(options));
}

CommandResult must_run(const std::string& command) {
    const CommandResult r = run_command(command);
    INFO(command << "\n" << r.out << r.err);
    REQUIRE(r.exit_code == 0);
    return r;
}

// An SQLite database built from a CSV folder by the example's script.
fs::path build_sqlite(const fs::path& csv_folder, const fs::path& database) {
    must_run("/usr/bin/python3 " + shell_quote(kBuildSqlite.string()) + " " + shell_quote(csv_folder.string()) + " " +
             shell_quote(database.string()));
    return database;
}

void sqlite_exec(const fs::path& database, const std::string& sql) {
    must_run("/usr/bin/python3 -c " +
             shell_quote("import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()") +
             " " + shell_quote(database.string()) + " " + shell_quote(sql));
}

// Sets an environment variable for one test; the old value comes back after.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const std::optional<std::string>& value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        if (value)
            ::setenv(name, value->c_str(), 1);
        else
            ::unsetenv(name);
    }
    ~ScopedEnv() {
        if (old_)
            ::setenv(name_, old_->c_str(), 1);
        else
            ::unsetenv(name_);
    }

private:
    const char* name_;
    std::optional<std::string> old_;
};

// ---------------------------------------------------------------- PostgreSQL

// A running cluster: the one of the CTest fixture (ESFREPORT_TEST_PG_STATE),
// or one this object starts and stops itself.
class PgCluster {
public:
    explicit PgCluster(fs::path state_file, bool own) : state_(std::move(state_file)), own_(own) {
        if (own_) must_run(shell_quote(kClusterScript.string()) + " start " + shell_quote(state_.string()));
        std::ifstream in(state_);
        std::getline(in, dir_);
        REQUIRE(!dir_.empty());
    }
    ~PgCluster() {
        if (own_) run_command(shell_quote(kClusterScript.string()) + " stop " + shell_quote(state_.string()));
    }
    PgCluster(const PgCluster&) = delete;
    PgCluster& operator=(const PgCluster&) = delete;

    static PgCluster& shared() {
        static std::unique_ptr<PgCluster> cluster = [] {
            if (const char* state = std::getenv("ESFREPORT_TEST_PG_STATE"); state && fs::exists(state))
                return std::make_unique<PgCluster>(state, false);
            static TempDir dir("pg-cluster-own");
            return std::make_unique<PgCluster>(dir / "state", true);
        }();
        return *cluster;
    }

    std::string socket() const { return dir_ + "/socket"; }
    std::string uri(const std::string& database, const std::string& user = "esf_admin") const {
        return "postgresql:///" + database + "?host=" + socket() + "&user=" + user;
    }
    void psql(const std::string& database, const std::string& sql) const {
        must_run("psql -X -q -v ON_ERROR_STOP=1 -h " + shell_quote(socket()) + " -U esf_admin -d " + shell_quote(database) +
                 " -c " + shell_quote(sql));
    }
    // A fresh database for one test (tests run in parallel on one cluster).
    std::string create_database(const std::string& name) const {
        const std::string db = name + "_" + std::to_string(::getpid());
        psql("postgres", "DROP DATABASE IF EXISTS " + db);
        psql("postgres", "CREATE DATABASE " + db);
        return db;
    }
    void stop() { must_run(shell_quote(kClusterScript.string()) + " stop " + shell_quote(state_.string())); }

private:
    fs::path state_;
    bool own_;
    std::string dir_;
};

// The canonical tables with native types, as a municipality's DBA would make them.
const char* const kPgSchema = R"(
CREATE TABLE participants (person_id text NOT NULL, sex char(1), start_date date NOT NULL, end_date date,
                           setting text, exit_status text, email text, mobile text, subproject text);
CREATE TABLE hours (person_id text NOT NULL, date timestamp NOT NULL, hours numeric(4,2) NOT NULL, activity text);
CREATE TABLE assessments (person_id text, date date, scale text, value integer);
)";

const char* const kPgRows = R"(
INSERT INTO participants VALUES
  ('199710052391', 'M', '2017-01-16', '2017-05-13', 'in_school', 'other', NULL, NULL, 'kumla'),
  ('199905222387', 'K', '2017-02-06', NULL, NULL, NULL, NULL, NULL, 'kumla'),
  ('199707082385', 'K', '2017-03-01', NULL, NULL, NULL, NULL, NULL, 'orebro');
INSERT INTO hours VALUES
  ('199710052391', '2017-01-18 08:30:00', 7.5, NULL),
  ('199905222387', '2017-02-07 00:00:00', 3, 'studiebesök'),
  ('199905222387', '2017-02-08 00:00:00', 2.25, NULL);
INSERT INTO assessments VALUES ('199710052391', '2017-01-20', 'sjalvskattning', 4), (NULL, NULL, NULL, NULL);
)";

}  // namespace

// ------------------------------------------------------------------ values

TEST_CASE("timestamps become dates and padding is removed", "[sql]") {
    CHECK(canonical_text("2017-01-18 08:30:00", ColumnType::date) == "2017-01-18");
    CHECK(canonical_text("2017-01-18T08:30:00+01", ColumnType::date) == "2017-01-18");
    CHECK(canonical_text("2017-01-18", ColumnType::date) == "2017-01-18");
    CHECK(canonical_text("K  ", ColumnType::text) == "K");
    // Text is never reinterpreted: the host rejects it as it would in a CSV file.
    CHECK(canonical_text("2017-01-18 08:30", ColumnType::text) == "2017-01-18 08:30");
    CHECK(canonical_text("18/01/2017 08:30", ColumnType::date) == "18/01/2017 08:30");
}

// -------------------------------------------------------------- connection

TEST_CASE("a password in the connection string is a bad option and is never echoed", "[sql]") {
    for (const std::string source : {"postgresql://esf:s3cret@db.example.se/esf", "postgres://db.example.se/esf?password=s3cret",
                                     "postgresql:///esf?host=/run/postgresql&sslpassword=s3cret"}) {
        INFO(source);
        ReadResult r;
        read_sql(source, r);
        CHECK(r.status.code == sdk::StatusCode::bad_option);
        CHECK(r.status.message.find("s3cret") == std::string::npos);
        CHECK(r.status.message.find("the connection string holds a password") != std::string::npos);
        CHECK(r.sink.inputs.empty());
    }
}

TEST_CASE("a source of another kind is a bad option that does not echo it", "[sql]") {
    ReadResult r;
    read_sql("mysql://u:pw@host/db", r);
    CHECK(r.status.code == sdk::StatusCode::bad_option);
    CHECK(r.status.message == "source must start with sqlite: or postgresql:// (got 'mysql:...')");
}

TEST_CASE("a PostgreSQL URI becomes libpq keywords with a connect timeout", "[sql]") {
    ScopedEnv password("PGPASSWORD", std::string("x"));
    const auto c = parse_connection("postgresql://esf_reader@db1:5433,db2/esf%5Ftest?sslmode=require");
    CHECK(c.connector_string ==
          "sslmode='require' user='esf_reader' dbname='esf_test' host='db1,db2' port='5433,' connect_timeout='10' "
          "application_name='esfreport'");
    CHECK(c.display == "postgresql://esf_reader@db1:5433,db2/esf%5Ftest?sslmode=require");
    ReadResult r;
    read_sql("postgresql://db1/esf%20test", r);
    CHECK(r.status.code == sdk::StatusCode::bad_option);
    CHECK(r.status.message ==
          "postgresql://db1/esf%20test: the value of 'dbname' holds a space, which the PostgreSQL connector cannot pass on");
}

TEST_CASE("a password file that others may read is refused", "[sql]") {
    TempDir tmp("sql-pgpass");
    const fs::path file = tmp / "pgpass";
    write_file(file, "*:*:*:esf_reader:reader-secret\n");
    ::chmod(file.c_str(), 0644);
    ScopedEnv password("PGPASSWORD", std::nullopt);
    ScopedEnv passfile("PGPASSFILE", file.string());
    ReadResult r;
    read_sql("postgresql:///esf?host=/nonexistent", r);
    CHECK(r.status.code == sdk::StatusCode::source_unreadable);
    CHECK(r.status.message == "the password file " + file.string() +
                                  " may be read by group or others (mode 0644); it is refused: chmod 600 " + file.string());
}

// ------------------------------------------------------------------ SQLite

TEST_CASE("sqlite: the example's Sydnärke database gives the records of its CSV files", "[sql][sqlite]") {
    TempDir tmp("sql-sydnarke");
    const fs::path csv = kSource / "examples" / "orebro" / "data" / "sydnarke";
    // The committed database and one built afresh by the example's script.
    const fs::path built = tmp / "sydnarke.db";
    const fs::path db = GENERATE_COPY(as<fs::path>{}, kSource / "examples" / "orebro" / "db" / "sydnarke.db", built);
    if (db == built) build_sqlite(csv, db);
    ReadResult from_csv, from_sql;
    read_source<CsvSource>(csv.string(), from_csv);
    read_sql("sqlite:" + db.string(), from_sql);
    REQUIRE(from_csv.status.is_ok());
    INFO(from_sql.status.message);
    REQUIRE(from_sql.status.is_ok());
    REQUIRE(from_sql.sink.inputs.size() == from_csv.sink.inputs.size());
    for (std::size_t i = 0; i < from_csv.sink.inputs.size(); ++i) {
        const Input& c = from_csv.sink.inputs[i];
        const Input& s = from_sql.sink.inputs[i];
        CHECK(s.kind == c.kind);
        CHECK(s.ended);
        REQUIRE(s.rows.size() == c.rows.size());
        for (std::size_t r = 0; r < c.rows.size(); ++r) {
            CHECK(s.rows[r].first == c.rows[r].first - 1);  // row number = line - header
            CHECK(s.rows[r].second == c.rows[r].second);
        }
    }
    CHECK(from_sql.sink.inputs[0].path == "sqlite:" + db.string() + " [table participants]");
    CHECK(from_sql.sink.input(sdk::RecordKind::hours)->rows.size() == 2002u);  // hours.csv: 2,002 rows below its header
    CHECK(from_sql.sink.warnings.empty());
}

TEST_CASE("sqlite: bad rows reach the host as the CSV file has them and are rejected alike", "[sql][sqlite]") {
    TempDir tmp("sql-bad-rows");
    write_file(tmp / "csv/participants.csv",
               "person_id,sex,start_date,end_date\n"
               "199710052391,M,2017-01-16,\n"
               "199905222387,K,2017-13-45,\n"   // not a date
               ",K,2017-02-01,\n"               // no person
               "199707082385,X,2017-03-01,2017-02-01\n");
    write_file(tmp / "csv/hours.csv", "person_id;date;hours\n199710052391;2017-01-18;7,5\n199710052391;2017-01-19;sju\n");
    const fs::path db = build_sqlite(tmp / "csv", tmp / "alpha.db");
    const fs::path config_csv = esfreport::test::write_fixture_project(tmp / "a", "csv", "", (tmp / "csv").string());
    const fs::path config_sql = esfreport::test::write_fixture_project(tmp / "b", "sql", "", "sqlite:" + db.string());
    const CommandResult csv = esfreport::test::run_esfreport("validate --quiet " + shell_quote(config_csv.string()));
    const CommandResult sql = esfreport::test::run_esfreport("validate --quiet " + shell_quote(config_sql.string()));
    INFO(csv.out << csv.err << sql.out << sql.err);
    REQUIRE(csv.exit_code == 0);
    REQUIRE(sql.exit_code == 0);
    // Same figures and the same reasons; the rows are named by table and row number.
    auto lines = [](const std::string& s) { return esfreport::test::split_fields(s, '\n'); };
    const auto c = lines(csv.out), s = lines(sql.out);
    REQUIRE(c.size() == s.size());
    const std::string db_name = "sqlite:" + db.string();
    CHECK(s[3] == "alpha                          4         1         3  " + db_name + " [table participants]");
    CHECK(s[4] == "alpha                          2         1         1  " + db_name + " [table hours]");
    for (std::size_t i = 5; i < c.size(); ++i) {
        std::string expected = c[i];
        if (const auto at = expected.find((tmp / "csv").string()); at != std::string::npos) {
            // "<folder>/participants.csv:3, ..." -> "sqlite:<db> [table participants]:2, ..."
            const auto file_end = expected.find(".csv:", at);
            const std::string table = expected.substr(expected.rfind('/', file_end) + 1, file_end - expected.rfind('/', file_end) - 1);
            const auto line_end = expected.find(',', file_end + 5);
            const auto number_end = line_end == std::string::npos ? expected.find(':', file_end + 5) : line_end;
            const int line = std::stoi(expected.substr(file_end + 5, number_end - file_end - 5));
            expected = expected.substr(0, at) + db_name + " [table " + table + "]:" + std::to_string(line - 1) +
                       expected.substr(number_end);
        }
        CHECK(s[i] == expected);
    }
    CHECK(sql.out.find("rejected rows (4):") != std::string::npos);
}

TEST_CASE("sqlite: native types are handed over as canonical text and NULL as empty", "[sql][sqlite]") {
    TempDir tmp("sql-types");
    const fs::path db = tmp / "types.db";
    sqlite_exec(db, "CREATE TABLE participants (PERSON_ID TEXT, Start_Date TIMESTAMP, end_date DATE, sex CHAR(3), note TEXT);"
                    "INSERT INTO participants VALUES ('199710052391', '2017-01-16 08:00:00', NULL, 'K  ', 'x');"
                    "CREATE TABLE hours (person_id TEXT, date DATE, hours NUMERIC);"
                    "INSERT INTO hours VALUES ('199710052391', '2017-01-18', 7.5), ('199710052391', '2017-01-19', 3),"
                    " ('199710052391', '2017-01-20', '2,5');");
    ReadResult r;
    read_sql("sqlite:" + db.string(), r);
    INFO(r.status.message);
    REQUIRE(r.status.is_ok());
    const Input& p = *r.sink.input(sdk::RecordKind::participant_period);
    REQUIRE(p.rows.size() == 1u);
    CHECK(p.rows[0].second == std::vector<std::string>{"199710052391", "K", "2017-01-16", "", "", "", "", "", ""});
    // Result columns, 1-based, as the host names them in rejections.
    CHECK(p.columns == std::vector<std::uint32_t>{1, 4, 2, 3, 0, 0, 0, 0, 0});
    CHECK(r.sink.warnings == std::vector<std::string>{"sqlite:" + db.string() + " [table participants]: column 5 'note' is not used; ignored"});
    const Input& h = *r.sink.input(sdk::RecordKind::hours);
    REQUIRE(h.rows.size() == 3u);
    CHECK(h.rows[0].second[2] == "7.5");
    CHECK(h.rows[1].second[2] == "3");
    CHECK(h.rows[2].second[2] == "2,5");
    CHECK(r.sink.input(sdk::RecordKind::assessment) == nullptr);  // no table: simply absent
}

TEST_CASE("sqlite: a query per record kind replaces the table", "[sql][sqlite]") {
    TempDir tmp("sql-query");
    const fs::path db = tmp / "region.db";
    sqlite_exec(db, "CREATE TABLE deltagare (pnr TEXT, startdatum DATE, kommun TEXT);"
                    "INSERT INTO deltagare VALUES ('199710052391', '2017-01-16', 'kumla'), ('199905222387', '2017-02-06', 'orebro'),"
                    " ('199707082385', '2017-03-01', 'kumla');");
    ReadResult r;
    const std::string query = "SELECT pnr AS person_id, startdatum AS start_date\n  FROM deltagare\n WHERE kommun = 'kumla'\n ORDER BY pnr;";
    read_sql("sqlite:" + db.string(), r, {{"participants_query", query}});
    INFO(r.status.message);
    REQUIRE(r.status.is_ok());
    REQUIRE(r.sink.inputs.size() == 1u);
    CHECK(r.sink.inputs[0].path == "sqlite:" + db.string() +
                                       " [participants_query: SELECT pnr AS person_id, startdatum AS start_date FROM deltagare "
                                       "WHERE kommun = 'kumla' ORDER BY pnr]");
    REQUIRE(r.sink.inputs[0].rows.size() == 2u);
    CHECK(r.sink.inputs[0].rows[0].second[0] == "199707082385");
    CHECK(r.sink.inputs[0].rows[1].second[0] == "199710052391");
}

TEST_CASE("sqlite: rows are fetched in batches and all arrive in order", "[sql][sqlite]") {
    TempDir tmp("sql-batches");
    const fs::path db = tmp / "batches.db";
    sqlite_exec(db, "CREATE TABLE participants (person_id TEXT, start_date DATE);"
                    "INSERT INTO participants VALUES ('199710052391', '2017-01-16');"
                    "CREATE TABLE hours (person_id TEXT, date DATE, hours INTEGER);"
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)"
                    " INSERT INTO hours SELECT '199710052391', '2017-02-01', i FROM n;");
    ReadResult r;
    read_sql("sqlite:" + db.string(), r, {{"batch_rows", "7"}});
    REQUIRE(r.status.is_ok());
    const Input& h = *r.sink.input(sdk::RecordKind::hours);
    REQUIRE(h.rows.size() == 100u);
    for (std::size_t i = 0; i < 100; ++i) {
        CHECK(h.rows[i].first == i + 1);
        CHECK(h.rows[i].second[2] == std::to_string(i + 1));
    }
}

TEST_CASE("sqlite: a missing database, table, column or a bad query cannot be read", "[sql][sqlite]") {
    TempDir tmp("sql-sqlite-faults");
    const fs::path db = tmp / "f.db";
    sqlite_exec(db, "CREATE TABLE participants (person_id TEXT, sex TEXT);"
                    "CREATE TABLE hours (person_id TEXT, date DATE, hours NUMERIC);");
    const std::string name = "sqlite:" + db.string();
    struct Case {
        std::string source;
        std::vector<sdk::Option> options;
        sdk::StatusCode code;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"sqlite:" + (tmp / "nope.db").string(), {}, sdk::StatusCode::source_unreadable,
         "sqlite:" + (tmp / "nope.db").string() + ": no such SQLite database file"},
        {name, {}, sdk::StatusCode::source_unreadable, name + " [table participants]: missing required column 'start_date'"},
        {name, {{"participants_query", "SELECT person_id, sex AS start_date FROM participants"}, {"hours_query", "SELEC * FROM hours"}},
         sdk::StatusCode::source_unreadable, name + " [hours_query: SELEC * FROM hours]: near \"SELEC\": syntax error"},
        {name, {{"participants_query", "SELECT person_id, start_date FROM participants"}}, sdk::StatusCode::source_unreadable,
         name + " [participants_query: SELECT person_id, start_date FROM participants]: no such column: start_date"},
        {name, {{"participants_query", "SELECT person_id, sex AS start_date FROM participants"}, {"kaa_query", "SELECT * FROM kaa"}},
         sdk::StatusCode::source_unreadable, name + " [kaa_query: SELECT * FROM kaa]: no such table: kaa"},
        {name, {{"batch_rows", "0"}}, sdk::StatusCode::bad_option, "sql: option batch_rows = '0' is not a whole number from 1 to 1000000"},
    };
    for (const Case& c : cases) {
        ReadResult r;
        read_sql(c.source, r, c.options);
        CHECK(r.status.code == c.code);
        CHECK(r.status.message == c.message);
    }
    sqlite_exec(db, "DROP TABLE participants;");
    ReadResult r;
    read_sql(name, r);
    CHECK(r.status.code == sdk::StatusCode::source_unreadable);
    CHECK(r.status.message == name + ": no table participants (it is required; or give participants_query)");
}

TEST_CASE("sqlite: a query that writes is refused and the file stays as it was", "[sql][sqlite]") {
    TempDir tmp("sql-sqlite-readonly");
    const fs::path db = tmp / "ro.db";
    sqlite_exec(db, "CREATE TABLE participants (person_id TEXT, start_date DATE);"
                    "INSERT INTO participants VALUES ('199710052391', '2017-01-16');");
    const auto before = fs::last_write_time(db);
    ReadResult r;
    // RETURNING makes a DELETE look like a query; it is not read.
    read_sql("sqlite:" + db.string(), r, {{"participants_query", "SELECT person_id, start_date FROM participants"}, {"hours_query", "DELETE FROM participants RETURNING person_id, '2017-01-20' AS date, 1 AS hours"}});
    CHECK(r.status.code == sdk::StatusCode::source_unreadable);
    CHECK(r.status.message.find("hours_query") != std::string::npos);
    CHECK(fs::last_write_time(db) == before);
    ReadResult again;
    read_sql("sqlite:" + db.string(), again);
    REQUIRE(again.status.is_ok());
    CHECK(again.sink.inputs[0].rows.size() == 1u);
}

// -------------------------------------------------------------- PostgreSQL

TEST_CASE("postgresql: tables with native types give canonical records", "[sql][postgresql]") {
    const PgCluster& pg = PgCluster::shared();
    const std::string db = pg.create_database("types");
    pg.psql(db, std::string(kPgSchema) + kPgRows);
    ReadResult r;
    read_sql(pg.uri(db), r);
    INFO(r.status.message);
    REQUIRE(r.status.is_ok());
    REQUIRE(r.sink.inputs.size() == 3u);
    const Input& p = r.sink.inputs[0];
    CHECK(p.path == pg.uri(db) + " [table participants]");
    REQUIRE(p.rows.size() == 3u);
    CHECK(p.rows[0].second == std::vector<std::string>{"199710052391", "M", "2017-01-16", "2017-05-13", "in_school", "other", "", "", ""});
    CHECK(p.rows[1].second == std::vector<std::string>{"199905222387", "K", "2017-02-06", "", "", "", "", "", ""});
    CHECK(r.sink.warnings ==
          std::vector<std::string>{pg.uri(db) + " [table participants]: column 9 'subproject' is not used; ignored"});
    const Input& a = r.sink.inputs[1];
    CHECK(a.kind == sdk::RecordKind::assessment);
    REQUIRE(a.rows.size() == 2u);
    CHECK(a.rows[0].second == std::vector<std::string>{"199710052391", "2017-01-20", "sjalvskattning", "4"});
    CHECK(a.rows[1].second == std::vector<std::string>{"", "", "", ""});
    const Input& h = r.sink.inputs[2];
    CHECK(h.kind == sdk::RecordKind::hours);
    REQUIRE(h.rows.size() == 3u);
    CHECK(h.rows[0].second == std::vector<std::string>{"199710052391", "2017-01-18", "7.50", ""});
    CHECK(h.rows[1].second == std::vector<std::string>{"199905222387", "2017-02-07", "3.00", "studiebesök"});
    CHECK(h.rows[2].second[2] == "2.25");
}

TEST_CASE("postgresql: a query per record kind and batches through a cursor", "[sql][postgresql]") {
    const PgCluster& pg = PgCluster::shared();
    const std::string db = pg.create_database("query");
    pg.psql(db, std::string(kPgSchema) + kPgRows +
                    "INSERT INTO hours SELECT '199905222387', date '2017-03-01' + i, i % 8 + 0.5, NULL FROM generate_series(1, 95) i;");
    ReadResult r;
    read_sql(pg.uri(db), r,
             {{"participants_query", "SELECT * FROM participants WHERE subproject = 'kumla' ORDER BY person_id"},
              {"hours_query", "SELECT person_id, date::date AS date, hours FROM hours ORDER BY date"},
              {"batch_rows", "10"}});
    INFO(r.status.message);
    REQUIRE(r.status.is_ok());
    const Input& p = r.sink.inputs[0];
    CHECK(p.path == pg.uri(db) + " [participants_query: SELECT * FROM participants WHERE subproject = 'kumla' ORDER BY person_id]");
    REQUIRE(p.rows.size() == 2u);
    CHECK(p.rows[0].second[0] == "199710052391");
    CHECK(p.rows[1].second[0] == "199905222387");
    const Input& h = *r.sink.input(sdk::RecordKind::hours);
    REQUIRE(h.rows.size() == 98u);
    for (std::size_t i = 0; i < h.rows.size(); ++i) CHECK(h.rows[i].first == i + 1);
    CHECK(h.rows[3].second == std::vector<std::string>{"199905222387", "2017-03-02", "1.50", ""});
    CHECK(h.rows[97].second == std::vector<std::string>{"199905222387", "2017-06-04", "7.50", ""});
}

TEST_CASE("postgresql: the password comes from PGPASSWORD or a private password file - or peer authentication", "[sql][postgresql]") {
    const PgCluster& pg = PgCluster::shared();
    const std::string db = pg.create_database("auth");
    const CommandResult os_user = must_run("id -un");
    const std::string me = os_user.out.substr(0, os_user.out.find('\n'));
    pg.psql(db, std::string(kPgSchema) + kPgRows + "GRANT SELECT ON ALL TABLES IN SCHEMA public TO esf_reader, \"" + me + "\";");
    TempDir tmp("sql-auth");
    const fs::path passfile = tmp / "pgpass";
    write_file(passfile, "*:*:*:esf_reader:reader-secret\n");
    ::chmod(passfile.c_str(), 0600);
    {
        ScopedEnv password("PGPASSWORD", std::nullopt);
        ScopedEnv file("PGPASSFILE", (tmp / "none").string());
        ReadResult r;
        read_sql(pg.uri(db, "esf_reader"), r);
        CHECK(r.status.code == sdk::StatusCode::source_unreadable);
        CHECK(r.status.message.find("no password supplied") != std::string::npos);
    }
    {
        ScopedEnv password("PGPASSWORD", std::string("reader-secret"));
        ReadResult r;
        read_sql(pg.uri(db, "esf_reader"), r);
        INFO(r.status.message);
        CHECK(r.status.is_ok());
        CHECK(r.sink.records == 8u);
    }
    {
        ScopedEnv password("PGPASSWORD", std::nullopt);
        ScopedEnv file("PGPASSFILE", passfile.string());
        ReadResult r;
        read_sql(pg.uri(db, "esf_reader"), r);
        INFO(r.status.message);
        CHECK(r.status.is_ok());
        CHECK(r.sink.records == 8u);
    }
    {
        // pg_hba.conf: "local all <this OS user> peer" - no password at all.
        ScopedEnv password("PGPASSWORD", std::nullopt);
        ScopedEnv file("PGPASSFILE", (tmp / "none").string());
        ReadResult r;
        read_sql(pg.uri(db, me), r);
        INFO(r.status.message);
        CHECK(r.status.is_ok());
        CHECK(r.sink.records == 8u);
    }
}

TEST_CASE("postgresql: an unreachable server or a wrong database cannot be read", "[sql][postgresql]") {
    const PgCluster& pg = PgCluster::shared();
    TempDir tmp("sql-unreachable");
    ReadResult r;
    const std::string nowhere = "postgresql:///esf?host=" + tmp.path().string();
    read_sql(nowhere, r);
    CHECK(r.status.code == sdk::StatusCode::source_unreadable);
    CHECK(r.status.message.rfind(nowhere + ": ", 0) == 0);
    CHECK(r.status.message.find("No such file or directory") != std::string::npos);

    ReadResult wrong;
    read_sql(pg.uri("no_such_database"), wrong);
    CHECK(wrong.status.code == sdk::StatusCode::source_unreadable);
    CHECK(wrong.status.message.rfind(pg.uri("no_such_database") + ": ", 0) == 0);
    CHECK(wrong.status.message.find("database \"no_such_database\" does not exist") != std::string::npos);
    CHECK(wrong.sink.inputs.empty());
}

TEST_CASE("postgresql: a missing table or column or a syntax error names the table or query", "[sql][postgresql]") {
    const PgCluster& pg = PgCluster::shared();
    const std::string db = pg.create_database("faults");
    pg.psql(db, std::string(kPgSchema) + kPgRows);
    const std::string uri = pg.uri(db);
    struct Case {
        std::vector<sdk::Option> options;
        std::string message;
    };
    const std::vector<Case> cases = {
        {{{"hours_query", "SELECT person_id, date FROM hours"}},
         uri + " [hours_query: SELECT person_id, date FROM hours]: missing required column 'hours'"},
        {{{"hours_query", "SELECT person_id, date, hour FROM hours"}},
         uri + " [hours_query: SELECT person_id, date, hour FROM hours]: ERROR: column \"hour\" does not exist"},
        {{{"kaa_query", "SELECT * FROM kaa"}}, uri + " [kaa_query: SELECT * FROM kaa]: ERROR: relation \"kaa\" does not exist"},
        {{{"hours_query", "SELEC * FROM hours"}}, uri + " [hours_query: SELEC * FROM hours]: ERROR: syntax error at or near \"SELEC\""},
    };
    for (const Case& c : cases) {
        ReadResult r;
        read_sql(uri, r, c.options);
        INFO(r.status.message);
        CHECK(r.status.code == sdk::StatusCode::source_unreadable);
        CHECK(r.status.message.rfind(c.message, 0) == 0);
    }
    pg.psql(db, "DROP TABLE participants");
    ReadResult r;
    read_sql(uri, r);
    CHECK(r.status.code == sdk::StatusCode::source_unreadable);
    CHECK(r.status.message == uri + ": no table participants (it is required; or give participants_query)");
}

TEST_CASE("postgresql: everything is read in a read-only transaction", "[sql][postgresql]") {
    const PgCluster& pg = PgCluster::shared();
    const std::string db = pg.create_database("readonly");
    pg.psql(db, std::string(kPgSchema) + kPgRows +
                    "CREATE TABLE read_log (at timestamp);"
                    "CREATE FUNCTION log_read() RETURNS date LANGUAGE sql AS "
                    "$$ INSERT INTO read_log VALUES (now()); SELECT date '2017-01-18' $$;");
    const std::string uri = pg.uri(db);
    ReadResult locking;
    read_sql(uri, locking, {{"participants_query", "SELECT * FROM participants FOR UPDATE"}});
    CHECK(locking.status.code == sdk::StatusCode::source_unreadable);
    CHECK(locking.status.message.find("cannot execute SELECT FOR UPDATE in a read-only transaction") != std::string::npos);

    ReadResult writing;
    read_sql(uri, writing, {{"hours_query", "SELECT person_id, log_read() AS date, hours FROM hours"}});
    CHECK(writing.status.code == sdk::StatusCode::source_unreadable);
    CHECK(writing.status.message.rfind(uri + " [hours_query: SELECT person_id, log_read() AS date, hours FROM hours]: ", 0) == 0);
    CHECK(writing.status.message.find("cannot execute INSERT in a read-only transaction") != std::string::npos);
    const CommandResult count = must_run("psql -X -tA -h " + shell_quote(pg.socket()) + " -U esf_admin -d " + db +
                                         " -c 'SELECT count(*) FROM read_log'");
    CHECK(count.out == "0\n");
}

TEST_CASE("postgresql: a server killed during a read stops the read with its row", "[sql][postgresql]") {
    // A cluster of its own: the shared one serves other tests meanwhile.
    TempDir tmp("sql-killed");
    PgCluster pg(tmp / "state", true);
    pg.psql("postgres", "CREATE DATABASE esf");
    pg.psql("esf", std::string(kPgSchema) + kPgRows +
                       "INSERT INTO hours SELECT '199905222387', date '2017-03-01' + i % 200, 1, NULL FROM generate_series(1, 5000) i;");
    ReadResult r;
    bool killed = false;
    r.sink.after_record = [&](std::uint64_t n) {
        if (n == 10 && !killed) {  // 3 participants, then 7 hour rows of the first batch
            killed = true;
            pg.stop();
        }
    };
    read_sql(pg.uri("esf"), r, {{"batch_rows", "100"}});
    REQUIRE(killed);
    CHECK(r.status.code == sdk::StatusCode::source_unreadable);
    CHECK(r.status.message.rfind(pg.uri("esf") + " [table hours], after row 100: ", 0) == 0);
    INFO(r.status.message);
    CHECK(r.sink.input(sdk::RecordKind::hours)->rows.size() == 100u);
    CHECK_FALSE(r.sink.input(sdk::RecordKind::hours)->ended);
}

// ------------------------------------------------ through the esfreport executable

namespace {

std::string manifest_value(const std::string& manifest, const std::string& key, std::size_t from = 0) {
    const std::string tag = "\"" + key + "\": ";
    const std::size_t at = manifest.find(tag, from);
    if (at == std::string::npos) return {};
    const std::size_t start = at + tag.size();
    return manifest.substr(start, manifest.find_first_of(",\n", start) - start);
}

}  // namespace

TEST_CASE("run: a relative sqlite path - the table and a digest of its rows in the manifest", "[sql][sqlite][e2e]") {
    TempDir tmp("sql-run-manifest");
    write_file(tmp / "csv/participants.csv", "person_id,sex,start_date\n199710052391,M,2017-01-16\n199905222387,K,2017-02-06\n");
    build_sqlite(tmp / "csv", tmp / "project/db/alpha.db");
    const fs::path config = esfreport::test::write_fixture_project(tmp / "project", "sql", "", "sqlite:db/alpha.db");
    auto run = [&](const std::string& out) {
        const CommandResult r = esfreport::test::run_esfreport("run --quiet " + shell_quote(config.string()) + " --out " +
                                                               shell_quote((tmp / out).string()));
        INFO(r.out << r.err);
        REQUIRE(r.exit_code == 0);
        return esfreport::test::read_file(tmp / out / "manifest.json");
    };
    const std::string first = run("out1");
    const std::string db = (tmp / "project/db/alpha.db").string();
    CHECK(manifest_value(first, "path", first.find("\"inputs\"")) == "\"sqlite:" + db + " [table participants]\"");
    CHECK(manifest_value(first, "sha256", first.find("\"inputs\"")) == "null");
    const std::string digest = manifest_value(first, "rows_sha256");
    CHECK(digest.size() == 66u);  // 64 hex digits in quotes
    CHECK(manifest_value(run("out2"), "rows_sha256") == digest);  // same rows, same digest
    sqlite_exec(db, "UPDATE participants SET start_date = '2017-01-17' WHERE sex = 'M';");
    const std::string changed = manifest_value(run("out3"), "rows_sha256");
    CHECK(changed.size() == 66u);
    CHECK(changed != digest);
}

TEST_CASE("validate: a password in the configuration never reaches the terminal", "[sql][e2e]") {
    TempDir tmp("sql-run-password");
    const fs::path config = esfreport::test::write_fixture_project(tmp.path(), "sql", "", "postgresql://esf:s3cret@db.example.se/esf");
    const CommandResult r = esfreport::test::run_esfreport("validate " + shell_quote(config.string()));
    CHECK(r.exit_code == 2);
    CHECK(r.out.find("s3cret") == std::string::npos);
    CHECK(r.err.find("s3cret") == std::string::npos);
    CHECK(r.err.find("from postgresql://esf:***@db.example.se/esf") != std::string::npos);
    CHECK(r.err.find("subproject 'alpha': plugin 'sql' rejected its options: the connection string holds a password") !=
          std::string::npos);
}

TEST_CASE("run: a PostgreSQL fault stops the run with status 1 - naming the subproject - and writes nothing", "[sql][postgresql][e2e]") {
    const PgCluster& pg = PgCluster::shared();
    const std::string db = pg.create_database("run_fault");
    pg.psql(db, std::string(kPgSchema) + kPgRows);
    TempDir tmp("sql-run-fault");
    const fs::path config = esfreport::test::write_fixture_project(
        tmp.path(), "sql", "[subproject.options]\nhours_query = \"SELECT person_id, date, hour FROM hours\"\n", pg.uri(db));
    const CommandResult r = esfreport::test::run_esfreport("run --quiet " + shell_quote(config.string()) + " --out " +
                                                           shell_quote((tmp / "out").string()));
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("subproject 'alpha': plugin 'sql' cannot read the source: " + pg.uri(db) +
                     " [hours_query: SELECT person_id, date, hour FROM hours]: ERROR: column \"hour\" does not exist") !=
          std::string::npos);
    // The output folder is made and locked before any data is read; a failed
    // run leaves no file in it.
    CHECK(esfreport::test::holds_no_output(tmp / "out"));
}
