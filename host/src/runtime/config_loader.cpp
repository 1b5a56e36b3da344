// TOML configuration. toml++ gives exact source positions for every node, so
// each error names file, line and key; unknown keys are errors, because a
// misspelt key silently ignored is a wrong report. Every text has a bound
// (core/limits.hpp) and no text reaches a regular expression unbounded.
#include <esfreport/runtime/config_loader.hpp>

#include <esfreport/core/limits.hpp>
#include <esfreport/core/model.hpp>
#include <esfreport/core/regular_file.hpp>
#include <esfreport/runtime/errors.hpp>
#include <esfreport/runtime/sha256.hpp>
#include <esfreport/sdk/columns.hpp>

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <sstream>
#include <unordered_set>

namespace fs = std::filesystem;

namespace esfreport {
namespace {

class Reader {
public:
    explicit Reader(fs::path file) : file_(std::move(file)) {}

    [[noreturn]] void fail(const toml::node* node, const std::string& key, const std::string& what) const {
        std::ostringstream m;
        m << file_.string();
        if (node && node->source().begin.line > 0) m << ":" << node->source().begin.line;
        m << ": " << (key.empty() ? "" : "'" + key + "': ") << what;
        throw ConfigError(m.str());
    }

    void only_keys(const toml::table& t, const std::string& where, std::initializer_list<std::string_view> allowed) const {
        for (auto&& [k, v] : t) {
            bool ok = false;
            for (auto a : allowed) ok = ok || a == k.str();
            if (!ok) {
                std::string list;
                for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
                // The key as written, cut: a key may be as long as the file.
                std::string key(k.str().substr(0, kMaxIdLength));
                if (key.size() < k.str().size()) key += "…";
                fail(&v, join(where, key), "unknown key (expected one of: " + list + ")");
            }
        }
    }

    static std::string join(const std::string& where, const std::string& key) {
        return where.empty() ? key : where + "." + key;
    }

    const toml::node* required(const toml::table& t, const std::string& where, const char* key) const {
        const toml::node* n = t.get(key);
        if (!n) fail(&t, join(where, key), "missing (required)");
        return n;
    }

    std::string string(const toml::node& n, const std::string& key) const {
        if (auto s = n.value<std::string>()) return *s;
        fail(&n, key, "expected a text in quotes");
    }

    // A text of at most `max` characters.
    // A text of at most `max` characters and without NUL (TOML allows
    // "\u0000"; names end up in file names and cells, where a NUL cuts them).
    std::string bounded(const toml::node& n, const std::string& key, std::size_t max) const {
        std::string s = string(n, key);
        if (auto e = length_error(s, max)) fail(&n, key, *e);
        if (s.find('\0') != std::string::npos) fail(&n, key, "contains a NUL character");
        return s;
    }

    std::string required_string(const toml::table& t, const std::string& where, const char* key,
                                std::size_t max = kMaxNameLength) const {
        const std::string s = bounded(*required(t, where, key), join(where, key), max);
        if (s.empty()) fail(t.get(key), join(where, key), "must not be empty");
        return s;
    }

    // An id that names files and appears in messages: see id_error.
    std::string required_id(const toml::table& t, const std::string& where, const char* key) const {
        const toml::node* n = required(t, where, key);
        std::string s = string(*n, join(where, key));
        if (auto e = id_error(s)) {
            // A long value is not repeated in the message.
            if (s.size() > kMaxIdLength || s.empty()) fail(n, join(where, key), *e);
            fail(n, join(where, key), "'" + s + "' " + *e);
        }
        return s;
    }

    Date date(const toml::node& n, const std::string& key) const {
        if (auto d = n.as_date()) {
            const auto v = d->get();
            if (auto r = Date::from_ymd(v.year, v.month, v.day)) return *r;
        }
        if (auto s = n.value<std::string>())
            if (auto r = Date::parse(*s)) return *r;
        fail(&n, key, "expected a date YYYY-MM-DD");
    }

    std::int64_t integer(const toml::node& n, const std::string& key, std::int64_t min,
                         std::int64_t max = std::numeric_limits<std::int64_t>::max()) const {
        auto v = n.value<std::int64_t>();
        if (!v || !n.is_integer()) fail(&n, key, "expected a whole number");
        if (*v < min) fail(&n, key, "must be at least " + std::to_string(min));
        if (*v > max) fail(&n, key, "must be at most " + std::to_string(max));
        return *v;
    }

