#include "workbook.hpp"

#include "xml_part.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>

namespace esfreport::plugins::xlsx {

namespace {

constexpr std::uint32_t kMaxRow = 1048576;   // Excel's last row
constexpr std::uint32_t kMaxColumn = 16384;  // XFD

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool parse_unsigned(std::string_view text, std::uint64_t limit, std::uint64_t& value) {
    if (text.empty() || text.size() > 12) return false;
    value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return value <= limit;
}

// "C17" -> column 3 (the row digits are not needed: <row r> gives the row).
std::uint32_t column_of_reference(std::string_view ref) {
    std::uint32_t column = 0;
    std::size_t i = 0;
    for (; i < ref.size(); ++i) {
        char c = ref[i];
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (c < 'A' || c > 'Z') break;
        column = column * 26 + static_cast<std::uint32_t>(c - 'A' + 1);
        if (column > kMaxColumn) return 0;
    }
    return i > 0 && i < ref.size() ? column : 0;
}

bool is_true(const char* value) { return value && (std::strcmp(value, "1") == 0 || std::strcmp(value, "true") == 0); }

// A relationship target resolved against the folder of the part that names
// it ("xl/" for xl/workbook.xml); a leading '/' is the package root.
std::string resolve_target(std::string_view base_folder, std::string_view target) {
    std::string path = target.substr(0, 1) == "/" ? std::string(target.substr(1)) : std::string(base_folder) + std::string(target);
    std::vector<std::string> segments;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t slash = std::min(path.find('/', start), path.size());
        const std::string segment = path.substr(start, slash - start);
        if (segment == "..") {
            if (!segments.empty()) segments.pop_back();
        } else if (!segment.empty() && segment != ".") {
            segments.push_back(segment);
        }
        start = slash + 1;
    }
    std::string out;
    for (const std::string& s : segments) out += (out.empty() ? "" : "/") + s;
    return out;
}

std::string folder_of(std::string_view part) {
    const std::size_t slash = part.rfind('/');
    return slash == std::string_view::npos ? std::string() : std::string(part.substr(0, slash + 1));
}

struct Relationship {
    std::string id, type, target;
};

class RelationshipsHandler : public XmlHandler {
public:
    std::vector<Relationship> list;
    void start_element(std::string_view name, const char** a) override {
        if (name != "Relationship") return;
        const char* mode = attribute(a, "TargetMode");
        if (mode && std::strcmp(mode, "External") == 0) return;  // never followed
        const char* id = attribute(a, "Id");
        const char* type = attribute(a, "Type");
        const char* target = attribute(a, "Target");
        if (id && type && target) list.push_back({id, type, target});
    }
    void end_element(std::string_view) override {}
    void text(std::string_view) override {}
};

class WorkbookHandler : public XmlHandler {
public:
    struct Sheet {
        std::string name, relationship;
        bool hidden;
    };
    std::vector<Sheet> sheets;
    bool date1904 = false;
    void start_element(std::string_view name, const char** a) override {
        if (name == "workbookPr") {
            date1904 = is_true(attribute(a, "date1904"));
        } else if (name == "sheet") {
            const char* sheet_name = attribute(a, "name");
            const char* id = attribute(a, "id");
            const char* state = attribute(a, "state");
            if (sheet_name && id) sheets.push_back({sheet_name, id, state && std::strcmp(state, "visible") != 0});
        }
    }
    void end_element(std::string_view) override {}
    void text(std::string_view) override {}
};

// numFmt codes and, per cell style (xf of cellXfs), whether it shows a date.
class StylesHandler : public XmlHandler {
public:
    std::map<std::uint32_t, std::string> codes;
    std::vector<bool> date_style;
    void start_element(std::string_view name, const char** a) override {
        if (name == "numFmt") {
            std::uint64_t id = 0;
            const char* id_text = attribute(a, "numFmtId");
            const char* code = attribute(a, "formatCode");
            if (id_text && code && parse_unsigned(id_text, 0xFFFFFFFFu, id)) codes[static_cast<std::uint32_t>(id)] = code;
        } else if (name == "cellXfs") {
            in_cell_xfs_ = true;
        } else if (name == "xf" && in_cell_xfs_) {
            std::uint64_t id = 0;
            const char* id_text = attribute(a, "numFmtId");
            if (!id_text || !parse_unsigned(id_text, 0xFFFFFFFFu, id)) id = 0;
            const auto code = codes.find(static_cast<std::uint32_t>(id));
            date_style.push_back(is_date_format(static_cast<std::uint32_t>(id),
                                                code == codes.end() ? std::string_view() : std::string_view(code->second)));
        }
    }
    void end_element(std::string_view name) override {
        if (name == "cellXfs") in_cell_xfs_ = false;
    }
    void text(std::string_view) override {}

private:
    bool in_cell_xfs_ = false;
};

// All shared strings in one buffer; rich text runs joined, phonetic runs
// (<rPh>) left out as Excel does when it shows the cell.
class SharedStringsHandler : public XmlHandler {
public:
    SharedStringsHandler(XmlPartParser*& parser, std::size_t limit) : parser_(parser), limit_(limit) {}
    std::string text_;
    std::vector<std::uint64_t> ends_;
    void start_element(std::string_view name, const char**) override {
        if (name == "t" && in_si_ && phonetic_ == 0) in_t_ = true;
        else if (name == "si") in_si_ = true;
        else if (name == "rPh") ++phonetic_;
    }
    void end_element(std::string_view name) override {
        if (name == "t") {
            in_t_ = false;
        } else if (name == "rPh") {
            --phonetic_;
        } else if (name == "si") {
            in_si_ = false;
            ends_.push_back(text_.size());
            check();
        }
    }
    void text(std::string_view data) override {
        if (!in_t_) return;
        text_.append(data);
        check();
    }
    std::string_view at(std::size_t i) const {
        const std::size_t begin = i == 0 ? 0 : static_cast<std::size_t>(ends_[i - 1]);
        return std::string_view(text_).substr(begin, static_cast<std::size_t>(ends_[i]) - begin);
    }

private:
    void check() {
        if (text_.size() + ends_.size() * sizeof(std::uint64_t) > limit_)
            parser_->fail("the shared strings exceed the limit of " + std::to_string(limit_) +
                          " bytes; split the workbook");
    }
    XmlPartParser*& parser_;
    std::size_t limit_;
    bool in_si_ = false, in_t_ = false;
    int phonetic_ = 0;
};

void parse_part(const ZipArchive& zip, const ZipEntry& entry, XmlHandler& handler) {
    ZipEntryStream in(zip, entry);
    XmlPartParser parser(in, handler);
    parser.parse_all();
}

}  // namespace

