#include "esfreport/export/xlsx_writer.hpp"

#include "esfreport/export/number_format.hpp"
#include "esfreport/export/report_summary.hpp"

#include "chart_xlsx.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <clocale>
#include <cmath>
#include <locale.h>
#include <map>
#include <mutex>
#include <stdexcept>
#include <tuple>

namespace fs = std::filesystem;

namespace esfreport {
namespace {

// libxlsxwriter prints numbers with the C library, which follows LC_NUMERIC:
// under a decimal-comma locale it would write "0,5" into the XML. The C
// numeric locale is set for this thread only while we write, and restored.
class CNumericLocale {
public:
    CNumericLocale() {
        locale_t base = duplocale(LC_GLOBAL_LOCALE);
        if (base != locale_t{}) c_ = newlocale(LC_NUMERIC_MASK, "C", base);
        if (c_ == locale_t{}) {
            if (base != locale_t{}) freelocale(base);
            throw std::runtime_error("cannot create the C numeric locale");
        }
        previous_ = uselocale(c_);
    }
    ~CNumericLocale() {
        uselocale(previous_);
        freelocale(c_);
    }
    CNumericLocale(const CNumericLocale&) = delete;
    CNumericLocale& operator=(const CNumericLocale&) = delete;

private:
    locale_t c_{};
    locale_t previous_{};
};

// Characters as Excel counts them: UTF-16 code units.
std::size_t excel_length(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) {
        if ((c & 0xC0) == 0x80) continue;
        n += c >= 0xF0 ? 2 : 1;  // a four-byte sequence is a surrogate pair
    }
    return n;
}

[[noreturn]] void fail(const fs::path& path, const std::string& what, lxw_error error) {
    throw std::runtime_error("cannot write " + path.string() + ": " + what + ": " + lxw_strerror(error));
}

void check(lxw_error error, const fs::path& path, const std::string& what) {
    if (error != LXW_NO_ERROR) fail(path, what, error);
}

// Number of characters as a reader sees them: UTF-8 code points.
std::size_t display_length(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::size_t longest_word(const std::string& s) {
    std::size_t best = 0, current = 0;
    for (unsigned char c : s) {
        if (c == ' ' || c == '\n') {
            current = 0;
        } else if ((c & 0xC0) != 0x80) {
            best = std::max(best, ++current);
        }
    }
    return best;
}

std::string excel_number_format(const Cell& cell) {
    switch (cell.kind) {
    case CellKind::integer: return "#,##0";
    case CellKind::number:
        return cell.decimals > 0 ? "#,##0." + std::string(static_cast<std::size_t>(std::clamp(cell.decimals, 1, 9)), '0') : "#,##0";
    case CellKind::percent:
        return cell.decimals > 0 ? "0." + std::string(static_cast<std::size_t>(std::clamp(cell.decimals, 1, 9)), '0') + "%" : "0%";
    default: return {};
    }
}

enum class Role { title, subtitle, group, header, body, note_text };

// Formats are workbook objects; each distinct combination is made once.
class FormatCache {
public:
    explicit FormatCache(lxw_workbook* workbook) : workbook_(workbook) {}

    lxw_format* get(Role role, RowStyle style = RowStyle::normal, const std::string& number_format = {}, bool right = false) {
        Key key{role, style, number_format, right};
        const auto found = formats_.find(key);
        if (found != formats_.end()) return found->second;
        lxw_format* f = workbook_add_format(workbook_);
        switch (role) {
        case Role::title:
            format_set_bold(f);
            format_set_font_size(f, 14);
            break;
        case Role::subtitle: format_set_italic(f); break;
        case Role::note_text: format_set_font_size(f, 9); break;
        case Role::group:
        case Role::header:
            format_set_bold(f);
            format_set_text_wrap(f);
            format_set_bg_color(f, 0xD9E1F2);
            format_set_border(f, LXW_BORDER_THIN);
            format_set_align(f, role == Role::group ? LXW_ALIGN_CENTER : (right ? LXW_ALIGN_RIGHT : LXW_ALIGN_LEFT));
            format_set_align(f, LXW_ALIGN_VERTICAL_BOTTOM);
            break;
        case Role::body:
            if (!number_format.empty()) format_set_num_format(f, number_format.c_str());
            if (right) format_set_align(f, LXW_ALIGN_RIGHT);
            switch (style) {
            case RowStyle::normal: break;
            case RowStyle::highlight: format_set_bg_color(f, 0xFFF2CC); break;
            case RowStyle::total:
                format_set_bold(f);
                format_set_top(f, LXW_BORDER_THIN);
                break;
            case RowStyle::note:
            case RowStyle::detail: format_set_italic(f); break;
            }
            break;
        }
        formats_.emplace(std::move(key), f);
        return f;
    }

private:
    using Key = std::tuple<Role, RowStyle, std::string, bool>;  // asked once per cell
    lxw_workbook* workbook_;
    std::map<Key, lxw_format*> formats_;
};

// Writes one cell. Text only ever goes through worksheet_write_string, so a
// label such as "=SUM(A1)" or "+46 70" stays text and never becomes a formula.
void write_cell(lxw_worksheet* sheet, FormatCache& formats, lxw_row_t row, lxw_col_t col, const Cell& cell, bool numeric_column,
                RowStyle style, const fs::path& path) {
    lxw_error error = LXW_NO_ERROR;
    switch (cell.kind) {
    case CellKind::empty:
        error = worksheet_write_blank(sheet, row, col, formats.get(Role::body, style, {}, numeric_column));
        break;
    case CellKind::text:
        error = worksheet_write_string(sheet, row, col, cell.text.c_str(), formats.get(Role::body, style, {}, false));
        break;
    case CellKind::integer:
    case CellKind::number:
    case CellKind::percent:
        if (!std::isfinite(cell.value)) {
            error = worksheet_write_string(sheet, row, col, missing_mark, formats.get(Role::body, style, {}, true));
        } else {
            error = worksheet_write_number(sheet, row, col, cell.value, formats.get(Role::body, style, excel_number_format(cell), true));
        }
        break;
    case CellKind::missing:
    case CellKind::suppressed:
        error = worksheet_write_string(sheet, row, col, format_cell(cell, Language::sv).c_str(), formats.get(Role::body, style, {}, true));
        break;
    }
    check(error, path, "cell (" + std::to_string(row + 1) + ", " + std::to_string(col + 1) + ")");
}

void check_table_shape(const ReportTable& table) {
    int spanned = 0;
    for (const ColumnGroup& g : table.groups) {
        if (g.span < 1) throw std::invalid_argument("table " + table.id + ": column group \"" + g.label + "\" spans less than one column");
        spanned += g.span;
    }
    if (spanned > static_cast<int>(table.columns.size()))
        throw std::invalid_argument("table " + table.id + ": column groups span " + std::to_string(spanned) + " columns, the table has " +
                                    std::to_string(table.columns.size()));
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        if (table.rows[r].cells.size() > table.columns.size())
            throw std::invalid_argument("table " + table.id + ": row " + std::to_string(r + 1) + " has " +
                                        std::to_string(table.rows[r].cells.size()) + " cells, the table has " +
                                        std::to_string(table.columns.size()) + " columns");
    }
}

// Character widths per column, grown by every table written to the sheet.
struct ColumnWidths {
    std::vector<double> chars;
    void need(std::size_t col, double n) {
        if (chars.size() <= col) chars.resize(col + 1, 0);
        chars[col] = std::max(chars[col], n);
    }
    void apply(lxw_worksheet* sheet, const fs::path& path) const {
        for (std::size_t c = 0; c < chars.size(); ++c) {
            const double width = std::clamp(chars[c] + 2, 6.0, 60.0);
            check(worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), width, nullptr), path,
                  "column width");
        }
    }
};

