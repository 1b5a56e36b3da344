#include "esfreport/export/scb_file.hpp"

#include <esfreport/core/identity.hpp>

#include <esfreport/export/csv_field.hpp>
#include <esfreport/export/xlsx_writer.hpp>

#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace esfreport {
namespace {

void check(lxw_error error, const std::filesystem::path& path, const char* what) {
    if (error != LXW_NO_ERROR)
        throw std::runtime_error("cannot write " + path.string() + " (" + what + "): " + lxw_strerror(error));
}

// Column width in Excel characters: the widest of the header and the cells
// (UTF-8 continuation bytes do not count), with a little room.
double fitted_width(const ScbTable& table, std::size_t column) {
    auto chars = [](const std::string& s) {
        return static_cast<double>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
    };
    double width = column < table.headers.size() ? chars(table.headers[column]) : 0;
    for (const auto& row : table.rows)
        if (column < row.size()) width = std::max(width, chars(row[column]));
    return std::min(width + 2, 255.0);
}

}  // namespace

std::string scb_identity_text(const ScbTemplate& tmpl, const Person& person) {
    if (person.kind == IdentityKind::protected_code) return person.id;
    Identity id;
    id.canonical = person.id;
    id.kind = person.kind;
    id.birth_date = person.birth_date;
    id.sex = person.sex;
    return tmpl.identity_form == ScbIdentityForm::separated_long ? format_separated_long(id) : format_long(id);
}

std::string scb_contact_text(const ScbTemplate& tmpl, const std::string& value) {
    const bool blank = value.find_first_not_of(" \t") == std::string::npos;
    return blank ? tmpl.unknown_text : value;
}

ScbTable scb_table_frame(const ScbTemplate& tmpl) {
    ScbTable table;
    for (const auto& column : tmpl.columns) {
        table.headers.push_back(column.header);
        table.blocks.push_back(column.block);
        table.widths.push_back(column.width);
    }
    return table;
}

std::string render_scb_csv(const ScbTemplate& tmpl, const ScbTable& table) {
    const char delimiter = tmpl.delimiter.empty() ? ';' : tmpl.delimiter[0];
    std::string out;
    if (tmpl.byte_order_mark) out += "\xEF\xBB\xBF";
    auto line = [&](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i) out += delimiter;
            out += csv_field(cells[i], delimiter);
        }
        out += tmpl.line_ending;
    };
    if (tmpl.header_row) line(table.headers);
    for (const auto& row : table.rows) line(row);
    return out;
}

void write_scb_file(const ScbTemplate& tmpl, const ScbTable& table, std::time_t created,
                    const std::filesystem::path& path) {
    if (tmpl.format == ScbOutputFormat::csv) {
        const std::string bytes = render_scb_csv(tmpl, table);
        std::ofstream file(path, std::ios::binary | std::ios::trunc);
        file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        file.close();
        if (!file) throw std::runtime_error("cannot write " + path.string() + ": " + std::strerror(errno));
        return;
    }
    // Checked before the workbook exists: a value Excel cannot hold stops
    // the command, it is never left out of the file.
    const bool has_blocks = !tmpl.block_labels.empty() &&
                            std::any_of(table.blocks.begin(), table.blocks.end(), [](int b) { return b > 0; });
    const std::size_t first_data_row = tmpl.header_row ? (has_blocks ? 2 : 1) : 0;
    for (std::size_t r = 0; r < table.rows.size(); ++r)
        for (std::size_t c = 0; c < table.rows[r].size(); ++c)
            check_xlsx_cell_length(table.rows[r][c], path, tmpl.sheet_name, c < table.headers.size() ? table.headers[c] : "", first_data_row + r + 1);
    std::string tmpdir = path.parent_path().empty() ? std::string(".") : path.parent_path().string();
    lxw_workbook_options options{};
    options.constant_memory = LXW_FALSE;
    options.tmpdir = tmpdir.data();
    lxw_workbook* workbook = workbook_new_opt(path.c_str(), &options);
    if (!workbook) throw std::runtime_error("cannot create " + path.string());

    // Fixed properties: the same rows must give the same bytes on a re-run.
    lxw_doc_properties properties{};
    std::string title = tmpl.kind == ScbFileKind::esf_monthly ? "ESF-deltagare till SCB" : "KAA till SCB";
    properties.title = title.data();
    std::string subject = table.registration_number.empty() ? "" : "Ärendenummer " + table.registration_number;
    if (!subject.empty()) properties.subject = subject.data();
    properties.created = created;
    workbook_set_properties(workbook, &properties);

    lxw_worksheet* sheet = workbook_add_worksheet(workbook, tmpl.sheet_name.c_str());
    lxw_format* header = workbook_add_format(workbook);
    format_set_bold(header);
    format_set_num_format(header, "@");
    lxw_format* text = workbook_add_format(workbook);
    format_set_num_format(text, "@");  // text cells: Excel keeps leading zeros and the exact form

    lxw_row_t row = 0;
    if (has_blocks && tmpl.header_row) {
        int previous = 0;
        for (std::size_t c = 0; c < table.blocks.size(); ++c) {
            const int block = table.blocks[c];
            if (block > 0 && block != previous && static_cast<std::size_t>(block) <= tmpl.block_labels.size())
                worksheet_write_string(sheet, row, static_cast<lxw_col_t>(c), tmpl.block_labels[block - 1].c_str(), header);
            previous = block;
        }
        ++row;
    }
    if (tmpl.header_row) {
        for (std::size_t c = 0; c < table.headers.size(); ++c)
            worksheet_write_string(sheet, row, static_cast<lxw_col_t>(c), table.headers[c].c_str(), header);
        worksheet_freeze_panes(sheet, row + 1, 0);
        ++row;
    }
    for (const auto& cells : table.rows) {
        for (std::size_t c = 0; c < cells.size(); ++c)
            if (!cells[c].empty())
                check(worksheet_write_string(sheet, row, static_cast<lxw_col_t>(c), cells[c].c_str(), text), path, "cell");
        ++row;
    }
    for (std::size_t c = 0; c < table.headers.size(); ++c) {
        const double width = c < table.widths.size() && table.widths[c] > 0 ? table.widths[c] : fitted_width(table, c);
        worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), width, text);
    }
    check(workbook_close(workbook), path, "XLSX");
}

std::optional<int> parse_scb_month(std::string_view text) {
    if (text.size() != 7 || text[4] != '-') return std::nullopt;
    for (std::size_t i : {0, 1, 2, 3, 5, 6})
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
    const int year = std::stoi(std::string(text.substr(0, 4)));
    const int month = std::stoi(std::string(text.substr(5, 2)));
    if (month < 1 || month > 12) return std::nullopt;
    return year * 12 + month - 1;
}

std::string scb_month_text(int month_index) {
    const int year = month_index / 12;
    const int month = month_index % 12 + 1;
    std::string y = std::to_string(year);
    while (y.size() < 4) y = "0" + y;
    return y + (month < 10 ? "-0" : "-") + std::to_string(month);
}

}  // namespace esfreport
