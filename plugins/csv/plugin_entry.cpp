// Registers the canonical CSV source as plugin "csv". Everything else lives in
// esfreport_plugin_csv_impl, which the tests link directly.
#include "csv_source.hpp"

#include <esfreport/sdk/plugin.hpp>

namespace {

const esfreport_option_spec kCsvOptions[] = {
    {"delimiter", "Field delimiter: auto (detected from the header line), ',', ';' or tab", "auto", 0},
    {"encoding",
     "Text encoding: auto (UTF-8 when the 64 KiB from the first non-ASCII byte hold a UTF-8 character, else "
     "Windows-1252), utf-8 or windows-1252",
     "auto", 0},
};

}  // namespace

ESFREPORT_SOURCE_PLUGIN(esfreport::plugins::csv::CsvSource, "csv", "1.1.0",
                        "Canonical CSV folder: participants.csv and optional assessments.csv, attendance.csv, "
                        "hours.csv and aggregates.csv",
                        kCsvOptions)
