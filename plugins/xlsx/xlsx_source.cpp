#include "xlsx_source.hpp"

#include <esfreport/sdk/columns.hpp>

#include <algorithm>
#include <array>
#include <optional>
#include <system_error>

namespace esfreport::plugins::xlsx {

namespace {

namespace fs = std::filesystem;
using sdk::RecordKind;

constexpr RecordKind kReadOrder[] = {RecordKind::participant_period, RecordKind::assessment, RecordKind::attendance,
                                     RecordKind::hours, RecordKind::kaa};
constexpr std::size_t kMaxFields = sdk::kaa_field_count;

struct KindNames {
    std::string_view option;
    std::string_view swedish;  // as sdk::normalize_header() returns it
    std::string_view english;
};

KindNames names_of(RecordKind kind) {
    switch (kind) {
    case RecordKind::participant_period: return {"participants_sheet", "deltagare", "participants"};
    case RecordKind::assessment: return {"assessments_sheet", "bedömningar", "assessments"};
    case RecordKind::attendance: return {"attendance_sheet", "närvaro", "attendance"};
    case RecordKind::hours: return {"hours_sheet", "timmar", "hours"};
    case RecordKind::kaa: return {"kaa_sheet", "kaa", "kaa"};
    }
    return {};
}

std::string_view trim(std::string_view s) {
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

bool same_sheet_name(std::string_view a, std::string_view b) {
    return sdk::normalize_header(a) == sdk::normalize_header(b);
}

bool is_workbook_file(const fs::path& p) {
    std::string ext = p.extension().string();
    for (char& c : ext)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return ext == ".xlsx" || ext == ".xlsm";
}

// One workbook of the source, open for reading.
struct Book {
    fs::path path;
    Workbook workbook;
    std::vector<bool> sheet_used;
};

Book open_book(const fs::path& path) {
    try {
        Workbook wb = Workbook::open(path);
        const std::size_t sheets = wb.sheets().size();
        return {path, std::move(wb), std::vector<bool>(sheets, false)};
    } catch (const WorkbookError& e) {
        throw sdk::SourceUnreadable(path.string() + ": " + e.what());
    }
}

std::vector<fs::path> workbook_files(const fs::path& folder, sdk::RecordSink& sink) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const fs::path& p = it->path();
        const std::string name = p.filename().string();
        if (name.rfind("~$", 0) == 0 || name.rfind('.', 0) == 0) continue;  // Excel's lock files, hidden files
        if (is_workbook_file(p)) {
            files.push_back(p);
        } else {
            std::string ext = p.extension().string();
            for (char& c : ext)
                if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            if (ext == ".xls" || ext == ".xlsb" || ext == ".ods")
                sink.warning(p.string() + ": not read (only .xlsx and .xlsm workbooks are; save it as .xlsx)");
        }
    }
    if (ec) throw sdk::SourceUnreadable(folder.string() + ": cannot list the folder: " + ec.message());
    std::sort(files.begin(), files.end());
    if (files.empty()) throw sdk::SourceUnreadable(folder.string() + ": no .xlsx or .xlsm workbook in the folder");
    return files;
}

std::optional<std::uint32_t> header_row_option(const sdk::SourceRequest& request) {
    const std::string_view text = trim(request.option("header_row", "auto"));
    if (text == "auto" || text.empty()) return std::nullopt;
    std::uint32_t row = 0;
    bool ok = text.size() <= 7;
    for (char c : text) {
        ok = ok && c >= '0' && c <= '9';
        if (ok) row = row * 10 + static_cast<std::uint32_t>(c - '0');
    }
    if (!ok || row == 0 || row > 1048576)
        throw sdk::BadOption("xlsx: option header_row = " + in_quotes(text) +
                             " is neither auto nor a row number from 1 to 1048576");
    return row;
}

// A header row mapped onto the kind's fields.
struct Header {
    std::uint32_t row = 0;
    std::array<std::uint32_t, kMaxFields> column_of{};  // per field: 1-based column, 0 when absent
    std::vector<int> field_of_column;                   // per column (index column-1): field or -1
    std::size_t required_found = 0;
    std::string first_missing;
    std::string duplicate;  // the reason a column stands twice for one field
    std::vector<std::string> ignored;  // warnings for columns not used
};

Header map_header(RecordKind kind, const sdk::HeaderMatcher& matcher, const std::string& input, const Row& row) {
    const sdk::Schema schema = sdk::schema_of(kind);
    Header h;
    h.row = row.number;
    for (const Cell& cell : row.cells) {
        const std::string_view name = cell.kind == CellKind::text ? trim(cell.text) : std::string_view();
        if (name.empty()) continue;
        const int field = matcher.field_of(name);
        if (field < 0) {
            h.ignored.push_back(input + ": column " + cell_reference(cell.column, row.number) + " " + in_quotes(name) +
                                " is not used; ignored");
            continue;
        }
        std::uint32_t& slot = h.column_of[static_cast<std::size_t>(field)];
        if (slot != 0 && h.duplicate.empty())
            h.duplicate = input + ": columns " + cell_reference(slot, row.number) + " and " +
                          cell_reference(cell.column, row.number) + " both stand for " +
                          in_quotes(schema.columns[field].name);
        if (slot == 0) {
            slot = cell.column;
            if (h.field_of_column.size() < cell.column) h.field_of_column.resize(cell.column, -1);
            h.field_of_column[cell.column - 1] = field;
        }
    }
    for (std::size_t k = 0; k < schema.count; ++k) {
        if (!schema.columns[k].required) continue;
        if (h.column_of[k] != 0) ++h.required_found;
        else if (h.first_missing.empty()) h.first_missing = std::string(schema.columns[k].name);
    }
    return h;
}

std::string required_list(RecordKind kind) {
    const sdk::Schema schema = sdk::schema_of(kind);
    std::string out;
    for (std::size_t k = 0; k < schema.count; ++k)
        if (schema.columns[k].required) out += (out.empty() ? "" : ", ") + std::string(schema.columns[k].name);
    return out;
}

// A sheet without a single value.
struct EmptySheet {};

// Reads rows up to the header and returns it; throws SourceUnreadable when
// there is none, EmptySheet when the sheet holds nothing.
// A header the configuration maps a field to must be in the row taken (or,
// without one, in the row that comes closest): that is a configuration error
// before any other about the header.
Header find_header(RecordKind kind, const sdk::HeaderMatcher& matcher, SheetReader& rows, const std::string& input,
                   std::optional<std::uint32_t> header_row) {
    const sdk::Schema schema = sdk::schema_of(kind);
    std::optional<Header> best;
    bool any_row = false;
    while (const Row* row = rows.next()) {
        any_row = true;
        if (header_row && row->number < *header_row) continue;
        if (header_row && row->number > *header_row) break;
        if (!header_row && row->number > kHeaderSearchRows) break;
        Header h = map_header(kind, matcher, input, *row);
        const std::size_t required = std::count_if(schema.columns, schema.columns + schema.count,
                                                   [](const sdk::ColumnSpec& c) { return c.required; });
        if (h.required_found == required || header_row) matcher.check_mapped(h.column_of.data(), input);
        if (h.required_found == required) {
            if (!h.duplicate.empty()) throw sdk::SourceUnreadable(h.duplicate);
            return h;
        }
        if (header_row)
            throw sdk::SourceUnreadable(input + ": header row " + std::to_string(*header_row) +
                                        " (option header_row) lacks the required column " + in_quotes(h.first_missing));
        if (!best || h.required_found > best->required_found) best = std::move(h);
    }
    if (!any_row) throw EmptySheet{};
    if (header_row)
        throw sdk::SourceUnreadable(input + ": header row " + std::to_string(*header_row) +
                                    " (option header_row) is empty");
    if (best) matcher.check_mapped(best->column_of.data(), input);
    std::string message = input + ": no row among the first " + std::to_string(kHeaderSearchRows) +
                          " holds the required columns " + required_list(kind);
    if (best && best->required_found > 0)
        message += " (row " + std::to_string(best->row) + " comes closest but lacks " + in_quotes(best->first_missing) +
                   ")";
    throw sdk::SourceUnreadable(message + "; set header_row if the header is further down");
}

// Why a cell cannot be handed over. The host names the cell in the
// rejection ("end_date (Deltagare!E6)"), so the reason leaves it out and
// rejections of one kind group in table 6b.
std::string problem_of(const Cell& cell) {
    switch (cell.kind) {
    case CellKind::text: break;
    case CellKind::error: return "holds the error value " + std::string(cell.text.substr(0, 16));
    case CellKind::missing_value: return "is a formula whose value was never saved (open and save the workbook in Excel)";
    case CellKind::too_long: return "holds more than 32,767 characters";
    case CellKind::bad_date: return std::string(cell.text);
    }
    return {};
}

void read_sheet(const sdk::SourceRequest& request, RecordKind kind, Book& book, std::size_t sheet_index,
                std::optional<std::uint32_t> header_row, sdk::RecordSink& sink) {
    const SheetInfo& sheet = book.workbook.sheets()[sheet_index];
    const std::string input = input_name(book.path, sheet.name);
    book.sheet_used[sheet_index] = true;
    sink.begin_sheet(kind, book.path.string(), sheet.name);
    if (sheet.hidden) sink.warning(input + ": the sheet is hidden in the workbook; read all the same");
    try {
        SheetReader rows = book.workbook.read_sheet(sheet);
        Header header;
        try {
            header = find_header(kind, sdk::HeaderMatcher(request, kind), rows, input, header_row);
        } catch (const EmptySheet&) {
            // An empty optional sheet (a template's Timmar nobody filled in)
            // is nothing to read; participants are required.
            if (kind == RecordKind::participant_period)
                throw sdk::SourceUnreadable(input + ": the sheet is empty; expected a header row with " +
                                            required_list(kind));
            sink.warning(input + ": the sheet is empty; nothing read");
            sink.end_input();
            return;
        }
        for (const std::string& w : header.ignored) sink.warning(w);

        const sdk::Schema schema = sdk::schema_of(kind);
        std::array<sdk::Field, kMaxFields> fields{};
        for (std::size_t k = 0; k < schema.count; ++k) fields[k].column = header.column_of[k];
        std::uint64_t blank_rows = 0;
        std::uint32_t first_blank_row = 0;
        while (const Row* row = rows.next()) {
            for (std::size_t k = 0; k < schema.count; ++k) fields[k].text = {};
            std::string problem;
            std::uint32_t problem_column = 0;
            bool any_text = false;
            for (const Cell& cell : row->cells) {
                any_text = any_text || cell.kind != CellKind::text || !trim(cell.text).empty();
                if (cell.column > header.field_of_column.size()) continue;
                const int field = header.field_of_column[cell.column - 1];
                if (field < 0) continue;
                if (cell.kind != CellKind::text) {
                    if (problem.empty()) {
                        problem = problem_of(cell);
                        problem_column = cell.column;
                    }
                    continue;
                }
                fields[static_cast<std::size_t>(field)].text = trim(cell.text);
            }
            if (!any_text) {
                if (blank_rows++ == 0) first_blank_row = row->number;
                continue;
            }
            if (!problem.empty()) {
                const int field = header.field_of_column[problem_column - 1];
                sink.reject(row->number, problem_column, schema.columns[field].name, problem);
                continue;
            }
            sink.record(row->number, fields.data(), schema.count);
        }
        if (blank_rows > 0)
            sink.warning(input + ": " + std::to_string(blank_rows) + " row(s) with only blank cells skipped (the first is row " +
                         std::to_string(first_blank_row) + ")");
    } catch (const WorkbookError& e) {
        throw sdk::SourceUnreadable(book.path.string() + ": " + e.what());
    }
    sink.end_input();
}

// The sheets each kind is read from: (book, sheet) pairs in book order.
using Plan = std::array<std::vector<std::pair<std::size_t, std::size_t>>, std::size(kReadOrder)>;

Plan plan_sheets(const std::vector<Book>& books, const sdk::SourceRequest& request, const std::string& source) {
    Plan plan;
    std::vector<bool> named_after_a_kind(books.size(), false);
    for (std::size_t k = 0; k < std::size(kReadOrder); ++k) {
        const RecordKind kind = kReadOrder[k];
        const std::string_view chosen = trim(request.option(names_of(kind).option));
        for (std::size_t b = 0; b < books.size(); ++b) {
            const auto& sheets = books[b].workbook.sheets();
            for (std::size_t s = 0; s < sheets.size(); ++s) {
                if (is_default_sheet_name(kind, sheets[s].name)) named_after_a_kind[b] = true;
                if (chosen.empty() ? is_default_sheet_name(kind, sheets[s].name) : same_sheet_name(sheets[s].name, chosen))
                    plan[k].push_back({b, s});
            }
        }
        if (!chosen.empty() && plan[k].empty()) {
            std::string names;
            for (const Book& book : books)
                for (const SheetInfo& s : book.workbook.sheets()) names += (names.empty() ? "'" : ", '") + s.name + "'";
            throw sdk::SourceUnreadable(source + ": no sheet " + in_quotes(chosen) + " (option " +
                                        std::string(names_of(kind).option) + "); the sheets are " + names);
        }
    }
    // A workbook with no sheet named after a kind holds participants on its
    // first visible sheet (a plain participant list).
    if (trim(request.option(names_of(RecordKind::participant_period).option)).empty()) {
        for (std::size_t b = 0; b < books.size(); ++b) {
            if (named_after_a_kind[b]) continue;
            const auto& sheets = books[b].workbook.sheets();
            if (sheets.empty()) continue;
            // The first visible sheet that no option gave to another kind.
            const auto taken = [&](std::size_t s) {
                for (std::size_t k = 1; k < plan.size(); ++k)
                    if (std::find(plan[k].begin(), plan[k].end(), std::make_pair(b, s)) != plan[k].end()) return true;
                return false;
            };
            std::optional<std::size_t> first;
            for (std::size_t s = 0; s < sheets.size() && !first; ++s)
                if (!sheets[s].hidden && !taken(s)) first = s;
            if (first) plan[0].push_back({b, *first});
        }
        std::sort(plan[0].begin(), plan[0].end());
    }
    if (plan[0].empty())
        throw sdk::SourceUnreadable(source + ": no participant sheet (a sheet named Deltagare or participants, or "
                                             "option participants_sheet)");
    for (std::size_t k = 0; k < plan.size(); ++k)
        for (std::size_t j = k + 1; j < plan.size(); ++j)
            for (const auto& sheet : plan[k])
                if (std::find(plan[j].begin(), plan[j].end(), sheet) != plan[j].end())
                    throw sdk::BadOption("xlsx: sheet " + in_quotes(books[sheet.first].workbook.sheets()[sheet.second].name) +
                                         " is chosen for both " + std::string(names_of(kReadOrder[k]).option) +
                                         " and " + std::string(names_of(kReadOrder[j]).option));
    return plan;
}

}  // namespace

