#include <esfreport/export/reconcile.hpp>

#include <esfreport/core/figures.hpp>
#include <esfreport/export/csv_field.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <tuple>

namespace esfreport {
namespace {

// The measure ids of a stated file and the figures they stand for. The one
// place that maps the evaluators' ids (codebook) to the figure names of
// core/figures.hpp.
struct StatedMeasure {
    std::string_view id;
    std::string_view figure;    // participant_figures() name; "<figure>.<category>" when `has_category`
    bool has_category;
    std::string_view share_of;  // the measure a "%" value is a share of; empty: no share
    bool persons;               // a count of distinct persons (a total need not be the sum of subprojects)
};
const StatedMeasure kStatedMeasures[] = {
    {"participants", "unique", false, "", true},
    {"new_participants", "new", false, "participants", true},
    {"active_at_end", "active_at_end", false, "participants", true},
    {"exited", "exited", false, "participants", true},
    {"into_studies_or_work", "into_studies_or_work", false, "exited", true},
    {"cr02", "cr02", false, "exited", true},
    {"cr04", "cr04", false, "exited", true},
    {"exit_status", "status", true, "exited", true},
    {"age_band", "age", true, "participants", true},
    {"inside_target_ages", "inside_target_ages", false, "participants", true},
    {"other_affected", "", false, "", false},  // an aggregate per subproject, total only
};

const StatedMeasure* find_measure(std::string_view id) {
    for (const StatedMeasure& m : kStatedMeasures)
        if (m.id == id) return &m;
    return nullptr;
}

const char* const kColumns[] = {"scope", "subproject", "measure", "category", "sex", "value"};

std::string trim(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
    return std::string(s.substr(b, e - b));
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

struct Record {
    std::uint64_t line = 0;
    std::vector<std::string> fields;
};

// RFC 4180 records (quoted fields may hold the delimiter, "" and line
// breaks); blank lines and lines starting with '#' are skipped; a byte
// order mark is dropped.
std::vector<Record> read_records(const std::string& text, char delimiter, const std::string& file) {
    std::vector<Record> out;
    std::size_t i = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
    std::uint64_t line = 1;
    while (i < text.size()) {
        Record r;
        r.line = line;
        std::string field;
        bool quoted = false, was_quoted = false, end_of_record = false;
        while (i < text.size() && !end_of_record) {
            const char c = text[i++];
            if (quoted) {
                if (c == '"') {
                    if (i < text.size() && text[i] == '"') {
                        field += '"';
                        ++i;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') ++line;
                    field += c;
                }
            } else if (c == '"' && trim(field).empty() && !was_quoted) {
                quoted = was_quoted = true;
                field.clear();
            } else if (c == delimiter) {
                r.fields.push_back(field);
                field.clear();
                was_quoted = false;
            } else if (c == '\n') {
                end_of_record = true;
                ++line;
            } else if (c != '\r') {
                field += c;
            }
        }
        if (quoted) throw StatedFileError(file + ":" + std::to_string(r.line) + ": a quoted field is not closed");
        r.fields.push_back(field);
        if (r.fields.size() == 1 && trim(r.fields[0]).empty()) continue;
        if (!trim(r.fields[0]).empty() && trim(r.fields[0])[0] == '#') continue;  // a comment: where a figure was printed
        out.push_back(std::move(r));
    }
    return out;
}

// "119", "1 360", "59 %", "59,5 %", "12.5": a count or a percent. Spaces
// (also no-break spaces) group thousands; ',' or '.' is the decimal sign.
bool parse_value(std::string text, StatedFigure& f) {
    for (const char* nbsp : {"\xC2\xA0", "\xE2\x80\xAF"})
        for (std::size_t at; (at = text.find(nbsp)) != std::string::npos;) text.replace(at, std::string(nbsp).size(), " ");
    text = trim(text);
    if (!text.empty() && text.back() == '%') {
        f.share = true;
        text = trim(text.substr(0, text.size() - 1));
    }
    std::string digits;
    bool any_digit = false, decimal_seen = false;
    f.decimals = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') {
            digits += c;
            any_digit = true;
            if (decimal_seen) ++f.decimals;
        } else if ((c == ',' || c == '.') && !decimal_seen && any_digit) {
            digits += '.';
            decimal_seen = true;
        } else if (c == ' ' && any_digit && !decimal_seen) {
            continue;  // thousands
        } else if (c == '-' && i == 0) {
            digits += c;
        } else {
            return false;
        }
    }
    if (!any_digit || digits.back() == '.') return false;
    f.value = std::strtod(digits.c_str(), nullptr);
    return true;
}

std::string sex_text(std::optional<Sex> sex) { return sex ? std::string(to_string(*sex)) : "total"; }

std::string_view kind_text(Scope::Kind k) {
    switch (k) {
    case Scope::Kind::subproject: return "subproject";
    case Scope::Kind::region: return "region";
    case Scope::Kind::programme: return "programme";
    }
    return "";
}

// Whole numbers as integers, others with up to four decimals.
std::string number_text(double v) {
    if (std::fabs(v - std::round(v)) < 1e-9) return std::to_string(static_cast<long long>(std::llround(v)));
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.4f", v);
    std::string s = buf;
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
}

// A share as stated agrees with a computed one when it is that share rounded
// to the decimals stated (half a unit of the last decimal either way).
bool share_agrees(const StatedFigure& f, double computed_percent) {
    return std::fabs(f.value - computed_percent) <= 0.5 * std::pow(10.0, -f.decimals) + 1e-9;
}

}  // namespace

std::string stated_measure_ids() {
    std::string out;
    for (const StatedMeasure& m : kStatedMeasures) out += (out.empty() ? "" : ", ") + std::string(m.id);
    return out;
}

std::string_view to_string(Verdict v) {
    switch (v) {
    case Verdict::agrees: return "agrees";
    case Verdict::differs: return "differs";
    case Verdict::not_computed: return "not_computed";
    case Verdict::not_checked: return "not_checked";
    }
    return "";
}

std::vector<StatedFigure> read_stated_figures(const std::string& text, const std::string& file, const ProjectConfig& config) {
    // A Swedish spreadsheet saves CSV with ';' (the comma is the decimal sign).
    const std::size_t header_end = text.find('\n');
    const std::string header_line = text.substr(0, header_end);
    const char delimiter = header_line.find(';') != std::string::npos && header_line.find(',') == std::string::npos ? ';' : ',';
    const std::vector<Record> records = read_records(text, delimiter, file);
    const std::string expected_header = "scope,subproject,measure,category,sex,value";
    if (records.empty()) throw StatedFileError(file + ": empty; expected the header " + expected_header);
    std::vector<std::string> header;
    for (const std::string& h : records[0].fields) header.push_back(lower(trim(h)));
    for (std::size_t c = 0; c < 6; ++c)
        if (c >= header.size() || header[c] != kColumns[c])
            throw StatedFileError(file + ":" + std::to_string(records[0].line) + ": column " + std::to_string(c + 1) +
                              ": expected the header " + expected_header + ", got '" + (c < header.size() ? header[c] : "") + "'");
    if (header.size() > 6)
        throw StatedFileError(file + ":" + std::to_string(records[0].line) + ": column 7: expected the header " + expected_header +
                          " and nothing more, got '" + header[6] + "'");

    std::vector<StatedFigure> out;
    for (std::size_t r = 1; r < records.size(); ++r) {
        const Record& rec = records[r];
        auto fail = [&](std::size_t column, const std::string& what) -> void {
            const std::string got = column < rec.fields.size() ? trim(rec.fields[column]) : "";
            throw StatedFileError(file + ":" + std::to_string(rec.line) + ": column " + std::to_string(column + 1) + " (" +
                              kColumns[column] + "): expected " + what + ", got '" + got + "'");
        };
        if (rec.fields.size() != 6)
            throw StatedFileError(file + ":" + std::to_string(rec.line) + ": expected 6 fields (" + expected_header + "), got " +
                              std::to_string(rec.fields.size()));
        StatedFigure f;
        f.line = rec.line;
        const std::string scope = lower(trim(rec.fields[0]));
        const std::string name = trim(rec.fields[1]);
        if (scope == "subproject") {
            f.scope_kind = Scope::Kind::subproject;
            for (const SubprojectConfig& sp : config.subprojects)
                if (sp.id == name || sp.name == name) f.scope_id = sp.id;
            if (f.scope_id.empty()) fail(1, "a subproject's id or name from the configuration");
        } else if (scope == "region") {
            f.scope_kind = Scope::Kind::region;
            for (const SubprojectConfig& sp : config.subprojects)
                if (sp.region == name) f.scope_id = name;
            if (f.scope_id.empty()) fail(1, "a region of the configuration");
        } else if (scope == "programme") {
            f.scope_kind = Scope::Kind::programme;
            f.scope_id = "programme";
            if (!name.empty()) fail(1, "nothing for the programme");
        } else {
            fail(0, "subproject, region or programme");
        }
        f.measure = trim(rec.fields[2]);
        const StatedMeasure* measure = find_measure(f.measure);
        if (!measure) fail(2, "a measure id (" + stated_measure_ids() + ")");
        f.category = trim(rec.fields[3]);
        if (measure->has_category) {
            if (!find_figure(participant_figures(), std::string(measure->figure) + "." + f.category))
                fail(3, measure->id == "exit_status" ? "a status at exit (studies, work, studies_and_work, job_seeking, "
                                                       "other_authority, other_measure, dropout, not_reached, other, unknown)"
                                                     : "an age band (under_15, 15_19, 20_24, over_24)");
        } else if (!f.category.empty()) {
            fail(3, "no category for " + f.measure);
        }
        const std::string sex = lower(trim(rec.fields[4]));
        if (sex == "total" || sex == "totalt") f.sex.reset();
        else if (auto s = parse_sex(sex)) f.sex = s;
        else if (sex == "unknown") f.sex = Sex::unknown;
        else fail(4, "female, male, non_binary, unknown or total");
        if (measure->id == "other_affected" && f.sex) fail(4, "total (other affected youths are not counted by sex)");
        f.text = trim(rec.fields[5]);
        if (!parse_value(rec.fields[5], f)) fail(5, "a number such as 119, 1 360, 59 % or 12,5");
        if (f.share && measure->share_of.empty()) fail(5, "a count (" + f.measure + " has no share)");
        if (!f.share && f.decimals > 0) fail(5, "a whole count (or a share with %)");
        out.push_back(std::move(f));
    }
    return out;
}

namespace {

const ScopeResults* results_of(const ProjectResults& results, Scope::Kind kind, const std::string& id) {
    if (kind == Scope::Kind::programme) return &results.programme();
    const std::vector<ScopeResults>& list = kind == Scope::Kind::region ? results.regions() : results.subprojects();
    for (const ScopeResults& r : list)
        if (r.scope.id == id) return &r;
    return nullptr;
}

std::optional<std::int64_t> computed_count(const ParticipantMetrics& m, const StatedMeasure& measure, const std::string& category,
                                           std::optional<Sex> sex) {
    if (measure.id == "other_affected") return m.other_affected;
    std::string figure(measure.figure);
    if (measure.has_category) figure += "." + category;
    const std::optional<BySex> by_sex = metric_by_name(m, figure);
    if (!by_sex) return std::nullopt;
    return sex ? (*by_sex)[*sex] : by_sex->total();
}

// Stated figures grouped by what they state, each distinct value once (a
// report may state one figure in a table and again in its text).
struct Key {
    Scope::Kind kind;
    std::string scope_id, measure, category;
    std::optional<Sex> sex;
    bool share;
    friend bool operator<(const Key& a, const Key& b) {
        return std::tie(a.kind, a.scope_id, a.measure, a.category, a.sex, a.share) <
               std::tie(b.kind, b.scope_id, b.measure, b.category, b.sex, b.share);
    }
};
struct StatedValues {
    std::vector<const StatedFigure*> distinct;  // first figure of each distinct value
};

Key key_of(const StatedFigure& f) { return {f.scope_kind, f.scope_id, f.measure, f.category, f.sex, f.share}; }

ReconcileRow row_for(const StatedFigure& total, const std::string& check) {
    ReconcileRow row;
    row.check = check;
    row.lines = std::to_string(total.line);
    row.scope = std::string(kind_text(total.scope_kind));
    row.scope_id = total.scope_id;
    row.measure = total.measure;
    row.category = total.category;
    row.sex = sex_text(total.sex);
    row.unit = total.share ? "percent" : "count";
    row.stated = number_text(total.value);
    return row;
}

void set_expected(ReconcileRow& row, const StatedFigure& stated, double expected, bool agrees) {
    row.expected = number_text(expected);
    row.difference = number_text(stated.value - expected);
    row.verdict = agrees ? Verdict::agrees : Verdict::differs;
}

class Reconciler {
public:
    Reconciler(const std::vector<StatedFigure>& stated, const ProjectResults& results) : stated_(stated), results_(results) {
        for (const StatedFigure& f : stated_) {
            const Key k = key_of(f);
            auto [it, inserted] = groups_.try_emplace(k);
            if (inserted) order_.push_back(k);
            std::vector<const StatedFigure*>& d = it->second.distinct;
            if (std::none_of(d.begin(), d.end(), [&](const StatedFigure* g) { return g->value == f.value; })) d.push_back(&f);
        }
    }