constexpr double header_label_chars = 18;  // longer header labels wrap

struct TableRows {
    lxw_row_t header_first = 0;  // group row if any, else the label row
    lxw_row_t header_last = 0;   // the column label row
    lxw_row_t data_last = 0;     // == header_last if there are no rows
    lxw_row_t next = 0;          // first free row after the table and its notes
};

// Writes a table from `row` on: title, subtitle, header rows, rows, notes.
TableRows write_table(lxw_worksheet* sheet, FormatCache& formats, const ReportTable& table, lxw_row_t row, ColumnWidths& widths,
                      const fs::path& path) {
    check_table_shape(table);
    const auto ncols = static_cast<lxw_col_t>(table.columns.size());
    TableRows at;
    if (!table.title.empty()) {
        check(worksheet_write_string(sheet, row, 0, table.title.c_str(), formats.get(Role::title)), path, "title");
        check(worksheet_set_row(sheet, row, 20, nullptr), path, "title row");
        ++row;
    }
    if (!table.subtitle.empty()) {
        check(worksheet_write_string(sheet, row, 0, table.subtitle.c_str(), formats.get(Role::subtitle)), path, "subtitle");
        ++row;
    }
    if (!table.title.empty() || !table.subtitle.empty()) ++row;  // blank row before the header
    at.header_first = row;

    // Column widths first: they decide how many lines the wrapped headers take.
    for (lxw_col_t c = 0; c < ncols; ++c) {
        const std::string& label = table.columns[c].label;
        widths.need(c, std::max<double>(longest_word(label), std::min<double>(display_length(label), header_label_chars)));
    }
    for (const ReportRow& r : table.rows)
        for (std::size_t c = 0; c < r.cells.size(); ++c) widths.need(c, display_length(format_cell(r.cells[c], Language::en)));
    {
        lxw_col_t c = 0;
        for (const ColumnGroup& g : table.groups) {
            double have = 0;
            for (lxw_col_t k = c; k < c + static_cast<lxw_col_t>(g.span); ++k) have += widths.chars[k] + 2;
            const double need = static_cast<double>(display_length(g.label)) + 2;
            if (need > have)
                for (lxw_col_t k = c; k < c + static_cast<lxw_col_t>(g.span); ++k) widths.need(k, widths.chars[k] + (need - have) / g.span);
            c += static_cast<lxw_col_t>(g.span);
        }
    }

    if (!table.groups.empty()) {
        lxw_col_t c = 0;
        lxw_format* group_format = formats.get(Role::group);
        for (const ColumnGroup& g : table.groups) {
            const auto last = static_cast<lxw_col_t>(c + g.span - 1);
            if (g.span > 1) {
                check(worksheet_merge_range(sheet, row, c, row, last, g.label.c_str(), group_format), path, "group header");
            } else {
                check(worksheet_write_string(sheet, row, c, g.label.c_str(), group_format), path, "group header");
            }
            c = last + 1;
        }
        for (; c < ncols; ++c) check(worksheet_write_blank(sheet, row, c, group_format), path, "group header");
        ++row;
    }
    double header_lines = 1;
    for (lxw_col_t c = 0; c < ncols; ++c) {
        const ReportColumn& column = table.columns[c];
        check(worksheet_write_string(sheet, row, c, column.label.c_str(), formats.get(Role::header, RowStyle::normal, {}, column.numeric)),
              path, "header");
        const double width = std::clamp(widths.chars[c] + 2, 6.0, 60.0);
        header_lines = std::max(header_lines, std::ceil(static_cast<double>(display_length(column.label)) / std::max(1.0, width - 2)));
    }
    // libxlsxwriter cannot autofit, so wrapped header labels get room here.
    if (header_lines > 1) check(worksheet_set_row(sheet, row, 15 * header_lines, nullptr), path, "header row");
    at.header_last = row;
    ++row;

    const std::string sheet_name = sheet->name ? sheet->name : "";
    for (const ReportRow& r : table.rows) {
        for (lxw_col_t c = 0; c < ncols; ++c) {
            const Cell cell = c < r.cells.size() ? r.cells[c] : Cell::blank();
            if (cell.kind == CellKind::text) check_xlsx_cell_length(cell.text, path, sheet_name, table.columns[c].label, row + 1);
            write_cell(sheet, formats, row, c, cell, table.columns[c].numeric, r.style, path);
        }
        ++row;
    }
    at.data_last = row - 1;
    if (!table.notes.empty()) {
        ++row;
        for (const std::string& note : table.notes) {
            check(worksheet_write_string(sheet, row, 0, note.c_str(), formats.get(Role::note_text)), path, "note");
            ++row;
        }
    }
    at.next = row;
    return at;
}