std::string sheet_option(RecordKind kind) { return std::string(names_of(kind).option); }

bool is_default_sheet_name(RecordKind kind, std::string_view sheet_name) {
    const std::string name = sdk::normalize_header(sheet_name);
    const KindNames n = names_of(kind);
    return name == n.swedish || name == n.english;
}

std::string input_name(const fs::path& workbook, std::string_view sheet) {
    return sdk::sheet_input_name(workbook.string(), sheet);
}

void XlsxSource::do_read(const sdk::SourceRequest& request, sdk::RecordSink& sink) {
    const std::optional<std::uint32_t> header_row = header_row_option(request);
    const fs::path source = fs::absolute(fs::path(std::string(request.source))).lexically_normal();
    std::error_code ec;
    const fs::file_status status = fs::status(source, ec);
    if (ec || !fs::exists(status))
        throw sdk::SourceUnreadable(source.string() + ": no such workbook or folder");

    std::vector<Book> books;
    if (fs::is_directory(status)) {
        for (const fs::path& file : workbook_files(source, sink)) books.push_back(open_book(file));
    } else {
        books.push_back(open_book(source));
    }
    const Plan plan = plan_sheets(books, request, source.string());
    for (std::size_t k = 0; k < plan.size(); ++k)
        for (const auto& [b, s] : plan[k]) read_sheet(request, kReadOrder[k], books[b], s, header_row, sink);

    for (const Book& book : books)
        for (std::size_t s = 0; s < book.sheet_used.size(); ++s)
            if (!book.sheet_used[s])
                sink.warning(input_name(book.path, book.workbook.sheets()[s].name) +
                             ": not read (the sheet is named after no record kind; see the *_sheet options)");
}

}  // namespace esfreport::plugins::xlsx