struct Workbook::State {
    WorkbookLimits limits;
    ZipArchive zip;
    std::vector<SheetInfo> sheets;
    DateSystem date_system = DateSystem::excel1900;
    std::string shared_strings_part;
    std::string styles_part;
    bool loaded = false;
    XmlPartParser* strings_parser = nullptr;
    SharedStringsHandler strings;
    std::vector<bool> date_style;

    State(std::unique_ptr<ByteSource> source, const WorkbookLimits& l)
        : limits(l), zip(std::move(source), l.zip), strings{strings_parser, l.max_shared_string_bytes} {}

    const ZipEntry& entry(const std::string& part) const {
        const ZipEntry* e = zip.find(part);
        if (!e) throw WorkbookError("part '" + part + "' is missing (damaged workbook)");
        return *e;
    }

    void parse(const std::string& part, XmlHandler& handler) {
        const ZipEntry& e = entry(part);
        if (e.uncompressed_size > limits.max_small_part_bytes)
            throw WorkbookError("part '" + part + "' declares " + std::to_string(e.uncompressed_size >> 20) +
                                " MiB, more than the limit of " + std::to_string(limits.max_small_part_bytes >> 20) +
                                " MiB");
        parse_part(zip, e, handler);
    }

    void load_styles_and_strings() {
        if (loaded) return;
        loaded = true;
        if (!styles_part.empty() && zip.find(styles_part)) {
            StylesHandler styles;
            parse(styles_part, styles);
            date_style = std::move(styles.date_style);
        }
        if (!shared_strings_part.empty() && zip.find(shared_strings_part)) {
            ZipEntryStream in(zip, entry(shared_strings_part));
            XmlPartParser parser(in, strings);
            strings_parser = &parser;
            try {
                parser.parse_all();
            } catch (...) {
                strings_parser = nullptr;
                throw;
            }
            strings_parser = nullptr;
        }
    }
};

