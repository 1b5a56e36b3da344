// Registers the workbook source as plugin "xlsx". Everything else lives in
// esfreport_plugin_xlsx_impl, which the tests link directly.
#include "xlsx_source.hpp"

#include <esfreport/sdk/plugin.hpp>

namespace {

const esfreport_option_spec kXlsxOptions[] = {
    {"participants_sheet", "Sheet of participant periods (default: Deltagare or participants, else the first sheet)",
     nullptr, 0},
    {"assessments_sheet", "Sheet of assessments (default: Bedömningar or assessments)", nullptr, 0},
    {"attendance_sheet", "Sheet of attendance (default: Närvaro or attendance)", nullptr, 0},
    {"hours_sheet", "Sheet of participant hours (default: Timmar or hours)", nullptr, 0},
    {"kaa_sheet", "Sheet of the KAA register (default: KAA)", nullptr, 0},
    {"header_row", "Row of the header: auto (the first of rows 1-20 holding the required columns) or a row number",
     "auto", 0},
};

}  // namespace

ESFREPORT_SOURCE_PLUGIN(esfreport::plugins::xlsx::XlsxSource, "xlsx", "1.0.0",
                        "Excel workbooks (.xlsx, .xlsm) or a folder of them: one sheet per record kind",
                        kXlsxOptions)
