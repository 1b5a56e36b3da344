#include "esfreport/export/scb_template.hpp"

#include <esfreport/core/limits.hpp>
#include <esfreport/core/model.hpp>
#include <esfreport/core/regular_file.hpp>

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>
#include <stdexcept>

namespace esfreport {
namespace {

struct FieldName {
    ScbField field;
    std::string_view name;
    bool esf;
    bool kaa;
};

constexpr FieldName kFields[] = {
    {ScbField::personnummer, "personnummer", true, true},
    {ScbField::start_date, "start_date", true, true},
    {ScbField::end_date, "end_date", true, true},
    {ScbField::email, "email", true, true},
    {ScbField::mobile, "mobile", true, true},
    {ScbField::municipality, "municipality", false, true},
    {ScbField::half_year, "half_year", false, true},
    {ScbField::measure_started, "measure_started", false, true},
    {ScbField::measure_ended, "measure_ended", false, true},
    {ScbField::exit_status, "exit_status", false, true},
    {ScbField::occupation, "occupation", false, true},
    {ScbField::measure, "measure", false, true},
    {ScbField::address, "address", false, true},
};

class TemplateReader {
public:
    explicit TemplateReader(std::filesystem::path file) : file_(std::move(file)) {}

    [[noreturn]] void fail(const std::string& key, const std::string& what) const {
        throw std::runtime_error(file_.string() + ": " + key + ": " + what);
    }

    // Every key of `table` must be one of `allowed`: a misspelt key would
    // otherwise be silently ignored and the default used.
    void check_keys(const toml::table& table, const std::string& prefix, std::set<std::string> allowed) const {
        for (const auto& [key, node] : table) {
            (void)node;
            const std::string name(key.str());
            if (!allowed.count(name)) {
                std::string list;
                for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
                fail(prefix + name, "unknown key (expected one of: " + list + ")");
            }
        }
    }

    std::optional<std::string> string(const toml::table& t, const std::string& prefix, const char* key) const {
        const toml::node* n = t.get(key);
        if (!n) return std::nullopt;
        if (!n->is_string()) fail(prefix + key, "expected a text");
        return n->value<std::string>();
    }
    std::optional<bool> boolean(const toml::table& t, const std::string& prefix, const char* key) const {
        const toml::node* n = t.get(key);
        if (!n) return std::nullopt;
        if (!n->is_boolean()) fail(prefix + key, "expected true or false");
        return n->value<bool>();
    }
    std::optional<double> number(const toml::table& t, const std::string& prefix, const char* key) const {
        const toml::node* n = t.get(key);
        if (!n) return std::nullopt;
        // nan passes every range check below (and cannot become an int).
        if (!n->is_number() || !std::isfinite(*n->value<double>())) fail(prefix + key, "expected a finite number");
        return n->value<double>();
    }
    const toml::table* table(const toml::table& t, const std::string& prefix, const char* key) const {
        const toml::node* n = t.get(key);
        if (!n) return nullptr;
        if (!n->is_table()) fail(prefix + key, "expected a table");
        return n->as_table();
    }
    std::vector<std::string> strings(const toml::table& t, const std::string& prefix, const char* key) const {
        std::vector<std::string> out;
        const toml::node* n = t.get(key);
        if (!n) return out;
        const toml::array* a = n->as_array();
        if (!a) fail(prefix + key, "expected a list of texts");
        for (const auto& item : *a) {
            if (!item.is_string()) fail(prefix + key, "expected a list of texts");
            out.push_back(*item.value<std::string>());
        }
        return out;
    }

private:
    std::filesystem::path file_;
};

// Bytes a placeholder value keeps in a file name. Bytes of UTF-8 letters
// (å ä ö) are kept: file systems accept them.
bool kept_in_file_name(char byte) {
    const auto c = static_cast<unsigned char>(byte);
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c >= 0x80;
}

std::string sanitise_for_file_name(const std::string& value, const std::string& replacement) {
    std::string out;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(value[i]);
        if (kept_in_file_name(value[i])) {
            out += static_cast<char>(c);
        } else if (out.size() < replacement.size() || out.compare(out.size() - replacement.size(), replacement.size(), replacement) != 0) {
            out += replacement;  // one replacement for a run of unsafe characters
        }
    }
    // "#jagmed" gives "jagmed", not "_jagmed": no replacement at either end.
    if (!replacement.empty()) {
        while (out.size() >= replacement.size() && out.compare(0, replacement.size(), replacement) == 0) out.erase(0, replacement.size());
        while (out.size() >= replacement.size() && out.compare(out.size() - replacement.size(), replacement.size(), replacement) == 0)
            out.erase(out.size() - replacement.size());
    }
    return out;
}

}  // namespace