    std::vector<ReconcileRow> run() {
        for (const StatedFigure& f : stated_) against_computed(f);
        for (const Key& k : order_) {
            if (k.share) share_of_counts(k);
            else {
                sum_of_sexes(k);
                sum_of_parts(k);
            }
        }
        return std::move(rows_);
    }

private:
    const std::vector<StatedFigure>& stated_;
    const ProjectResults& results_;
    std::map<Key, StatedValues> groups_;
    std::vector<Key> order_;
    std::vector<ReconcileRow> rows_;

    const StatedValues* group(const Key& k) const {
        const auto it = groups_.find(k);
        return it == groups_.end() ? nullptr : &it->second;
    }

    void against_computed(const StatedFigure& f) {
        ReconcileRow row = row_for(f, "computed");
        const StatedMeasure& measure = *find_measure(f.measure);
        const ScopeResults* scope = results_of(results_, f.scope_kind, f.scope_id);
        std::optional<std::int64_t> count;
        if (scope) count = computed_count(scope->participants, measure, f.category, f.sex);
        if (!f.share) {
            row.detail = "computed";
            if (!count) {
                row.verdict = Verdict::not_computed;
                row.detail = "not computed (the configuration or data give no such figure)";
            } else {
                const double computed = static_cast<double>(count.value_or(0));
                set_expected(row, f, computed, f.value == computed);
            }
        } else {
            const StatedMeasure& of = *find_measure(measure.share_of);
            std::optional<std::int64_t> denominator;
            if (scope) denominator = computed_count(scope->participants, of, "", f.sex);
            if (!count || !denominator || *denominator == 0) {
                row.verdict = Verdict::not_computed;
                row.detail = "not computed (no " + std::string(of.id) + ")";
            } else {
                const double percent = 100.0 * double(*count) / double(*denominator);
                row.detail = "computed " + std::to_string(*count) + " of " + std::to_string(*denominator) + " " + std::string(of.id);
                set_expected(row, f, percent, share_agrees(f, percent));
            }
        }
        rows_.push_back(std::move(row));
    }