lxw_worksheet* add_sheet(lxw_workbook* workbook, const std::string& name, const fs::path& path) {
    const lxw_error valid = workbook_validate_sheet_name(workbook, name.c_str());
    if (valid != LXW_NO_ERROR) fail(path, "sheet name \"" + name + "\"", valid);
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, name.c_str());
    if (sheet == nullptr) throw std::runtime_error("cannot write " + path.string() + ": cannot add sheet \"" + name + "\"");
    return sheet;
}

void set_print_setup(lxw_worksheet* sheet) {
    worksheet_set_landscape(sheet);
    worksheet_set_paper(sheet, 9);  // A4
    worksheet_fit_to_pages(sheet, 1, 0);
}

void set_properties(lxw_workbook* workbook, const XlsxProperties& p, const fs::path& path) {
    lxw_doc_properties props{};
    props.title = const_cast<char*>(p.title.c_str());
    props.author = const_cast<char*>(p.author.c_str());
    props.subject = const_cast<char*>(p.subject.c_str());
    props.company = const_cast<char*>(p.company.c_str());
    props.created = p.created;
    check(workbook_set_properties(workbook, &props), path, "document properties");
}

// Owns a workbook until it is closed; an abandoned one is freed unwritten
// (libxlsxwriter creates the file only when the workbook is closed).
struct WorkbookHandle {
    lxw_workbook* workbook = nullptr;
    std::string tmpdir;  // libxlsxwriter's own temporary files: beside the file, not in a shared /tmp
    ~WorkbookHandle() {
        if (workbook != nullptr) lxw_workbook_free(workbook);
    }
    void create(const fs::path& path, bool constant_memory) {
        tmpdir = path.parent_path().empty() ? std::string(".") : path.parent_path().string();
        lxw_workbook_options options{};
        options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
        options.tmpdir = tmpdir.data();
        workbook = workbook_new_opt(path.c_str(), &options);
        if (workbook == nullptr) throw std::runtime_error("cannot write " + path.string() + ": cannot create the workbook");
    }
    void close(const fs::path& path) {
        lxw_workbook* w = workbook;
        workbook = nullptr;  // workbook_close frees it, whatever the outcome
        // workbook_close writes the document's dates with gmtime(), whose
        // result buffer all threads share (`run` writes workbooks on several):
        // one workbook is closed at a time.
        static std::mutex closing;
        const std::lock_guard<std::mutex> lock(closing);
        const lxw_error error = workbook_close(w);
        if (error != LXW_NO_ERROR) fail(path, "closing the workbook", error);
    }
};

