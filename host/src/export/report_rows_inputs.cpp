#include "report_builder.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <cctype>
#include <tuple>

namespace fs = std::filesystem;

namespace esfreport::report_detail {
namespace {

// "person_id (1)" -> "person_id". Plain loops rather than std::regex: the
// text comes from the data, and libstdc++'s regex recurses per character.
std::string without_position(const std::string& column) {
    if (column.size() < 4 || column.back() != ')') return column;
    std::size_t open = column.size() - 1;
    while (open > 0 && std::isdigit(static_cast<unsigned char>(column[open - 1]))) --open;
    if (open < 3 || open == column.size() - 1 || column[open - 1] != '(' || column[open - 2] != ' ') return column;
    return column.substr(0, open - 2);
}

// "not a date: '2017-13-01'" -> "not a date: '…'": every quoted value.
std::string with_quotes_generalised(const std::string& reason) {
    std::string out;
    out.reserve(reason.size());
    for (std::size_t i = 0; i < reason.size(); ++i) {
        const std::size_t close = reason[i] == '\'' ? reason.find('\'', i + 1) : std::string::npos;
        if (close == std::string::npos) {
            out += reason[i];
            continue;
        }
        out += "'…'";
        i = close;
    }
    return out;
}

}  // namespace

bool ReportBuilder::in_scope(SubprojectIndex s) const {
    return std::find(ctx_.scope.subprojects.begin(), ctx_.scope.subprojects.end(), s) != ctx_.scope.subprojects.end();
}

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
    return rt;
}

ReportTable ReportBuilder::reasons_table(const TableTemplate& t) {
    const auto cols = visible_columns(t);
    ReportTable rt = start(t, cols);
    // Group by subproject, column (without its position) and reason with
    // quoted values generalised, so "not a date: 'x'" and "'y'" group.
    std::map<std::tuple<SubprojectIndex, std::string, std::string>, std::pair<std::int64_t, std::uint64_t>> groups;
    for (const Rejection& r : data_.rejections) {
        if (!in_scope(r.subproject)) continue;
        auto& g = groups[{r.subproject, without_position(r.column), with_quotes_generalised(r.reason)}];
        if (g.first++ == 0 || r.line < g.second) g.second = r.line;
    }
    for (const auto& [key, g] : groups) {
        ReportRow row;
        for (const TemplateColumn* c : cols) {
            if (c->value == "subproject") row.cells.push_back(Cell::of_text(config_.subprojects[std::get<0>(key)].name));
            else if (c->value == "column") row.cells.push_back(Cell::of_text(std::get<1>(key)));
            else if (c->value == "reason") row.cells.push_back(Cell::of_text(std::get<2>(key)));
            else if (c->value == "rows") row.cells.push_back(Cell::of_integer(double(g.first)));
            else if (c->value == "first_line") row.cells.push_back(Cell::of_integer(double(g.second)));
            else bad_value(t, c->value);
        }
        rt.rows.push_back(std::move(row));
    }
    if (groups.empty()) rt.notes.push_back(text(t, "empty_label"));
    return rt;
}

}  // namespace esfreport::report_detail
