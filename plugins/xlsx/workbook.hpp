// Reads the sheets of an .xlsx/.xlsm workbook row by row, in bounded memory.
//
//   Workbook book = Workbook::open("/data/deltagare.xlsx");    // or Workbook::from_bytes(bytes)
//   for (const SheetInfo& s : book.sheets()) {
//       SheetReader rows = book.read_sheet(s);
//       while (const Row* row = rows.next()) { ... row->cells ... }
//   }
//
// A sheet is streamed from the ZIP through expat; only its shared strings
// (bounded by a limit) and the date formats of its styles are held. Every
// problem with the file is a WorkbookError naming the part or the cell; the
// caller adds the file name. This header is all a fuzzing harness needs:
// Workbook::from_bytes() over the input, then every row of every sheet.
#pragma once

#include "cell_format.hpp"
#include "zip_archive.hpp"

#include <esfreport/sdk/cells.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace esfreport::plugins::xlsx {

struct WorkbookLimits {
    ZipLimits zip;
    std::size_t max_shared_string_bytes = std::size_t{256} << 20;  // all shared strings together
    std::size_t max_small_part_bytes = std::size_t{64} << 20;      // workbook.xml, styles, relationships
    std::size_t max_cell_bytes = 32767 * 4;                        // Excel's 32,767 characters in UTF-8
    std::size_t max_row_bytes = std::size_t{16} << 20;             // the text of one row's cells together
};

struct SheetInfo {
    std::string name;
    std::string part;  // e.g. "xl/worksheets/sheet1.xml"
    bool hidden = false;
};

enum class CellKind {
    text,            // a string, a number, a date or a boolean as text
    error,           // an error value such as #N/A: `text` holds it
    missing_value,   // a formula whose value was never saved
    too_long,        // more than WorkbookLimits::max_cell_bytes
    bad_date,        // a date serial that is no date: `text` holds the reason
};

struct Cell {
    std::uint32_t column = 0;  // 1-based: A = 1
    CellKind kind = CellKind::text;
    std::string_view text;     // valid until the next row
};

struct Row {
    std::uint32_t number = 0;  // 1-based sheet row
    std::vector<Cell> cells;   // in column order; empty cells left out
};

// "C" for 3, "AA" for 27; "C17" (the SDK's spelling, esfreport/sdk/cells.hpp).
using sdk::cell_reference;
using sdk::column_letters;

class Workbook;

class SheetReader {
public:
    ~SheetReader();
    SheetReader(SheetReader&&) noexcept;
    SheetReader& operator=(SheetReader&&) = delete;

    // The next row holding at least one cell with a value, or nullptr at the
    // end of the sheet. Throws WorkbookError.
    const Row* next();
    const std::string& sheet_name() const;

private:
    friend class Workbook;
    struct State;
    explicit SheetReader(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

class Workbook {
public:
    // Opens a workbook file (a regular file only; an OLE2 file, i.e. an
    // encrypted or legacy .xls workbook, is refused by name). Throws
    // WorkbookError.
    static Workbook open(const std::filesystem::path& path, WorkbookLimits limits = {});
    // The same over bytes in memory, which must outlive the Workbook.
    static Workbook from_bytes(std::string_view bytes, WorkbookLimits limits = {});

    ~Workbook();
    Workbook(Workbook&&) noexcept;
    Workbook& operator=(Workbook&&) noexcept;

    // Worksheets in workbook order (chart sheets left out).
    const std::vector<SheetInfo>& sheets() const;
    DateSystem date_system() const;
    // Streams one sheet; loads the shared strings on first use.
    SheetReader read_sheet(const SheetInfo& sheet);

private:
    friend class SheetReader;
    struct State;
    explicit Workbook(std::unique_ptr<ByteSource> source, const WorkbookLimits& limits);
    std::unique_ptr<State> state_;
};

}  // namespace esfreport::plugins::xlsx