// The summary sheet (the first): key figures, then each chart's figures
// table with its native chart beside it (chart_xlsx.cpp).
void write_summary_sheet(lxw_workbook* workbook, FormatCache& formats, const ReportDocument& document, const fs::path& path) {
    const ReportSummary& summary = document.summary;
    lxw_worksheet* sheet = add_sheet(workbook, summary.sheet_name, path);
    ColumnWidths widths;
    lxw_row_t row = 0;
    if (!summary.key_figures.rows.empty()) row = write_table(sheet, formats, summary.key_figures, row, widths, path).next + 1;
    std::size_t widest = summary.key_figures.columns.size();
    for (const Chart& chart : summary.charts) widest = std::max(widest, chart.series.size() + 1);
    const auto chart_col = static_cast<lxw_col_t>(widest + 1);
    for (const Chart& chart : summary.charts) {
        const TableRows at = write_table(sheet, formats, chart_figures_table(chart, summary.sheet_name), row, widths, path);
        const chart_detail::XlsxChartData data{summary.sheet_name, at.header_last, at.header_last + 1, at.data_last, 0};
        chart_detail::insert_xlsx_chart(workbook, sheet, chart, data, row, chart_col, document.language, path);
        row = std::max(at.next, row + chart_detail::kXlsxChartRows) + 1;
    }
    widths.apply(sheet, path);
    set_print_setup(sheet);
}

}  // namespace

