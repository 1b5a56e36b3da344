#include "report_builder.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cctype>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace fs = std::filesystem;

namespace esfreport::report_detail {
namespace {

// "person_id (1)" -> "person_id", "person_id (Deltagare!A7)" -> "person_id".
// Plain loops rather than std::regex: the text comes from the data, and
// libstdc++'s regex recurses per character.
std::string without_position(const Rejection& r) {
    const std::string& column = r.column;
    if (!r.cell.empty()) {
        const std::string suffix = " (" + r.cell + ")";
        if (column.size() >= suffix.size() && column.compare(column.size() - suffix.size(), suffix.size(), suffix) == 0)
            return column.substr(0, column.size() - suffix.size());
    }
    if (column.size() < 4 || column.back() != ')') return column;
    std::size_t open = column.size() - 1;
    while (open > 0 && std::isdigit(static_cast<unsigned char>(column[open - 1]))) --open;
    if (open < 3 || open == column.size() - 1 || column[open - 1] != '(' || column[open - 2] != ' ') return column;
    return column.substr(0, open - 2);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

// Length of an ISO date ("2017-02-01") at `at`, 0 if there is none there.
std::size_t iso_date_at(const std::string& s, std::size_t at) {
    static constexpr char shape[] = "dddd-dd-dd";
    if (at + 10 > s.size() || (at > 0 && is_digit(s[at - 1])) || (at + 10 < s.size() && is_digit(s[at + 10]))) return 0;
    for (std::size_t k = 0; k < 10; ++k)
        if (shape[k] == 'd' ? !is_digit(s[at + k]) : s[at + k] != '-') return 0;
    return 10;
}

// Length of the numbers after "line " or "lines " at `at` ("3114", "3, 4",
// "3–5"), 0 if `at` does not follow such a word.
std::size_t line_numbers_at(const std::string& s, std::size_t at) {
    const auto follows = [&](const std::string& word) {
        return at >= word.size() && s.compare(at - word.size(), word.size(), word) == 0 &&
               (at == word.size() || !is_letter(s[at - word.size() - 1]));
    };
    if (at >= s.size() || !is_digit(s[at]) || (at > 0 && is_digit(s[at - 1])) || !(follows("line ") || follows("lines "))) return 0;
    std::size_t end = at;
    while (true) {
        while (end < s.size() && is_digit(s[end])) ++end;
        std::size_t separator = 0;
        if (s.compare(end, 2, ", ") == 0) separator = 2;
        else if (s.compare(end, 3, "–") == 0) separator = 3;  // en dash, 3 bytes in UTF-8
        else if (s.compare(end, 1, "-") == 0) separator = 1;
        if (!separator || end + separator >= s.size() || !is_digit(s[end + separator])) return end - at;
        end += separator;
    }
}

// What makes one row's reason differ from another's with the same cause, so
// that such rows group: every quoted value ("not a date: '2017-13-01'" ->
// "not a date: '…'"), the numbers of referenced lines ("duplicate of line
// 3114" -> "duplicate of line …", also "line 7 of <file>", "lines 3, 4") and
// dates ("overlaps ... on line 2 (2017-02-01 – open)" -> "on line … (… –
// open)"; every date in a reason is the row's own or an earlier row's).
// Without this, 35,000 duplicate rows are 35,000 rows of the table.
std::string with_values_generalised(const std::string& reason) {
    std::string out;
    out.reserve(reason.size());
    for (std::size_t i = 0; i < reason.size(); ++i) {
        if (reason[i] != '\'' && !is_digit(reason[i])) {  // a value starts with a quote or a digit
            out += reason[i];
            continue;
        }
        if (reason[i] == '\'') {
            if (const std::size_t close = reason.find('\'', i + 1); close != std::string::npos) {
                out += "'…'";
                i = close;
                continue;
            }
        }
        std::size_t value = iso_date_at(reason, i);
        if (!value) value = line_numbers_at(reason, i);
        if (!value) {
            out += reason[i];
            continue;
        }
        out += "…";
        i += value - 1;
    }
    return out;
}

}  // namespace

bool ReportBuilder::in_scope(SubprojectIndex s) const { return s < in_scope_.size() && in_scope_[s]; }

// The kind of an input in the report's language: kind_<name>_label of the
// template ("participants" -> "Deltagare"), the core's name when it has none.
std::string ReportBuilder::kind_label(const TableTemplate& t, std::uint32_t kind) const {
    const std::string name(input_kind_name(kind));
    const std::string& label = text(t, "kind_" + name + "_label");
    return label.empty() ? name : label;
}

ReportTable ReportBuilder::inputs_table(const TableTemplate& t) {
    const auto cols = visible_columns(t);
    ReportTable rt = start(t, cols);
    rt.about_persons = false;  // rows of files
    std::uint64_t read = 0, accepted = 0, rejected = 0;
    const fs::path base = config_.file.parent_path();
    for (const InputRecord& in : data_.inputs) {
        if (!in_scope(in.subproject)) continue;
        read += in.rows_read;
        accepted += in.rows_accepted;
        rejected += in.rows_rejected;
        ReportRow row;
        for (const TemplateColumn* c : cols) {
            if (c->value == "subproject") row.cells.push_back(Cell::of_text(config_.subprojects[in.subproject].name));
            else if (c->value == "kind") row.cells.push_back(Cell::of_text(kind_label(t, in.kind)));
            else if (c->value == "file") row.cells.push_back(Cell::of_text(relative_path(in.path, base)));
            else if (c->value == "rows_read") row.cells.push_back(Cell::of_integer(double(in.rows_read)));
            else if (c->value == "rows_accepted") row.cells.push_back(Cell::of_integer(double(in.rows_accepted)));
            else if (c->value == "rows_rejected") row.cells.push_back(Cell::of_integer(double(in.rows_rejected)));
            else if (c->value == "rejected_share")
                row.cells.push_back(in.rows_read ? Cell::of_percent(double(in.rows_rejected) / double(in.rows_read), FigureDecimals::row_share) : Cell::of_missing());
            else bad_value(t, c->value);
        }
        rt.rows.push_back(std::move(row));
    }
    ReportRow total;
    total.style = RowStyle::total;
    for (const TemplateColumn* c : cols) {
        if (c->value == "subproject") total.cells.push_back(Cell::of_text(text(t, "total_label")));
        else if (c->value == "rows_read") total.cells.push_back(Cell::of_integer(double(read)));
        else if (c->value == "rows_accepted") total.cells.push_back(Cell::of_integer(double(accepted)));
        else if (c->value == "rows_rejected") total.cells.push_back(Cell::of_integer(double(rejected)));
        else if (c->value == "rejected_share") total.cells.push_back(read ? Cell::of_percent(double(rejected) / double(read), FigureDecimals::row_share) : Cell::of_missing());
        else total.cells.push_back(Cell::blank());
    }
    rt.rows.push_back(std::move(total));

    // Persons in two subprojects at the same time, per pair touching the
    // scope; not in a public report (small counts of persons).
    std::string pairs;
    for (const ConcurrentParticipation& c : data_.concurrent) {
        if (ctx_.disclosure) break;
        if (!in_scope(c.first) && !in_scope(c.second)) continue;
        pairs += (pairs.empty() ? "" : ", ") + config_.subprojects[c.first].name + " – " +
                 config_.subprojects[c.second].name + " " + std::to_string(c.persons);
    }
    list_note(t, rt, "concurrent_note", pairs);
    return rt;
}

ReportTable ReportBuilder::reasons_table(const TableTemplate& t) {
    const auto cols = visible_columns(t);
    ReportTable rt = start(t, cols);
    rt.about_persons = false;  // rows of files, reasons without values
    // Group by subproject, column (without its position) and reason with
    // values generalised, so "not a date: 'x'" and "'y'" group, and so do
    // "duplicate of line 3" and "of line 9". rejected.csv keeps each in full.
    // Per group: the rows, and the first of them (by line) shown as its line,
    // or in a sheet as its cell ("Deltagare!C17").
    struct Group {
        std::int64_t rows = 0;
        const Rejection* first = nullptr;
    };
    using Key = std::tuple<SubprojectIndex, std::string, std::string>;
    struct KeyHash {
        std::size_t operator()(const Key& k) const {
            const std::hash<std::string> h;
            return (h(std::get<1>(k)) * 31 + h(std::get<2>(k))) * 31 + std::get<0>(k);
        }
    };
    // Hashed while counting (a national run's report reads every rejected
    // row), then put in the table's order.
    std::unordered_map<Key, Group, KeyHash> counted;
    const std::string& cascade = text(t, "cascade_label");
    const std::size_t cascade_at = cascade.find("{reason}");
    const auto count = [&](const Rejection& r) {
        // A row rejected only because its person's participant row was is
        // counted under that row's reason, not once per participant row.
        std::string reason = with_values_generalised(r.cause.empty() ? r.reason : r.cause);
        if (!r.cause.empty() && cascade_at != std::string::npos) reason = std::string(cascade).replace(cascade_at, 8, reason);
        Group& g = counted[{r.subproject, without_position(r), std::move(reason)}];
        if (g.rows++ == 0 || r.line < g.first->line) g.first = &r;
    };
    // A group is of one subproject: its rows counted subproject by subproject
    // (each in the dataset's order) give the same groups and first lines.
    if (const auto* by_subproject = ctx_.rejections_by_subproject) {
        for (SubprojectIndex s = 0; s < by_subproject->size(); ++s)
            if (in_scope(s))
                for (const std::uint32_t i : (*by_subproject)[s]) count(data_.rejections[i]);
    } else {
        for (const Rejection& r : data_.rejections)
            if (in_scope(r.subproject)) count(r);
    }
    std::vector<std::pair<const Key*, const Group*>> groups;
    groups.reserve(counted.size());
    for (const auto& [key, g] : counted) groups.emplace_back(&key, &g);
    std::sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return *a.first < *b.first; });
    for (const auto& [key_of, group_of] : groups) {
        const Key& key = *key_of;
        const Group& g = *group_of;
        ReportRow row;
        for (const TemplateColumn* c : cols) {
            if (c->value == "subproject") row.cells.push_back(Cell::of_text(config_.subprojects[std::get<0>(key)].name));
            else if (c->value == "column") row.cells.push_back(Cell::of_text(std::get<1>(key)));
            else if (c->value == "reason") row.cells.push_back(Cell::of_text(std::get<2>(key)));
            else if (c->value == "rows") row.cells.push_back(Cell::of_integer(double(g.rows)));
            else if (c->value == "first_line")
                row.cells.push_back(g.first->cell.empty() ? Cell::of_integer(double(g.first->line)) : Cell::of_text(g.first->cell));
            else bad_value(t, c->value);
        }
        rt.rows.push_back(std::move(row));
    }
    if (groups.empty()) rt.notes.push_back(text(t, "empty_label"));
    return rt;
}

}  // namespace esfreport::report_detail
