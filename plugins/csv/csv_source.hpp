// The canonical CSV source: one folder per subproject holding the files of
// canonical-csv.md. Header names are mapped onto the canonical columns by the
// SDK's HeaderMatcher (esfreport/sdk/columns.hpp); the
// values go to the host as text, which parses and validates them.
#pragma once

#include "csv_reader.hpp"

#include <esfreport/sdk/columns.hpp>
#include <esfreport/sdk/plugin.hpp>

#include <filesystem>
#include <string>
#include <string_view>

namespace esfreport::plugins::csv {

// Optional file of subproject figures that are not about persons.
inline constexpr std::string_view kAggregatesFile = "aggregates.csv";

// Reader settings from the plugin options `delimiter` and `encoding`.
// Throws sdk::BadOption for a value it does not know.
CsvReaderOptions reader_options(const sdk::SourceRequest& request);

class CsvSource : public sdk::SourcePluginBase {
protected:
    void do_read(const sdk::SourceRequest& request, sdk::RecordSink& sink) override;

private:
    void read_records(const sdk::SourceRequest& request, sdk::RecordKind kind, const std::filesystem::path& file,
                      const CsvReaderOptions& options, sdk::RecordSink& sink);
    void read_aggregates(const std::filesystem::path& file, const CsvReaderOptions& options, sdk::RecordSink& sink);
};

}  // namespace esfreport::plugins::csv