    // Women + men (+ non-binary + unknown, when stated) against a stated total.
    void sum_of_sexes(const Key& total_key) {
        if (total_key.sex) return;
        const StatedValues* total = group(total_key);
        std::vector<const StatedValues*> parts;
        for (Sex s : {Sex::female, Sex::male, Sex::non_binary, Sex::unknown}) {
            Key k = total_key;
            k.sex = s;
            const StatedValues* g = group(k);
            if (g) parts.push_back(g);
            else if (s == Sex::female || s == Sex::male) return;  // nothing to add up
        }
        // Every combination of distinct stated values: one statement per sum.
        std::vector<std::size_t> pick(parts.size(), 0);
        while (true) {
            double sum = 0;
            std::string detail;
            for (std::size_t i = 0; i < parts.size(); ++i) {
                const StatedFigure& f = *parts[i]->distinct[pick[i]];
                sum += f.value;
                detail += (detail.empty() ? "" : " + ") + sex_text(f.sex) + " " + f.text + " (line " + std::to_string(f.line) + ")";
            }
            for (const StatedFigure* t : total->distinct) {
                ReconcileRow row = row_for(*t, "sum_of_sexes");
                row.detail = detail;
                set_expected(row, *t, sum, t->value == sum);
                rows_.push_back(std::move(row));
            }
            std::size_t i = 0;
            while (i < parts.size() && ++pick[i] == parts[i]->distinct.size()) pick[i++] = 0;
            if (i == parts.size()) break;
        }
    }