std::string_view to_string(ScbField field) {
    for (const auto& f : kFields)
        if (f.field == field) return f.name;
    return "?";
}

ScbTemplate load_scb_template(const std::filesystem::path& file) {
    TemplateReader r(file);
    toml::table root;
    // Only a regular file of at most kMaxTemplateBytes: a FIFO or a device
    // given as template is an error at once, not a hang.
    std::string text;
    try {
        text = read_regular_file(file, kMaxTemplateBytes, "SCB template");
    } catch (const FileReadError& e) {
        throw std::runtime_error(e.what());
    }
    try {
        root = toml::parse(text, file.string());
    } catch (const toml::parse_error& e) {
        const auto& where = e.source().begin;
        std::ostringstream msg;
        msg << file.string() << ":" << where.line << ":" << where.column << ": " << e.description();
        throw std::runtime_error(msg.str());
    }

    r.check_keys(root, "", {"kind", "format", "sheet_name", "header_row", "empty_months", "repeat_start_on_end_row",
                            "municipality_from", "blocks", "values", "file_name", "csv", "columns",
                            "exit_status_codes", "description"});
    ScbTemplate t;
    t.file = file;

    const auto kind = r.string(root, "", "kind");
    if (!kind) r.fail("kind", "missing (expected \"esf_monthly\" or \"kaa_halfyear\")");
    if (*kind == "esf_monthly") t.kind = ScbFileKind::esf_monthly;
    else if (*kind == "kaa_halfyear") t.kind = ScbFileKind::kaa_halfyear;
    else r.fail("kind", "expected \"esf_monthly\" or \"kaa_halfyear\", got \"" + *kind + "\"");

    if (auto format = r.string(root, "", "format")) {
        if (*format == "xlsx") t.format = ScbOutputFormat::xlsx;
        else if (*format == "csv") t.format = ScbOutputFormat::csv;
        else r.fail("format", "expected \"xlsx\" or \"csv\", got \"" + *format + "\"");
    }
    if (auto v = r.string(root, "", "sheet_name")) {
        if (v->empty() || v->size() > 31 || v->find_first_of("[]:*?/\\") != std::string::npos)
            r.fail("sheet_name", "expected 1 to 31 characters without []:*?/\\ (Excel's rules)");
        t.sheet_name = *v;
    }
    if (auto v = r.boolean(root, "", "header_row")) t.header_row = *v;
    if (auto v = r.boolean(root, "", "empty_months")) t.empty_months = *v;
    if (auto v = r.boolean(root, "", "repeat_start_on_end_row")) t.repeat_start_on_end_row = *v;
    if (auto v = r.string(root, "", "municipality_from")) {
        if (*v != "name" && *v != "region" && *v != "id")
            r.fail("municipality_from", "expected \"name\", \"region\" or \"id\", got \"" + *v + "\"");
        t.municipality_from = *v;
    }
    t.block_labels = r.strings(root, "", "blocks");

    if (const toml::table* values = r.table(root, "", "values")) {
        r.check_keys(*values, "values.", {"identity_form", "date_format", "unknown"});
        if (auto v = r.string(*values, "values.", "identity_form")) {
            if (*v == "long") t.identity_form = ScbIdentityForm::long_form;
            else if (*v == "separated_long") t.identity_form = ScbIdentityForm::separated_long;
            else r.fail("values.identity_form", "expected \"long\" (YYYYMMDDNNNC) or \"separated_long\" (YYYYMMDD-NNNC), got \"" + *v + "\"");
        }
        if (auto v = r.string(*values, "values.", "date_format")) {
            if (v->find("YY") == std::string::npos || v->find("MM") == std::string::npos || v->find("DD") == std::string::npos)
                r.fail("values.date_format", "expected a pattern with YYYY (or YY), MM and DD, got \"" + *v + "\"");
            t.date_format = *v;
        }
        if (auto v = r.string(*values, "values.", "unknown")) t.unknown_text = *v;
    }

    if (const toml::table* name = r.table(root, "", "file_name")) {
        r.check_keys(*name, "file_name.", {"pattern", "month_names", "replacement"});
        if (auto v = r.string(*name, "file_name.", "pattern")) {
            if (v->empty()) r.fail("file_name.pattern", "must not be empty");
            t.file_name_pattern = *v;
        }
        if (name->get("month_names")) {
            auto months = r.strings(*name, "file_name.", "month_names");
            if (months.size() != 12) r.fail("file_name.month_names", "expected 12 names, got " + std::to_string(months.size()));
            std::copy(months.begin(), months.end(), t.month_names.begin());
        }
        if (auto v = r.string(*name, "file_name.", "replacement")) {
            // It replaces unsafe characters, so it must not be one ("/" made a
            // project name a path only when the data were read).
            if (!std::all_of(v->begin(), v->end(), kept_in_file_name))
                r.fail("file_name.replacement", "expected letters, digits, '-', '_' or '.' (or nothing), got \"" + *v + "\"");
            t.file_name_replacement = *v;
        }
    }

    if (const toml::table* csv = r.table(root, "", "csv")) {
        r.check_keys(*csv, "csv.", {"delimiter", "line_ending", "byte_order_mark"});
        if (auto v = r.string(*csv, "csv.", "delimiter")) {
            if (v->size() != 1 || *v == "\"" || *v == "\n" || *v == "\r")
                r.fail("csv.delimiter", "expected one character other than a quote or a line break");
            t.delimiter = *v;
        }
        if (auto v = r.string(*csv, "csv.", "line_ending")) {
            if (*v == "crlf") t.line_ending = "\r\n";
            else if (*v == "lf") t.line_ending = "\n";
            else r.fail("csv.line_ending", "expected \"crlf\" or \"lf\", got \"" + *v + "\"");
        }
        if (auto v = r.boolean(*csv, "csv.", "byte_order_mark")) t.byte_order_mark = *v;
    }

    const toml::node* columns = root.get("columns");
    if (!columns) r.fail("columns", "missing (expected [[columns]] entries with field and header)");
    const toml::array* list = columns->as_array();
    if (!list || list->empty()) r.fail("columns", "expected one or more [[columns]] entries");
    for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string prefix = "columns[" + std::to_string(i + 1) + "].";
        const toml::table* c = (*list)[i].as_table();
        if (!c) r.fail("columns[" + std::to_string(i + 1) + "]", "expected a table with field and header");
        r.check_keys(*c, prefix, {"field", "header", "block", "width"});
        ScbColumn column;
        const auto field = r.string(*c, prefix, "field");
        if (!field) r.fail(prefix + "field", "missing");
        const FieldName* found = nullptr;
        for (const auto& f : kFields)
            if (f.name == *field) found = &f;
        std::string allowed;
        for (const auto& f : kFields)
            if (t.kind == ScbFileKind::esf_monthly ? f.esf : f.kaa) allowed += (allowed.empty() ? "" : ", ") + std::string(f.name);
        if (!found || !(t.kind == ScbFileKind::esf_monthly ? found->esf : found->kaa))
            r.fail(prefix + "field", "\"" + *field + "\" is not a field of this kind of file (expected one of: " + allowed + ")");
        column.field = found->field;
        const auto header = r.string(*c, prefix, "header");
        if (!header) r.fail(prefix + "header", "missing");
        column.header = *header;
        if (auto b = r.number(*c, prefix, "block")) {
            if (*b < 1 || *b > static_cast<double>(std::max<std::size_t>(t.block_labels.size(), 1)) || *b != static_cast<int>(*b))
                r.fail(prefix + "block", "expected a block number between 1 and the number of blocks");
            column.block = static_cast<int>(*b);
        }
        if (auto w = r.number(*c, prefix, "width")) {
            if (*w <= 0 || *w > 255) r.fail(prefix + "width", "expected a width between 0 and 255");
            column.width = *w;
        }
        t.columns.push_back(std::move(column));
    }
    if (std::none_of(t.columns.begin(), t.columns.end(), [](const ScbColumn& c) { return c.field == ScbField::personnummer; }))
        r.fail("columns", "no column has field = \"personnummer\"");

    if (const toml::table* codes = r.table(root, "", "exit_status_codes")) {
        for (const auto& [key, node] : *codes) {
            const std::string name(key.str());
            if (!parse_status_at_exit(name) || std::string(to_string(*parse_status_at_exit(name))) != name)
                r.fail("exit_status_codes." + name, "not a status at exit (expected a canonical token such as studies, work, dropout)");
            if (!node.is_string()) r.fail("exit_status_codes." + name, "expected a text");
            t.exit_status_codes[name] = *node.value<std::string>();
        }
    }

    // Catch a pattern with a placeholder the file kind never fills now, not
    // after the data have been read.
    std::map<std::string, std::string> probe{{"project", "p"}, {"year", "2000"}};
    if (t.kind == ScbFileKind::esf_monthly) {
        probe["month_name"] = "m";
        probe["month"] = "01";
    } else {
        probe["municipality"] = "k";
        probe["half"] = "1";
    }
    try {
        (void)scb_file_name(t, probe);
    } catch (const std::runtime_error& e) {
        r.fail("file_name.pattern", e.what());
    }
    return t;
}

