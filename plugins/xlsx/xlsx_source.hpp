// The xlsx source: a workbook (.xlsx, .xlsm) or a folder of workbooks, one
// sheet per record kind. Header names are matched as the csv plugin matches
// them (its normalisation and aliases); the values go to the host as text,
// which parses and validates them, so workbooks and CSV files get the same
// rules and messages.
#pragma once

#include "workbook.hpp"

#include <esfreport/sdk/plugin.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace esfreport::plugins::xlsx {

// Header rows are looked for among the first rows of a sheet (title rows,
// merged cells and blank rows above the header are common).
inline constexpr std::uint32_t kHeaderSearchRows = 20;

// The plugin option naming the sheet of a kind, e.g. "participants_sheet".
std::string sheet_option(sdk::RecordKind kind);
// True when a sheet name stands for the kind by default: Deltagare or
// participants, Bedömningar or assessments, Närvaro or attendance, Timmar or
// hours, KAA (case and surrounding spaces ignored).
bool is_default_sheet_name(sdk::RecordKind kind, std::string_view sheet_name);

// What the host lists and names in messages for one sheet: "<file>!<sheet>".
std::string input_name(const std::filesystem::path& workbook, std::string_view sheet);

class XlsxSource : public sdk::SourcePluginBase {
protected:
    void do_read(const sdk::SourceRequest& request, sdk::RecordSink& sink) override;
};

}  // namespace esfreport::plugins::xlsx