Workbook::Workbook(std::unique_ptr<ByteSource> source, const WorkbookLimits& limits) {
    if (is_ole2_compound_file(*source))
        throw WorkbookError(
            "an encrypted or legacy .xls workbook (an OLE2 compound file, not an .xlsx ZIP): remove the password "
            "or save it as .xlsx");
    state_ = std::make_unique<State>(std::move(source), limits);
    State& s = *state_;

    // The package's relationships name the workbook part; xl/workbook.xml is
    // where every writer puts it.
    std::string workbook_part = "xl/workbook.xml";
    if (s.zip.find("_rels/.rels")) {
        RelationshipsHandler package;
        s.parse("_rels/.rels", package);
        for (const Relationship& r : package.list)
            if (ends_with(r.type, "/officeDocument")) workbook_part = resolve_target("", r.target);
    }
    if (ends_with(workbook_part, ".bin") || s.zip.find("xl/workbook.bin"))
        throw WorkbookError("a binary .xlsb workbook; save it as .xlsx");
    if (!s.zip.find(workbook_part))
        throw WorkbookError("no workbook part '" + workbook_part + "' (a ZIP file but not an .xlsx workbook)");

    WorkbookHandler book;
    s.parse(workbook_part, book);
    s.date_system = book.date1904 ? DateSystem::excel1904 : DateSystem::excel1900;

    const std::string folder = folder_of(workbook_part);
    const std::string rels_part = folder + "_rels/" + workbook_part.substr(folder.size()) + ".rels";
    RelationshipsHandler rels;
    if (s.zip.find(rels_part)) s.parse(rels_part, rels);
    std::map<std::string, const Relationship*> by_id;
    for (const Relationship& r : rels.list) {
        by_id[r.id] = &r;
        if (ends_with(r.type, "/sharedStrings")) s.shared_strings_part = resolve_target(folder, r.target);
        if (ends_with(r.type, "/styles")) s.styles_part = resolve_target(folder, r.target);
    }
    for (const WorkbookHandler::Sheet& sheet : book.sheets) {
        const auto r = by_id.find(sheet.relationship);
        if (r == by_id.end()) throw WorkbookError("sheet '" + sheet.name + "' has no part (damaged workbook)");
        if (!ends_with(r->second->type, "/worksheet")) continue;  // a chart or dialog sheet
        s.sheets.push_back({sheet.name, resolve_target(folder, r->second->target), sheet.hidden});
    }
}

Workbook Workbook::open(const std::filesystem::path& path, WorkbookLimits limits) {
    return Workbook(open_regular_file(path), limits);
}

Workbook Workbook::from_bytes(std::string_view bytes, WorkbookLimits limits) {
    return Workbook(memory_source(bytes), limits);
}

Workbook::~Workbook() = default;
Workbook::Workbook(Workbook&&) noexcept = default;
Workbook& Workbook::operator=(Workbook&&) noexcept = default;

const std::vector<SheetInfo>& Workbook::sheets() const { return state_->sheets; }
DateSystem Workbook::date_system() const { return state_->date_system; }

// The sheet part's events turned into rows. One row is built at a time; the
// parser is suspended when it is complete.
struct SheetReader::State final : XmlHandler {
    enum class Type { number, shared, inline_string, formula_string, boolean, error, date_text };

    const Workbook::State& book;
    std::string sheet;
    ZipEntryStream input;
    XmlPartParser parser;

    Row row;
    bool row_ready = false;
    std::uint32_t last_row = 0;
    std::string row_text;  // the texts of the row's cells
    struct PendingCell {
        std::uint32_t column;
        CellKind kind;
        std::size_t begin, end;
    };
    std::vector<PendingCell> pending;

    // The cell being read.
    bool in_cell = false, in_value = false, in_inline = false, in_t = false, has_formula = false, too_long = false;
    int phonetic = 0;
    std::uint32_t column = 0;
    Type type = Type::number;
    std::uint64_t style = 0;
    std::string value;

    State(const Workbook::State& b, const SheetInfo& info)
        : book(b), sheet(info.name), input(b.zip, b.entry(info.part)), parser(input, *this) {}

    std::string where() const { return sdk::sheet_cell_reference(sheet, column, row.number); }

    void start_element(std::string_view name, const char** a) override {
        if (name == "row") {
            start_row(attribute(a, "r"));
        } else if (name == "c") {
            start_cell(a);
        } else if (in_cell) {
            if (name == "v") in_value = true;
            else if (name == "f") has_formula = true;
            else if (name == "is") in_inline = true;
            else if (name == "rPh") ++phonetic;
            else if (name == "t" && in_inline && phonetic == 0) in_t = true;
        }
    }

    void end_element(std::string_view name) override {
        if (name == "v") in_value = false;
        else if (name == "t") in_t = false;
        else if (name == "rPh") --phonetic;
        else if (name == "is") in_inline = false;
        else if (name == "c" && in_cell) end_cell();
        else if (name == "row") end_row();
    }

    void text(std::string_view data) override {
        if (!(in_value || in_t) || too_long) return;
        if (value.size() + data.size() > book.limits.max_cell_bytes) {
            too_long = true;
            return;
        }
        value.append(data);
    }

    void start_row(const char* r) {
        std::uint64_t number = last_row + 1;
        if (r && !parse_unsigned(r, kMaxRow, number))
            parser.fail("sheet '" + sheet + "': row number '" + std::string(r).substr(0, 20) +
                        "' is not a row of a worksheet (damaged workbook)");
        if (number <= last_row || number == 0)
            parser.fail("sheet '" + sheet + "': row " + std::to_string(number) + " comes after row " +
                        std::to_string(last_row) + " (damaged workbook)");
        row.number = static_cast<std::uint32_t>(number);
        last_row = row.number;
        row_text.clear();
        pending.clear();
        column = 0;
    }