void check_xlsx_cell_length(const std::string& text, const fs::path& path, const std::string& sheet, const std::string& column,
                            std::size_t row) {
    if (text.size() <= kXlsxMaxCellChars) return;  // fewer bytes than the limit: fewer characters too
    const std::size_t length = excel_length(text);
    if (length <= kXlsxMaxCellChars) return;
    throw std::runtime_error("cannot write " + path.string() + ": sheet \"" + sheet + "\", column \"" + column + "\", row " +
                             std::to_string(row) + ": a value of " + std::to_string(length) +
                             " characters is longer than the 32,767 characters Excel keeps in a cell");
}

void write_report_xlsx(const ReportDocument& document, const fs::path& path) {
    CNumericLocale c_numeric;
    WorkbookHandle handle;
    handle.create(path, /*constant_memory=*/false);
    lxw_workbook* workbook = handle.workbook;

    XlsxProperties properties;
    properties.title = document.title;
    properties.author = document.author;
    properties.subject = document.project;
    if (!document.registration_number.empty()) properties.subject += " (" + document.registration_number + ")";
    properties.company = document.scope;
    properties.created = document.generated_at;
    set_properties(workbook, properties, path);

    FormatCache formats(workbook);
    if (!document.summary.empty()) write_summary_sheet(workbook, formats, document, path);
    for (const ReportTable& table : document.tables) {
        lxw_worksheet* sheet = add_sheet(workbook, table.sheet_name.empty() ? table.id : table.sheet_name, path);
        ColumnWidths widths;
        const TableRows at = write_table(sheet, formats, table, 0, widths, path);
        widths.apply(sheet, path);
        // The leading label columns (e.g. sex and subproject of a wide table) stay in view.
        lxw_col_t label_columns = 0;
        while (label_columns < 2 && label_columns < table.columns.size() && !table.columns[label_columns].numeric) ++label_columns;
        worksheet_freeze_panes(sheet, at.header_last + 1, label_columns);
        if (!table.columns.empty()) {
            check(worksheet_autofilter(sheet, at.header_last, 0, at.data_last, static_cast<lxw_col_t>(table.columns.size() - 1)), path,
                  "autofilter");
        }
        check(worksheet_repeat_rows(sheet, at.header_first, at.header_last), path, "print titles");
        set_print_setup(sheet);
    }
    if (!document.about.empty()) {
        const std::string name = document.about_sheet_name.empty()
                                     ? (document.language == Language::sv ? std::string("Om rapporten") : std::string("About"))
                                     : document.about_sheet_name;
        lxw_worksheet* sheet = add_sheet(workbook, name, path);
        ColumnWidths widths;
        lxw_row_t row = 0;
        for (const ReportTable& table : document.about) row = write_table(sheet, formats, table, row, widths, path).next + 1;
        widths.apply(sheet, path);
        set_print_setup(sheet);
    }
    if (document.tables.empty() && document.about.empty()) add_sheet(workbook, "Sheet1", path);  // a workbook needs a sheet
    handle.close(path);
}

