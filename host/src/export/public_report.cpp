#include <esfreport/export/public_report.hpp>

#include <map>
#include <stdexcept>
#include <string_view>

namespace esfreport {
namespace {

using Lookup = std::map<std::string, const OutcomeFigure*, std::less<>>;

bool is_number(const Cell& c) { return c.kind == CellKind::integer || c.kind == CellKind::number || c.kind == CellKind::percent; }

// Non-binary and unknown are published together as `other`.
bool part_of_other(const Cell& c) { return c.figure_sex == "non_binary" || c.figure_sex == "unknown"; }

std::string place(const ReportTable& t, std::size_t row, std::size_t col) {
    return "table " + t.id + ", row " + std::to_string(row + 1) + ", column " + std::to_string(col + 1);
}

class TablePass {
public:
    TablePass(ReportTable& table, const Lookup& lookup) : t_(table), lookup_(lookup) {}

    std::size_t run(const PublicReportTexts& texts) {
        if (!t_.about_persons) return 0;
        // A table of persons with no figure at all (an empty table, a note
        // only) gets no note; its numbers, if any, are refused below.
        const bool any_figure = marked();
        const std::vector<bool> other = other_columns();
        for (std::size_t r = 0; r < t_.rows.size(); ++r)
            for (std::size_t c = 0; c < t_.rows[r].cells.size(); ++c) decide(r, c);
        // Adjacent columns of non-binary and unknown become one (the first
        // holds `other` now); from the right, so indexes stay valid.
        bool any_other = false;
        for (std::size_t c = other.size(); c-- > 0;) {
            if (!other[c]) continue;
            any_other = true;
            if (c > 0 && other[c - 1]) erase_column(c);
            else t_.columns[c].label = texts.other_sex;
        }
        if (any_figure) t_.notes.push_back(texts.note);
        if (any_other) t_.notes.push_back(texts.other_sex_note);
        return suppressed_;
    }

private:
    ReportTable& t_;
    const Lookup& lookup_;
    std::size_t suppressed_ = 0;

    bool marked() const {
        for (const ReportRow& row : t_.rows)
            for (const Cell& c : row.cells)
                if (c.disclosure != Disclosure::none) return true;
        return false;
    }

    // Columns whose figures are all of non-binary or unknown sex.
    std::vector<bool> other_columns() const {
        std::vector<bool> out(t_.columns.size(), false);
        for (std::size_t c = 0; c < out.size(); ++c) {
            bool any = false, all = true;
            for (const ReportRow& row : t_.rows) {
                if (c >= row.cells.size() || row.cells[c].disclosure != Disclosure::figure) continue;
                any = true;
                all = all && part_of_other(row.cells[c]);
            }
            out[c] = any && all;
        }
        return out;
    }

    void suppress(Cell& cell) {
        cell.kind = CellKind::suppressed;
        cell.text = kSuppressedMark;
        cell.value = 0;
        ++suppressed_;
    }

    void decide(std::size_t r, std::size_t c) {
        Cell& cell = t_.rows[r].cells[c];
        switch (cell.disclosure) {
        case Disclosure::none:
            if (is_number(cell)) throw std::logic_error(place(t_, r, c) + ": a number about persons that names no published figure");
            return;
        case Disclosure::not_persons: return;
        case Disclosure::withheld: suppress(cell); return;
        case Disclosure::figure: {
            const bool other = part_of_other(cell);
            const auto it = lookup_.find(cell.figure_key + '\x1f' + (other ? std::string("other") : cell.figure_sex));
            if (it == lookup_.end()) throw std::logic_error(place(t_, r, c) + ": no published figure of that name");
            const OutcomeFigure& f = *it->second;
            if (f.suppressed) suppress(cell);
            else if (other && !f.value) cell.kind = CellKind::missing;
            else if (other) {
                if (!is_number(cell)) cell.kind = CellKind::integer;
                cell.value = *f.value;
            }
            return;
        }
        case Disclosure::column_sum: {
            // Summed after the cells above were decided (rows in order).
            double sum = 0;
            for (std::size_t above = 0; above < r; ++above) {
                if (c >= t_.rows[above].cells.size()) continue;
                const Cell& a = t_.rows[above].cells[c];
                if (a.disclosure != Disclosure::figure) continue;
                if (a.kind == CellKind::suppressed) return suppress(cell);
                if (is_number(a)) sum += a.value;
            }
            cell.value = sum;
            return;
        }
        }
    }

    void erase_column(std::size_t c) {
        t_.columns.erase(t_.columns.begin() + static_cast<std::ptrdiff_t>(c));
        for (ReportRow& row : t_.rows)
            if (c < row.cells.size()) row.cells.erase(row.cells.begin() + static_cast<std::ptrdiff_t>(c));
        std::size_t first = 0;
        for (auto g = t_.groups.begin(); g != t_.groups.end(); first += static_cast<std::size_t>(g->span), ++g) {
            if (c >= first + static_cast<std::size_t>(g->span)) continue;
            if (--g->span == 0) t_.groups.erase(g);
            return;
        }
    }
};

}  // namespace

std::string with_threshold(std::string text, int k) {
    for (auto at = text.find("{k}"); at != std::string::npos; at = text.find("{k}")) text.replace(at, 3, std::to_string(k));
    return text;
}

std::size_t apply_disclosure_control(ReportDocument& doc, const OutcomeFigures& figures, const PublicReportTexts& texts) {
    Lookup lookup;
    for (const OutcomeFigure& f : figures.figures) lookup.emplace(figure_key(f) + '\x1f' + std::string(to_string(f.sex)), &f);
    std::size_t suppressed = 0;
    for (std::vector<ReportTable>* tables : {&doc.tables, &doc.about})
        for (ReportTable& t : *tables) suppressed += TablePass(t, lookup).run(texts);
    return suppressed;
}

}  // namespace esfreport
