// The SQL source: the canonical record kinds read from tables (or queries) of
// an SQLite file or a PostgreSQL database, through Poco::Data.
//
// Everything is read inside one read-only transaction, so the five record
// kinds come from one snapshot of the database and a query that tries to
// write fails. Rows are fetched in batches (SQLite: one statement stepped
// `batch_rows` rows at a time; PostgreSQL: a server-side cursor, FETCH n), so
// memory does not grow with the table.
#pragma once

#include "connection.hpp"

#include <esfreport/sdk/plugin.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace esfreport::plugins::sql {

// The type of a result column, as far as the text handed over depends on it.
enum class ColumnType { text, date };

// A value as the host wants it: surrounding spaces removed (CHAR(n) pads),
// a DATE or TIMESTAMP as YYYY-MM-DD. NULL arrives here as empty text.
std::string_view canonical_text(std::string_view raw, ColumnType type);

// The option naming the query that replaces the default table of `kind`,
// e.g. "participants_query".
std::string query_option(sdk::RecordKind kind);
// The default table of `kind`, e.g. "participants".
std::string_view default_table(sdk::RecordKind kind);

inline constexpr std::uint32_t kDefaultBatchRows = 10000;

class SqlSource : public sdk::SourcePluginBase {
protected:
    void do_read(const sdk::SourceRequest& request, sdk::RecordSink& sink) override;
};

}  // namespace esfreport::plugins::sql