    // TOML's nan and inf are floats, but never a cost or a share.
    double number(const toml::node& n, const std::string& key) const {
        if ((n.is_integer() || n.is_floating_point()) && std::isfinite(*n.value<double>())) return *n.value<double>();
        fail(&n, key, "expected a finite number");
    }

    bool boolean(const toml::node& n, const std::string& key) const {
        if (auto b = n.as_boolean()) return b->get();
        fail(&n, key, "expected true or false");
    }

    // "16–19", "16-19" (en dash or hyphen), or "—"/"-"/"" for none. Read
    // with a character loop: no regular expression sees configuration text.
    std::optional<AgeRange> age_range(const toml::node& n, const std::string& key) const {
        const std::string s = bounded(n, key, kMaxNameLength);
        if (s.empty() || s == "—" || s == "–" || s == "-") return std::nullopt;
        std::string_view rest(s);
        const auto skip_spaces = [&] {
            while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
        };
        const auto age = [&]() -> std::optional<int> {
            int value = 0, digits = 0;
            while (!rest.empty() && rest.front() >= '0' && rest.front() <= '9' && digits < 4) {
                value = value * 10 + (rest.front() - '0');
                ++digits;
                rest.remove_prefix(1);
            }
            if (digits == 0 || digits > 3) return std::nullopt;
            return value;
        };
        const auto dash = [&] {
            for (std::string_view d : {"-", "–", "—"})
                if (rest.substr(0, d.size()) == d) {
                    rest.remove_prefix(d.size());
                    return true;
                }
            return false;
        };
        skip_spaces();
        const std::optional<int> from = age();
        skip_spaces();
        const bool has_dash = from && dash();
        skip_spaces();
        const std::optional<int> to = has_dash ? age() : std::nullopt;
        skip_spaces();
        if (!to || !rest.empty()) fail(&n, key, "expected an age range such as \"16–19\"");
        AgeRange r{*from, *to, s};
        if (r.to < r.from) fail(&n, key, "the range ends before it starts");
        return r;
    }

    const fs::path& file() const { return file_; }

