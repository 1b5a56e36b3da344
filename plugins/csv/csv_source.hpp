// The canonical CSV source: one folder per subproject holding the files of
// canonical-csv.md. Header names are mapped onto the canonical columns; the
// values go to the host as text, which parses and validates them.
#pragma once

#include "csv_reader.hpp"

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

// A header name as it is matched: surrounding spaces removed, lower case
// (also Å, Ä, Ö and the other Latin-1 capitals), inner runs of spaces as '_'.
std::string normalize_header(std::string_view name);

// The canonical field (index into sdk::schema_of(kind)) a header name stands
// for, by its canonical name or a Swedish alias; -1 when none.
int canonical_field(sdk::RecordKind kind, std::string_view header_name);

class CsvSource : public sdk::SourcePluginBase {
protected:
    void do_read(const sdk::SourceRequest& request, sdk::RecordSink& sink) override;

private:
    void read_records(sdk::RecordKind kind, const std::filesystem::path& file, const CsvReaderOptions& options,
                      sdk::RecordSink& sink);
    void read_aggregates(const std::filesystem::path& file, const CsvReaderOptions& options, sdk::RecordSink& sink);
};

}  // namespace esfreport::plugins::csv