    // A region's stated figure against its subprojects' stated rows; the
    // programme's against its regions' (or, when not every region is stated,
    // its subprojects'). Only when every part is stated.
    void sum_of_parts(const Key& total_key) {
        if (total_key.kind == Scope::Kind::subproject) return;
        const ProjectConfig& config = *results_.data().config;
        auto parts_of = [&](Scope::Kind kind) {
            std::vector<Key> parts;
            if (kind == Scope::Kind::region) {
                for (const ScopeResults& r : results_.regions()) parts.push_back({kind, r.scope.id, total_key.measure, total_key.category, total_key.sex, false});
            } else {
                for (const SubprojectConfig& sp : config.subprojects)
                    if (total_key.kind == Scope::Kind::programme || sp.region == total_key.scope_id)
                        parts.push_back({kind, sp.id, total_key.measure, total_key.category, total_key.sex, false});
            }
            return parts;
        };
        auto all_stated = [&](const std::vector<Key>& parts) {
            return std::all_of(parts.begin(), parts.end(), [&](const Key& k) { return group(k) != nullptr; });
        };
        std::vector<Key> parts;
        std::string check = "sum_of_subprojects";
        if (total_key.kind == Scope::Kind::programme && all_stated(parts_of(Scope::Kind::region))) {
            parts = parts_of(Scope::Kind::region);
            check = "sum_of_regions";
        } else {
            parts = parts_of(Scope::Kind::subproject);
            if (!all_stated(parts)) return;
        }
        double sum = 0;
        std::string lines;
        for (const Key& k : parts) {
            const StatedFigure& f = *group(k)->distinct.front();
            sum += f.value;
            lines += (lines.empty() ? "" : " ") + std::to_string(f.line);
        }
        const ScopeResults* scope = results_of(results_, total_key.kind, total_key.scope_id);
        const bool persons = find_measure(total_key.measure)->persons;
        for (const StatedFigure* t : group(total_key)->distinct) {
            ReconcileRow row = row_for(*t, check);
            row.detail = (check == "sum_of_regions" ? "sum of the region rows (lines " : "sum of the subproject rows (lines ") + lines + ")";
            if (persons && scope && !scope->participants.overlaps.empty()) {
                // A person in two subprojects is one person in the total.
                row.expected = number_text(sum);
                row.verdict = Verdict::not_checked;
                row.detail = "not checked: some persons are in more than one subproject, so the total need not be the " + row.detail +
                             " = " + row.expected;
            } else {
                set_expected(row, *t, sum, t->value == sum);
            }
            rows_.push_back(std::move(row));
        }
    }

