// Fuzz target "xlsx": the xlsx plugin's workbook reader on a workbook of any
// content (the input is the whole .xlsx file, read from memory).
//
// Workbook::from_bytes(), then every row of every sheet. Every problem must be
// a WorkbookError with a message (any other exception escapes and is reported
// as a crash). What is read keeps the reader's promises: rows with increasing
// numbers, cells in increasing columns within Excel's 16,384, cell text within
// the cell limit and a row's text within the row limit. The limits are lowered
// so that one input stays fast: a part unpacks to at most 1 MiB.
#include "fuzz_support.hpp"

#include "workbook.hpp"

#include <cstdint>
#include <string>

namespace {

using namespace esfreport::plugins::xlsx;

constexpr std::uint32_t kMaxColumn = 16384;  // XFD

WorkbookLimits fuzz_limits() {
    WorkbookLimits limits;
    limits.zip.max_part_bytes = std::uint64_t{1} << 20;
    limits.zip.ratio_free_bytes = std::uint64_t{64} << 10;
    limits.zip.max_entries = 256;
    limits.max_shared_string_bytes = std::size_t{256} << 10;
    limits.max_small_part_bytes = std::size_t{256} << 10;
    limits.max_cell_bytes = 1024;
    limits.max_row_bytes = std::size_t{16} << 10;
    return limits;
}

void read_sheet(Workbook& book, const SheetInfo& sheet, const WorkbookLimits& limits) {
    SheetReader rows = book.read_sheet(sheet);
    FUZZ_CHECK(rows.sheet_name() == sheet.name, "reader of '" + rows.sheet_name() + "' for sheet '" + sheet.name + "'");
    std::uint32_t last_row = 0;
    while (const Row* row = rows.next()) {
        FUZZ_CHECK(row->number > last_row, "row " + std::to_string(row->number) + " after " + std::to_string(last_row));
        last_row = row->number;
        FUZZ_CHECK(!row->cells.empty(), "row " + std::to_string(row->number) + " without cells");
        std::uint32_t last_column = 0;
        std::size_t row_bytes = 0;
        for (const Cell& cell : row->cells) {
            const std::string where = sheet.name + "!" + cell_reference(cell.column, row->number);
            FUZZ_CHECK(cell.column > last_column && cell.column <= kMaxColumn,
                       "column " + std::to_string(cell.column) + " after " + std::to_string(last_column));
            last_column = cell.column;
            FUZZ_CHECK(cell.text.size() <= limits.max_cell_bytes,
                       where + " holds " + std::to_string(cell.text.size()) + " bytes");
            FUZZ_CHECK(cell.kind != CellKind::bad_date || !cell.text.empty(), where + ": a bad date without a reason");
            row_bytes += cell.text.size();
        }
        FUZZ_CHECK(row_bytes <= limits.max_row_bytes, "row " + std::to_string(row->number) + " holds " +
                                                          std::to_string(row_bytes) + " bytes of text");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const WorkbookLimits limits = fuzz_limits();
    try {
        Workbook book = Workbook::from_bytes(esfreport::fuzz::as_text(data, size), limits);
        for (const SheetInfo& sheet : book.sheets()) {
            FUZZ_CHECK(!sheet.part.empty(), "sheet '" + sheet.name + "' without a part");
            // Each sheet on its own: one that fails must not keep the next from being read.
            try {
                read_sheet(book, sheet, limits);
            } catch (const WorkbookError& e) {
                FUZZ_CHECK(*e.what() != '\0', "a WorkbookError without a message");
            }
        }
    } catch (const WorkbookError& e) {
        FUZZ_CHECK(*e.what() != '\0', "a WorkbookError without a message");
    }
    return 0;
}
