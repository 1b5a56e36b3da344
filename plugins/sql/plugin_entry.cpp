// Registers the SQL source as plugin "sql". Everything else lives in
// esfreport_plugin_sql_impl, which the tests link directly.
#include "sql_source.hpp"

#include <esfreport/sdk/plugin.hpp>

namespace {

const esfreport_option_spec kSqlOptions[] = {
    {"participants_query", "SELECT replacing the table participants (columns named as in canonical-csv.md)", nullptr, 0},
    {"assessments_query", "SELECT replacing the table assessments", nullptr, 0},
    {"attendance_query", "SELECT replacing the table attendance", nullptr, 0},
    {"hours_query", "SELECT replacing the table hours", nullptr, 0},
    {"kaa_query", "SELECT replacing the table kaa", nullptr, 0},
    {"batch_rows", "Rows fetched per batch (1 to 1000000)", "10000", 0},
};

}  // namespace

ESFREPORT_SOURCE_PLUGIN(esfreport::plugins::sql::SqlSource, "sql", "1.0.0",
                        "SQLite file (sqlite:PATH) or PostgreSQL database (postgresql://...): tables participants and "
                        "optional assessments, attendance, hours and kaa, or a query per record kind",
                        kSqlOptions)