    // A stated share against the stated counts it was computed from.
    void share_of_counts(const Key& share_key) {
        Key numerator_key = share_key;
        numerator_key.share = false;
        Key denominator_key = numerator_key;
        denominator_key.measure = std::string(find_measure(share_key.measure)->share_of);
        denominator_key.category.clear();
        const StatedValues* numerator = group(numerator_key);
        const StatedValues* denominator = group(denominator_key);
        if (!numerator || !denominator) return;
        const StatedFigure& n = *numerator->distinct.front();
        const StatedFigure& d = *denominator->distinct.front();
        if (d.value == 0) return;
        const double percent = 100.0 * n.value / d.value;
        for (const StatedFigure* s : group(share_key)->distinct) {
            ReconcileRow row = row_for(*s, "share_of_counts");
            row.detail = n.text + " (line " + std::to_string(n.line) + ") of " + d.text + " " + d.measure + " (line " + std::to_string(d.line) + ")";
            set_expected(row, *s, percent, share_agrees(*s, percent));
            rows_.push_back(std::move(row));
        }
    }
};

}  // namespace

std::vector<ReconcileRow> reconcile(const std::vector<StatedFigure>& stated, const ProjectResults& results) {
    return Reconciler(stated, results).run();
}

std::string reconcile_csv(const std::vector<ReconcileRow>& rows) {
    std::string out = "check,lines,scope,scope_id,measure,category,sex,unit,stated,expected,difference,verdict,detail\n";
    for (const ReconcileRow& r : rows) {
        for (const std::string* field : {&r.check, &r.lines, &r.scope, &r.scope_id, &r.measure, &r.category, &r.sex, &r.unit})
            out += csv_field(*field) + ",";
        // Numbers as numbers (a leading '-' is a sign here, not a formula).
        out += r.stated + "," + r.expected + "," + r.difference + ",";
        out += std::string(to_string(r.verdict)) + "," + csv_field(r.detail) + "\n";
    }
    return out;
}

std::string describe(const ReconcileRow& row, const std::string& file) {
    std::string line = file + ":" + row.lines.substr(0, row.lines.find(' ')) + ": " + row.scope;
    if (row.scope != "programme") line += " " + row.scope_id;
    line += ", " + row.measure + (row.category.empty() ? "" : " " + row.category) + ", " + row.sex + ": stated " + row.stated +
            (row.unit == "percent" ? " %" : "");
    if (row.verdict == Verdict::not_computed || row.verdict == Verdict::not_checked) return line + ", " + row.detail;
    line += row.check == "computed" ? ", computed " : ", but " + row.detail + " = ";
    line += row.expected + (row.unit == "percent" ? " %" : "");
    if (row.check == "computed" && row.detail != "computed") line += " (" + row.detail + ")";
    return line + " (difference " + row.difference + ")";
}

}  // namespace esfreport