struct XlsxStreamWriter::State {
    WorkbookHandle handle;
    fs::path path;
    std::unique_ptr<FormatCache> formats;
    lxw_worksheet* sheet = nullptr;
    std::vector<XlsxStreamColumn> columns;
    lxw_row_t row = 0;

    void finish_sheet() {
        if (sheet == nullptr || columns.empty()) return;
        check(worksheet_autofilter(sheet, 0, 0, row - 1, static_cast<lxw_col_t>(columns.size() - 1)), path, "autofilter");
    }
};

XlsxStreamWriter::XlsxStreamWriter() = default;
XlsxStreamWriter::~XlsxStreamWriter() = default;

void XlsxStreamWriter::open(const fs::path& path, const XlsxProperties& properties) {
    if (state_) throw std::logic_error("XlsxStreamWriter::open: " + state_->path.string() + " is still open");
    auto state = std::make_unique<State>();
    state->path = path;
    state->handle.create(path, /*constant_memory=*/true);
    set_properties(state->handle.workbook, properties, path);
    state->formats = std::make_unique<FormatCache>(state->handle.workbook);
    state_ = std::move(state);
}

void XlsxStreamWriter::add_sheet(const std::string& name, const std::vector<XlsxStreamColumn>& columns) {
    if (!state_) throw std::logic_error("XlsxStreamWriter::add_sheet: no open file");
    CNumericLocale c_numeric;
    State& s = *state_;
    s.finish_sheet();
    s.sheet = esfreport::add_sheet(s.handle.workbook, name, s.path);
    s.columns = columns;
    s.row = 0;
    for (std::size_t c = 0; c < columns.size(); ++c) {
        const XlsxStreamColumn& column = columns[c];
        const double width = column.width > 0 ? column.width
                                              : std::clamp(std::max<double>(longest_word(column.label),
                                                                            std::min<double>(display_length(column.label), header_label_chars)) +
                                                               2,
                                                           8.0, 60.0);
        const auto col = static_cast<lxw_col_t>(c);
        check(worksheet_set_column(s.sheet, col, col, width, nullptr), s.path, "column width");
        check(worksheet_write_string(s.sheet, 0, col, column.label.c_str(), s.formats->get(Role::header, RowStyle::normal, {}, column.numeric)),
              s.path, "header");
    }
    worksheet_freeze_panes(s.sheet, 1, 0);
    if (!columns.empty()) check(worksheet_repeat_rows(s.sheet, 0, 0), s.path, "print titles");
    set_print_setup(s.sheet);
    s.row = 1;
}

void XlsxStreamWriter::write_row(const std::vector<Cell>& cells, RowStyle style) {
    if (!state_ || state_->sheet == nullptr) throw std::logic_error("XlsxStreamWriter::write_row: no sheet");
    State& s = *state_;
    if (cells.size() > s.columns.size())
        throw std::invalid_argument("cannot write " + s.path.string() + ": row " + std::to_string(s.row + 1) + " has " +
                                    std::to_string(cells.size()) + " cells, the sheet has " + std::to_string(s.columns.size()) + " columns");
    for (std::size_t c = 0; c < cells.size(); ++c)
        if (cells[c].kind == CellKind::text) check_xlsx_cell_length(cells[c].text, s.path, s.sheet->name ? s.sheet->name : "", s.columns[c].label, s.row + 1);
    CNumericLocale c_numeric;
    for (std::size_t c = 0; c < cells.size(); ++c)
        write_cell(s.sheet, *s.formats, s.row, static_cast<lxw_col_t>(c), cells[c], s.columns[c].numeric, style, s.path);
    ++s.row;
}

void XlsxStreamWriter::close() {
    if (!state_) throw std::logic_error("XlsxStreamWriter::close: no open file");
    std::unique_ptr<State> state = std::move(state_);  // closed whatever happens
    CNumericLocale c_numeric;
    state->finish_sheet();
    if (state->sheet == nullptr) esfreport::add_sheet(state->handle.workbook, "Sheet1", state->path);
    state->handle.close(state->path);
}

}  // namespace esfreport