    void start_cell(const char** a) {
        const char* r = attribute(a, "r");
        const std::uint32_t previous = column;
        column = r ? column_of_reference(r) : previous + 1;
        if (column == 0 || column > kMaxColumn || column <= previous) {
            parser.fail("sheet '" + sheet + "', row " + std::to_string(row.number) + ": cell reference '" +
                        std::string(r ? r : "").substr(0, 20) + "' is out of place (damaged workbook)");
            return;
        }
        const char* t = attribute(a, "t");
        const std::string_view ts = t ? t : "n";
        type = ts == "s"           ? Type::shared
               : ts == "inlineStr" ? Type::inline_string
               : ts == "str"       ? Type::formula_string
               : ts == "b"         ? Type::boolean
               : ts == "e"         ? Type::error
               : ts == "d"         ? Type::date_text
                                   : Type::number;
        const char* s = attribute(a, "s");
        if (!s || !parse_unsigned(s, 0xFFFFFFFFu, style)) style = 0;
        in_cell = true;
        in_value = in_inline = in_t = has_formula = too_long = false;
        phonetic = 0;
        value.clear();
    }

    void add(CellKind kind, std::string_view text) {
        // Cells may repeat one long shared string: the row as a whole is bounded too.
        if (row_text.size() + text.size() > book.limits.max_row_bytes)
            return parser.fail("sheet '" + sheet + "', row " + std::to_string(row.number) + " holds more than " +
                               std::to_string(book.limits.max_row_bytes >> 20) + " MiB of text; refused");
        const std::size_t begin = row_text.size();
        row_text.append(text);
        pending.push_back({column, kind, begin, row_text.size()});
    }

    void end_cell() {
        in_cell = false;
        if (too_long) return add(CellKind::too_long, {});
        if (value.empty() && has_formula) return add(CellKind::missing_value, {});
        if (value.empty()) return;  // formatted but empty
        switch (type) {
        case Type::shared: {
            std::uint64_t index = 0;
            if (!parse_unsigned(value, 0xFFFFFFFFu, index) || index >= book.strings.ends_.size())
                return parser.fail(where() + " refers to shared string " + value.substr(0, 20) +
                                   ", which does not exist (damaged workbook)");
            const std::string_view text = book.strings.at(static_cast<std::size_t>(index));
            if (!text.empty()) add(CellKind::text, text);
            return;
        }
        case Type::inline_string:
        case Type::formula_string: return add(CellKind::text, value);
        case Type::boolean: return add(CellKind::text, value == "1" ? "TRUE" : value == "0" ? "FALSE" : value);
        case Type::error: return add(CellKind::error, value);
        case Type::date_text:
            // ISO 8601 (strict OOXML): the date part.
            return add(CellKind::text, value.size() > 10 && value[10] == 'T' ? value.substr(0, 10) : value);
        case Type::number: break;
        }
        std::string shown;
        if (style < book.date_style.size() && book.date_style[static_cast<std::size_t>(style)]) {
            char* end = nullptr;
            const double serial = std::strtod(value.c_str(), &end);
            std::string problem;
            if (end != value.c_str() + value.size()) return add(CellKind::text, value);
            if (!serial_to_iso_date(serial, book.date_system, shown, problem)) return add(CellKind::bad_date, problem);
            return add(CellKind::text, shown);
        }
        if (!format_number(value, shown)) return add(CellKind::text, value);
        add(CellKind::text, shown);
    }

    void end_row() {
        if (pending.empty()) return;  // an empty or only formatted row
        row.cells.clear();
        for (const PendingCell& c : pending)
            row.cells.push_back({c.column, c.kind, std::string_view(row_text).substr(c.begin, c.end - c.begin)});
        row_ready = true;
        parser.suspend();
    }
};

SheetReader::SheetReader(std::unique_ptr<State> state) : state_(std::move(state)) {}
SheetReader::~SheetReader() = default;
SheetReader::SheetReader(SheetReader&&) noexcept = default;

const std::string& SheetReader::sheet_name() const { return state_->sheet; }

const Row* SheetReader::next() {
    State& s = *state_;
    s.row_ready = false;
    while (!s.row_ready)
        if (!s.parser.parse_some()) return nullptr;
    return &s.row;
}

SheetReader Workbook::read_sheet(const SheetInfo& sheet) {
    state_->load_styles_and_strings();
    return SheetReader(std::make_unique<SheetReader::State>(*state_, sheet));
}

}  // namespace esfreport::plugins::xlsx