std::filesystem::path default_scb_template(const std::filesystem::path& template_dir, ScbFileKind kind) {
    return template_dir / "scb" / (kind == ScbFileKind::esf_monthly ? "esf_monthly.toml" : "kaa_halfyear.toml");
}

std::string format_scb_date(const ScbTemplate& tmpl, Date date) {
    auto two = [](int v) {
        std::string s = std::to_string(v);
        return s.size() < 2 ? "0" + s : s;
    };
    std::string year = std::to_string(date.year());
    while (year.size() < 4) year = "0" + year;
    std::string out;
    const std::string& f = tmpl.date_format;
    for (std::size_t i = 0; i < f.size();) {
        if (f.compare(i, 4, "YYYY") == 0) { out += year; i += 4; }
        else if (f.compare(i, 2, "YY") == 0) { out += year.substr(year.size() - 2); i += 2; }
        else if (f.compare(i, 2, "MM") == 0) { out += two(date.month()); i += 2; }
        else if (f.compare(i, 2, "DD") == 0) { out += two(date.day()); i += 2; }
        else out += f[i++];
    }
    return out;
}

std::string scb_file_name(const ScbTemplate& tmpl, const std::map<std::string, std::string>& values) {
    std::string out;
    const std::string& p = tmpl.file_name_pattern;
    for (std::size_t i = 0; i < p.size();) {
        if (p[i] != '{') {
            out += p[i++];
            continue;
        }
        const std::size_t close = p.find('}', i);
        if (close == std::string::npos) throw std::runtime_error("unclosed '{' in \"" + p + "\"");
        const std::string name = p.substr(i + 1, close - i - 1);
        const auto it = values.find(name);
        if (it == values.end()) {
            std::string known;
            for (const auto& [k, v] : values) known += (known.empty() ? "{" : ", {") + k + "}";
            throw std::runtime_error("unknown placeholder {" + name + "} (expected " + known + ")");
        }
        out += sanitise_for_file_name(it->second, tmpl.file_name_replacement);
        i = close + 1;
    }
    if (out.find('/') != std::string::npos || out.find('\\') != std::string::npos || out.empty() || out == "." || out == "..")
        throw std::runtime_error("the file name pattern \"" + p + "\" gives the unusable name \"" + out + "\"");
    return out;
}

}  // namespace esfreport
