#include "sql_source.hpp"

#include <esfreport/sdk/columns.hpp>

#include <Poco/Data/MetaColumn.h>
#include <Poco/Data/PostgreSQL/SessionImpl.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/SQLite/SessionImpl.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

#include <array>
#include <charconv>
#include <vector>

namespace esfreport::plugins::sql {

namespace {

using sdk::RecordKind;
using namespace Poco::Data::Keywords;

constexpr std::size_t kMaxFields = sdk::kaa_field_count;
constexpr std::uint32_t kMaxBatchRows = 1'000'000;
constexpr const char* kCursor = "esfreport_rows";

std::string_view trim(std::string_view s) {
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

// Runs of white space (a multi-line query, libpq's indented hints) as one space.
std::string one_line(std::string_view s) {
    std::string out;
    bool space = false;
    for (char c : trim(s)) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            space = true;
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

// The line of a multi-line message that starts with `tag`, without the tag's
// padding; empty when there is none.
std::string line_starting(const std::string& text, std::string_view tag) {
    std::size_t at = text.find(tag);
    while (at != std::string::npos && at > 0 && text[at - 1] != '\n' && text[at - 1] != ' ') at = text.find(tag, at + 1);
    if (at == std::string::npos) return {};
    return one_line(text.substr(at, text.find('\n', at) - at));
}

// What went wrong, in one line. The PostgreSQL connector wraps the server's
// "ERROR:" line in its own words and appends the statement; the HINT is kept.
// The SQLite connector repeats itself ("no such table: x: no such table: x").
std::string reason_of(const Poco::Exception& e) {
    const std::string raw = e.message();
    if (std::string error = line_starting(raw, "ERROR:"); !error.empty()) {
        if (std::string hint = line_starting(raw, "HINT:"); !hint.empty()) error += " (" + hint + ")";
        return error;
    }
    std::string m = one_line(raw);
    if (m.empty()) m = one_line(e.displayText());
    const std::size_t half = m.size() / 2;
    if (m.size() > 2 && m.size() % 2 == 0 && m.compare(half - 1, 2, ": ") == 0 && m.compare(0, half - 1, m, half + 1) == 0)
        m.resize(half - 1);
    return m;
}

std::string quote_identifier(std::string_view name) {
    std::string out = "\"";
    for (char c : name) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

// A query as given, without trailing semicolons (it is wrapped and declared
// as a cursor).
std::string_view strip_query(std::string_view q) {
    q = trim(q);
    while (!q.empty() && q.back() == ';') q = trim(q.substr(0, q.size() - 1));
    return q;
}

std::uint32_t batch_rows(const sdk::SourceRequest& request) {
    const std::string_view text = trim(request.option("batch_rows", "10000"));
    std::uint32_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 1 || value > kMaxBatchRows)
        throw sdk::BadOption("sql: option batch_rows = '" + std::string(text) + "' is not a whole number from 1 to " +
                             std::to_string(kMaxBatchRows));
    return value;
}

struct ResultColumn {
    std::string name;
    ColumnType type = ColumnType::text;
};

// One open database inside its read-only transaction.
class Database {
public:
    Database(const Connection& connection, std::uint32_t batch_rows)
        : connection_(connection), batch_rows_(batch_rows), session_(open(connection)) {
        if (connection_.backend == Backend::sqlite) {
            session_ << "PRAGMA query_only = ON", now;
            session_ << "BEGIN", now;
        } else {
            session_ << "SET DateStyle = 'ISO, YMD'", now;
            session_ << "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", now;
        }
    }

    bool has_table(std::string_view name) {
        std::string found;
        Poco::Data::Statement st(session_);
        if (connection_.backend == Backend::sqlite)
            st << "SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') AND lower(name) = '" << name << "'";
        else
            st << "SELECT count(*) FROM pg_catalog.pg_class WHERE oid = to_regclass('" << name << "')";
        st, into(found), now;
        return found != "0";
    }

    // The columns `sql` returns, learnt without fetching a row.
    std::vector<ResultColumn> columns_of(std::string_view sql) {
        Poco::Data::Statement probe(session_);
        // A CTE rather than a subquery: a misspelt SELECT stays a syntax error.
        probe << "WITH esfreport_probe AS (\n" << sql << "\n) SELECT * FROM esfreport_probe LIMIT 0";
        probe.execute();
        Poco::Data::RecordSet rs(probe);
        std::vector<ResultColumn> columns;
        for (std::size_t i = 0; i < rs.columnCount(); ++i) {
            const auto t = rs.columnType(i);
            const bool is_date = t == Poco::Data::MetaColumn::FDT_DATE || t == Poco::Data::MetaColumn::FDT_TIMESTAMP;
            columns.push_back({rs.columnName(i), is_date ? ColumnType::date : ColumnType::text});
        }
        return columns;
    }

    // Runs `sql` (returning `column_count` columns) and calls
    // on_batch(values, rows) per batch; values[c][r] is column c of row r,
    // NULL as empty text.
    template <class OnBatch>
    void stream(const std::string& sql, std::size_t column_count, OnBatch on_batch) {
        std::vector<std::vector<std::string>> values(column_count);
        for (auto& v : values) v.reserve(batch_rows_);
        Poco::Data::Statement st(session_);
        if (connection_.backend == Backend::sqlite) {
            // One statement, stepped batch_rows at a time.
            st << sql, limit(batch_rows_);
            for (auto& v : values) st, into(v);
            while (!st.done()) {
                for (auto& v : values) v.clear();
                st.execute();
                if (values[0].empty()) break;
                on_batch(values, values[0].size());
            }
        } else {
            // Poco's PostgreSQL connector holds a whole result in memory, so
            // the rows come through a server-side cursor, FETCH n at a time.
            session_ << "DECLARE " << kCursor << " NO SCROLL CURSOR FOR\n" << sql << "\n", now;
            st << "FETCH FORWARD " << batch_rows_ << " FROM " << kCursor;
            for (auto& v : values) st, into(v);
            while (true) {
                for (auto& v : values) v.clear();
                st.execute();
                if (values[0].empty()) break;
                on_batch(values, values[0].size());
                if (values[0].size() < batch_rows_) break;
            }
            session_ << "CLOSE " << kCursor, now;
        }
    }

    void finish() { session_ << "COMMIT", now; }

private:
    static Poco::Data::Session open(const Connection& c) {
        if (c.backend == Backend::sqlite) return Poco::Data::Session(new Poco::Data::SQLite::SessionImpl(c.connector_string));
        return Poco::Data::Session(new Poco::Data::PostgreSQL::SessionImpl(c.connector_string));
    }

    const Connection& connection_;
    std::uint32_t batch_rows_;
    Poco::Data::Session session_;
};

// What one record kind is read from.
struct ReadPlan {
    std::string label;      // the input's name in messages and the manifest
    std::string probe_sql;  // learns the columns
    std::string query;      // the user's query; empty when a table is read
    std::string_view table;
};

void read_records(Database& db, RecordKind kind, const ReadPlan& plan, const sdk::SourceRequest& request, sdk::RecordSink& sink) {
    std::vector<ResultColumn> columns;
    try {
        columns = db.columns_of(plan.probe_sql);
    } catch (const Poco::Exception& e) {
        throw sdk::SourceUnreadable(plan.label + ": " + reason_of(e));
    }
    sink.begin_input(kind, plan.label);

    // Result columns onto canonical fields: the subproject's [subproject.columns]
    // first, then the SDK's names and aliases, as every plugin does.
    const sdk::Schema schema = sdk::schema_of(kind);
    const sdk::HeaderMatcher matcher(request, kind);
    std::array<std::uint32_t, kMaxFields> column_of{};  // per field: 1-based result column, 0 if absent
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const auto column = static_cast<std::uint32_t>(i + 1);
        const int matched = matcher.field_of(columns[i].name);
        const std::size_t field = matched < 0 ? schema.count : static_cast<std::size_t>(matched);
        if (field == schema.count) {
            sink.warning(plan.label + ": column " + std::to_string(column) + " '" + columns[i].name + "' is not used; ignored");
            continue;
        }
        if (column_of[field] != 0)
            throw sdk::SourceUnreadable(plan.label + ": columns " + std::to_string(column_of[field]) + " '" +
                                        columns[column_of[field] - 1].name + "' and " + std::to_string(column) + " '" +
                                        columns[i].name + "' both stand for '" + std::string(schema.columns[field].name) + "'");
        column_of[field] = column;
    }
    matcher.check_mapped(column_of.data(), plan.label);
    for (std::size_t k = 0; k < schema.count; ++k)
        if (schema.columns[k].required && column_of[k] == 0)
            throw sdk::SourceUnreadable(plan.label + ": missing required column '" + std::string(schema.columns[k].name) + "'");

    // A table is read by the used columns only; a query as it is written.
    std::string sql = plan.query;
    std::array<std::size_t, kMaxFields> value_of{};  // per present field: index into the fetched values
    std::size_t fetched = 0;
    if (plan.query.empty()) {
        sql = "SELECT ";
        for (std::size_t k = 0; k < schema.count; ++k) {
            if (column_of[k] == 0) continue;
            sql += (fetched == 0 ? "" : ", ") + quote_identifier(columns[column_of[k] - 1].name);
            value_of[k] = fetched++;
        }
        sql += " FROM " + std::string(plan.table);
    } else {
        fetched = columns.size();
        for (std::size_t k = 0; k < schema.count; ++k)
            if (column_of[k] != 0) value_of[k] = column_of[k] - 1;
    }

    std::array<sdk::Field, kMaxFields> fields{};
    for (std::size_t k = 0; k < schema.count; ++k) fields[k].column = column_of[k];
    std::uint64_t row = 0;
    try {
        db.stream(sql, fetched, [&](const std::vector<std::vector<std::string>>& values, std::size_t rows) {
            for (std::size_t r = 0; r < rows; ++r) {
                ++row;
                for (std::size_t k = 0; k < schema.count; ++k)
                    fields[k].text = column_of[k] == 0 ? std::string_view()
                                                       : canonical_text(values[value_of[k]][r], columns[column_of[k] - 1].type);
                sink.record(row, fields.data(), schema.count);
            }
        });
    } catch (const Poco::Exception& e) {
        throw sdk::SourceUnreadable(plan.label + (row == 0 ? "" : ", after row " + std::to_string(row)) + ": " + reason_of(e));
    }
    sink.end_input();
}

}  // namespace

std::string_view canonical_text(std::string_view raw, ColumnType type) {
    std::string_view s = trim(raw);
    if (type == ColumnType::date && s.size() > 10 && (s[10] == ' ' || s[10] == 'T')) {
        // 2016-01-18 10:00:00[+01]: the date of the timestamp.
        bool iso = s[4] == '-' && s[7] == '-';
        for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) iso = iso && s[i] >= '0' && s[i] <= '9';
        if (iso) s = s.substr(0, 10);
    }
    return s;
}

std::string_view default_table(RecordKind kind) {
    switch (kind) {
    case RecordKind::participant_period: return "participants";
    case RecordKind::assessment: return "assessments";
    case RecordKind::attendance: return "attendance";
    case RecordKind::hours: return "hours";
    case RecordKind::kaa: return "kaa";
    }
    return {};
}

std::string query_option(RecordKind kind) { return std::string(default_table(kind)) + "_query"; }

void SqlSource::do_read(const sdk::SourceRequest& request, sdk::RecordSink& sink) {
    const std::uint32_t batch = batch_rows(request);
    const Connection connection = parse_connection(request.source);
    try {
        Database db(connection, batch);
        // Participant periods first: the other kinds refer to them.
        for (RecordKind kind : {RecordKind::participant_period, RecordKind::assessment, RecordKind::attendance,
                                RecordKind::hours, RecordKind::kaa}) {
            ReadPlan plan;
            const std::string option = query_option(kind);
            plan.query = std::string(strip_query(request.option(option)));
            if (!plan.query.empty()) {
                plan.label = connection.display + " [" + option + ": " + one_line(plan.query) + "]";
                plan.probe_sql = plan.query;
            } else {
                plan.table = default_table(kind);
                plan.label = connection.display + " [table " + std::string(plan.table) + "]";
                bool present = false;
                try {
                    present = db.has_table(plan.table);
                } catch (const Poco::Exception& e) {
                    throw sdk::SourceUnreadable(connection.display + ": " + reason_of(e));
                }
                if (!present) {
                    // Like a missing optional CSV file; participants are required.
                    if (kind == RecordKind::participant_period)
                        throw sdk::SourceUnreadable(connection.display + ": no table participants (it is required; or give " +
                                                    option + ")");
                    continue;
                }
                plan.probe_sql = "SELECT * FROM " + std::string(plan.table);
            }
            read_records(db, kind, plan, request, sink);
        }
        db.finish();
    } catch (const Poco::Exception& e) {
        throw sdk::SourceUnreadable(connection.display + ": " + reason_of(e));
    }
}

}  // namespace esfreport::plugins::sql