    // "<file>:<line>: '<key>'", where a key is given, for errors found later.
    std::string origin(const toml::node& n, const std::string& key) const {
        return file_.string() + ":" + std::to_string(n.source().begin.line) + ": '" + key + "'";
    }

private:
    fs::path file_;
};

Sex sex_of(const Reader& r, const toml::node& n, const std::string& key) {
    const std::string s = r.bounded(n, key, kMaxNameLength);
    if (auto sex = parse_sex(s)) return *sex;
    if (s == "unknown") return Sex::unknown;
    r.fail(&n, key, "expected female, male, non_binary or unknown");
}

void read_project(const Reader& r, const toml::table& p, ProjectConfig& c) {
    r.only_keys(p, "project", {"name", "period_start", "period_end", "unit_cost", "absence_thresholds",
                                "disclosure_k", "protected_identity", "plugin_timeout_seconds", "participant_time_sheets",
                                "pseudonym_key_file", "registration_number"});
    c.name = r.required_string(p, "project", "name");
    if (const toml::node* n = p.get("registration_number")) {
        c.registration_number = r.string(*n, "project.registration_number");
        const bool allowed = std::all_of(c.registration_number.begin(), c.registration_number.end(), [](char ch) {
            return (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch == '/' || ch == '-' || ch == '.';
        });
        const bool has_digit = std::any_of(c.registration_number.begin(), c.registration_number.end(),
                                           [](char ch) { return ch >= '0' && ch <= '9'; });
        if (!allowed || !has_digit || c.registration_number.size() > 32)
            r.fail(n, "project.registration_number",
                   "expected the project's registration number at the ESF Council, e.g. \"2016/00234\" "
                   "(digits, letters, '/', '-' and '.', at most 32 characters)");
    }
    c.period_start = r.date(*r.required(p, "project", "period_start"), "project.period_start");
    c.period_end = r.date(*r.required(p, "project", "period_end"), "project.period_end");
    if (c.period_end < c.period_start)
        r.fail(p.get("period_end"), "project.period_end",
               "the period ends (" + c.period_end.iso() + ") before it starts (" + c.period_start.iso() + ")");
    if (const toml::node* n = p.get("unit_cost")) {
        const toml::table* t = n->as_table();
        if (!t) r.fail(n, "project.unit_cost", "expected a table of year = SEK per hour");
        for (auto&& [k, v] : *t) {
            const std::string key = "project.unit_cost." + std::string(k.str());
            if (k.str() == "example") {
                c.unit_cost_is_example = r.boolean(v, key);
                continue;
            }
            const std::string_view name = k.str();
            const bool is_year = name.size() == 4 && std::all_of(name.begin(), name.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
            if (!is_year) r.fail(&v, key, "expected a year (e.g. 2017 = 180.0) or example = true");
            const double cost = r.number(v, key);
            if (cost < 0) r.fail(&v, key, "must not be negative");
            c.unit_cost[std::stoi(std::string(k.str()))] = cost;
        }
    }
    if (const toml::node* n = p.get("absence_thresholds")) {
        const toml::array* a = n->as_array();
        if (!a || a->empty()) r.fail(n, "project.absence_thresholds", "expected a list of shares such as [0.15, 0.20, 0.50]");
        c.absence_thresholds.clear();
        for (auto&& v : *a) {
            const double x = r.number(v, "project.absence_thresholds");
            if (x <= 0 || x >= 1) r.fail(&v, "project.absence_thresholds", "each threshold must be a share between 0 and 1");
            c.absence_thresholds.push_back(x);
        }
    }
    if (const toml::node* n = p.get("participant_time_sheets"))
        c.participant_time_sheets = r.boolean(*n, "project.participant_time_sheets");
    // Relative to the configuration, like a subproject's source.
    c.pseudonym_key_file = r.file().parent_path() / "pseudonym.key";
    if (const toml::node* n = p.get("pseudonym_key_file")) {
        const std::string key_file = r.string(*n, "project.pseudonym_key_file");
        if (key_file.empty()) r.fail(n, "project.pseudonym_key_file", "expected a file name");
        c.pseudonym_key_file = fs::absolute(r.file().parent_path() / key_file).lexically_normal();
    }
    if (const toml::node* n = p.get("disclosure_k"))
        c.disclosure_k = static_cast<int>(r.integer(*n, "project.disclosure_k", 1, std::numeric_limits<int>::max()));
    if (const toml::node* n = p.get("plugin_timeout_seconds")) {
        const std::int64_t seconds = r.integer(*n, "project.plugin_timeout_seconds", 0);
        if (seconds > 86400) r.fail(n, "project.plugin_timeout_seconds", "at most 86400 (a day); 0 means no limit");
        c.plugin_timeout_seconds = static_cast<unsigned>(seconds);
    }
    if (const toml::node* n = p.get("protected_identity")) {
        const toml::array* a = n->as_array();
        if (!a) r.fail(n, "project.protected_identity", "expected a list of { pattern = \"...\", sex = \"...\" }");
        c.protected_identity.clear();
        for (auto&& v : *a) {
            const toml::table* t = v.as_table();
            if (!t) r.fail(&v, "project.protected_identity", "expected { pattern = \"...\", sex = \"...\" }");
            r.only_keys(*t, "project.protected_identity", {"pattern", "sex"});
            ProtectedIdentityRule rule;
            rule.pattern = r.required_string(*t, "project.protected_identity", "pattern", kMaxPatternLength);
            // Compiled here as the Ingestor will compile it, so a bad pattern is a
            // configuration error naming its line, not a rejection of every row.
            if (auto e = protected_identity_rule_error(rule))
                r.fail(t->get("pattern"), "project.protected_identity.pattern", *e);
            rule.sex = sex_of(r, *r.required(*t, "project.protected_identity", "sex"), "project.protected_identity.sex");
            c.protected_identity.push_back(rule);
        }
    }
}

// Scales, steps and subprojects are numbered in 16 bits in the model.
constexpr std::size_t kMaxCount16 = std::numeric_limits<std::uint16_t>::max();

void read_scales(const Reader& r, const toml::node& n, ProjectConfig& c) {
    const toml::array* a = n.as_array();
    if (!a) r.fail(&n, "scale", "expected [[scale]] tables");
    if (a->size() > kMaxCount16)
        r.fail(&n, "scale", std::to_string(a->size()) + " scales (at most " + std::to_string(kMaxCount16) + ")");
    std::unordered_set<std::string> ids;
    for (auto&& v : *a) {
        const toml::table* t = v.as_table();
        if (!t) r.fail(&v, "scale", "expected a [[scale]] table");
        r.only_keys(*t, "scale", {"id", "label", "kind", "steps", "step_labels", "higher_is_better"});
        ScaleConfig s;
        s.id = r.required_string(*t, "scale", "id", kMaxIdLength);
        const std::string where = "scale[" + s.id + "]";
        if (!ids.insert(s.id).second) r.fail(t->get("id"), "scale.id", "duplicate scale id '" + s.id + "'");
        s.label = t->get("label") ? r.bounded(*t->get("label"), where + ".label", kMaxNameLength) : s.id;
        if (const toml::node* k = t->get("kind")) {
            const std::string kind = r.string(*k, where + ".kind");
            if (kind == "ordinal") s.kind = ScaleKind::ordinal;
            else if (kind == "categorical") s.kind = ScaleKind::categorical;
            else r.fail(k, where + ".kind", "expected \"ordinal\" or \"categorical\"");
        }
        const toml::node* steps = r.required(*t, where, "steps");
        const toml::array* sa = steps->as_array();
        if (!sa || sa->empty()) r.fail(steps, where + ".steps", "expected a non-empty list of steps");
        if (sa->size() > kMaxCount16)
            r.fail(steps, where + ".steps", std::to_string(sa->size()) + " steps (at most " + std::to_string(kMaxCount16) + ")");
        std::unordered_set<std::string> seen;
        for (auto&& st : *sa) {
            std::string text;
            if (st.is_integer()) text = std::to_string(*st.value<std::int64_t>());
            else if (st.is_string()) text = r.bounded(st, where + ".steps", kMaxNameLength);
            else r.fail(&st, where + ".steps", "each step must be a whole number or a text");
            if (!seen.insert(text).second) r.fail(&st, where + ".steps", "step '" + text + "' is listed twice");
            s.steps.push_back(text);
        }
        if (const toml::node* l = t->get("step_labels")) {
            const toml::array* la = l->as_array();
            if (!la) r.fail(l, where + ".step_labels", "expected a list of texts");
            for (auto&& x : *la) s.step_labels.push_back(r.bounded(x, where + ".step_labels", kMaxNameLength));
            if (s.step_labels.size() != s.steps.size())
                r.fail(l, where + ".step_labels", "expected " + std::to_string(s.steps.size()) + " labels, one per step");
        }
        if (const toml::node* h = t->get("higher_is_better")) s.higher_is_better = r.boolean(*h, where + ".higher_is_better");
        c.scales.push_back(std::move(s));
    }
}

// A path relative to the configuration file; a connection string
// (scheme://...) is passed on as it is; `scheme:path` (e.g. sqlite:data/x.db)
// keeps its scheme and gets its path resolved like a plain path.
std::string resolve_source(const std::string& source, const fs::path& config_dir) {
    if (source.find("://") != std::string::npos) return source;
    // A scheme: a letter, then letters, digits, + . or -, two characters at least.
    std::size_t colon = 0;
    if (!source.empty() && std::isalpha(static_cast<unsigned char>(source[0]))) {
        std::size_t i = 1;
        while (i < source.size() && (std::isalnum(static_cast<unsigned char>(source[i])) || source[i] == '+' || source[i] == '.' ||
                                     source[i] == '-'))
            ++i;
        if (i >= 2 && i + 1 < source.size() && source[i] == ':') colon = i;
    }
    if (colon)
        return source.substr(0, colon + 1) + fs::absolute(config_dir / source.substr(colon + 1)).lexically_normal().string();
    return fs::absolute(config_dir / source).lexically_normal().string();
}

// A key of a table as written, cut (a key may be as long as the file).
std::string key_text(std::string_view key) {
    std::string out(key.substr(0, kMaxIdLength));
    if (out.size() < key.size()) out += "…";
    return out;
}

// A table's entries in the order they are written (toml++ orders them by
// key), so that of two clashing lines the later one is named.
std::vector<std::pair<std::string_view, const toml::node*>> in_source_order(const toml::table& t) {
    std::vector<std::pair<std::string_view, const toml::node*>> out;
    for (auto&& [k, v] : t) out.emplace_back(k.str(), &v);
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        const auto& x = a.second->source().begin;
        const auto& y = b.second->source().begin;
        return x.line != y.line ? x.line < y.line : x.column < y.column;
    });
    return out;
}

bool is_canonical_column(std::string_view field) {
    for (sdk::RecordKind kind : {sdk::RecordKind::participant_period, sdk::RecordKind::assessment,
                                 sdk::RecordKind::attendance, sdk::RecordKind::hours, sdk::RecordKind::kaa})
        if (sdk::field_index(kind, field) >= 0) return true;
    return false;
}

// [subproject.columns]: canonical field = the source's header. Two fields on
// one header would make one column stand for both.
void read_column_mapping(const Reader& r, const toml::node& n, const std::string& where, SubprojectConfig& s) {
    const toml::table* t = n.as_table();
    if (!t) r.fail(&n, where, "expected a table of canonical field = \"the source's header\"");
    for (auto&& [name, node] : in_source_order(*t)) {
        const toml::node& v = *node;
        const std::string key = where + "." + key_text(name);
        if (!is_canonical_column(name))
            r.fail(&v, key, "not a canonical field (see canonical-csv.md: person_id, sex, start_date, end_date, setting, "
                            "exit_status, ...)");
        const std::string header = r.bounded(v, key, kMaxNameLength);
        if (sdk::normalize_header(header).empty()) r.fail(&v, key, "the header must not be empty");
        for (const ColumnMappingConfig& other : s.columns)
            if (sdk::normalize_header(other.header) == sdk::normalize_header(header))
                r.fail(&v, key, "the header '" + header + "' is already mapped to " + other.field + " (" + other.origin +
                                    "); two fields cannot share a column");
        s.columns.push_back({std::string(name), header, r.origin(v, key)});
    }
}

// [subproject.values.<field>]: the source's word = a built-in label.
void read_value_mapping(const Reader& r, const toml::node& n, const std::string& where, SubprojectConfig& s) {
    const toml::table* t = n.as_table();
    if (!t) r.fail(&n, where, "expected [" + where + ".<field>] tables of \"the source's word\" = \"canonical value\"");
    for (auto&& [field, words_node] : in_source_order(*t)) {
        const toml::node& words = *words_node;
        const std::string field_key = where + "." + key_text(field);
        if (!takes_labels(field))
            r.fail(&words, field_key,
                   "the field takes no labels; only sex, setting and exit_status have values to map");
        const toml::table* wt = words.as_table();
        if (!wt) r.fail(&words, field_key, "expected a table of \"the source's word\" = \"canonical value\"");
        const std::string field_name(field);
        for (auto&& [word, value_node] : in_source_order(*wt)) {
            const toml::node& value = *value_node;
            const std::string key = field_key + "." + key_text(word);
            if (fold_label(word).empty()) r.fail(&value, field_key, "a word must not be empty");
            if (auto e = length_error(word, kMaxNameLength)) r.fail(&value, key, "the word is " + *e);
            const std::string canonical = r.bounded(value, key, kMaxNameLength);
            if (!is_builtin_label(field_name, canonical))
                r.fail(&value, key, "'" + canonical + "' is not a value of " + field_name + " (expected " +
                                        builtin_labels(field_name) + ")");
            for (const ValueMappingConfig& other : s.values)
                if (other.field == field_name && fold_label(other.word) == fold_label(word))
                    r.fail(&value, key, "the word '" + std::string(word) + "' is mapped twice (also as '" +
                                            other.word + "'; case and surrounding spaces are ignored)");
            s.values.push_back({field_name, std::string(word), canonical});
        }
    }
}

void read_subprojects(const Reader& r, const toml::node& n, ProjectConfig& c) {
    const toml::array* a = n.as_array();
    if (!a) r.fail(&n, "subproject", "expected [[subproject]] tables");
    if (a->size() > kMaxCount16)
        r.fail(&n, "subproject", std::to_string(a->size()) + " subprojects (at most " + std::to_string(kMaxCount16) + ")");
    std::unordered_set<std::string> ids;
    for (auto&& v : *a) {
        const toml::table* t = v.as_table();
        if (!t) r.fail(&v, "subproject", "expected a [[subproject]] table");
        r.only_keys(*t, "subproject", {"id", "name", "region", "plugin", "source", "other_affected",
                                        "target_ages_in_school", "target_ages_outside_school", "options", "scales",
                                        "columns", "values"});
        SubprojectConfig s;
        s.id = r.required_id(*t, "subproject", "id");
        if (!ids.insert(s.id).second) r.fail(t->get("id"), "subproject.id", "duplicate subproject id '" + s.id + "'");
        const std::string where = "subproject[" + s.id + "]";
        s.name = r.required_string(*t, where, "name");
        s.region = r.required_string(*t, where, "region");
        s.plugin = r.required_id(*t, where, "plugin");
        const std::string source = r.required_string(*t, where, "source", kMaxPathLength);
        s.source = resolve_source(source, r.file().parent_path());
        if (const toml::node* o = t->get("other_affected")) s.other_affected = r.integer(*o, where + ".other_affected", 0);
        if (const toml::node* x = t->get("target_ages_in_school")) s.target_ages_in_school = r.age_range(*x, where + ".target_ages_in_school");
        if (const toml::node* x = t->get("target_ages_outside_school"))
            s.target_ages_outside_school = r.age_range(*x, where + ".target_ages_outside_school");
        if (const toml::node* o = t->get("options")) {
            const toml::table* ot = o->as_table();
            if (!ot) r.fail(o, where + ".options", "expected a table of plugin options");
            for (auto&& [k, ov] : *ot) {
                const std::string key = where + ".options." + std::string(k.str());
                if (auto e = length_error(k.str(), kMaxIdLength)) r.fail(&ov, where + ".options", "a key is " + *e);
                std::string value;
                if (ov.is_string()) value = r.bounded(ov, key, kMaxPathLength);
                else if (ov.is_integer()) value = std::to_string(*ov.value<std::int64_t>());
                else if (auto b = ov.as_boolean()) value = b->get() ? "true" : "false";
                else r.fail(&ov, key, "expected a text, number or true/false");
                s.options.push_back({std::string(k.str()), value});
            }
        }
        if (const toml::node* sc = t->get("scales")) {
            const toml::array* sa = sc->as_array();
            if (!sa) r.fail(sc, where + ".scales", "expected a list of scale ids");
            for (auto&& x : *sa) s.scales.push_back(r.bounded(x, where + ".scales", kMaxIdLength));
        }
        if (const toml::node* cm = t->get("columns")) read_column_mapping(r, *cm, where + ".columns", s);
        if (const toml::node* vm = t->get("values")) read_value_mapping(r, *vm, where + ".values", s);
        c.subprojects.push_back(std::move(s));
    }
}

}  // namespace

ProjectConfig load_config(const fs::path& file_in) {
    const fs::path file = fs::absolute(file_in).lexically_normal();
    std::string text;
    try {
        text = read_regular_file(file, kMaxConfigBytes, "configuration file");
    } catch (const FileReadError& e) {
        throw ConfigError(e.what());
    }

    Reader r(file);
    toml::table root;
    try {
        root = toml::parse(text, file.string());
    } catch (const toml::parse_error& e) {
        std::ostringstream m;
        m << file.string() << ":" << e.source().begin.line << ":" << e.source().begin.column << ": " << e.description();
        throw ConfigError(m.str());
    }

    ProjectConfig c;
    c.file = file;
    c.sha256 = sha256_hex(text);
    c.protected_identity = default_protected_identity_rules();
    r.only_keys(root, "", {"project", "subproject", "scale"});
    const toml::node* project = root.get("project");
    if (!project || !project->is_table()) r.fail(&root, "project", "missing [project] table");
    read_project(r, *project->as_table(), c);
    if (const toml::node* s = root.get("scale")) read_scales(r, *s, c);
    const toml::node* subs = root.get("subproject");
    if (!subs) r.fail(&root, "subproject", "no [[subproject]] configured");
    read_subprojects(r, *subs, c);
    std::unordered_set<std::string_view> scale_ids;
    for (const ScaleConfig& sc : c.scales) scale_ids.insert(sc.id);
    for (const SubprojectConfig& s : c.subprojects)
        for (const std::string& id : s.scales) {
            if (!scale_ids.count(id)) throw ConfigError(file.string() + ": 'subproject[" + s.id + "].scales': unknown scale '" + id + "'");
        }
    return c;
}

}  // namespace esfreport
