// TOML configuration. toml++ gives exact source positions for every node, so
// each error names file, line and key; unknown keys are errors, because a
// misspelt key silently ignored is a wrong report.
#include <esfreport/runtime/config_loader.hpp>

#include <esfreport/runtime/errors.hpp>
#include <esfreport/runtime/sha256.hpp>

#include <toml++/toml.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

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
                fail(&v, join(where, std::string(k.str())), "unknown key (expected one of: " + list + ")");
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

    std::string required_string(const toml::table& t, const std::string& where, const char* key) const {
        const std::string s = string(*required(t, where, key), join(where, key));
        if (s.empty()) fail(t.get(key), join(where, key), "must not be empty");
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

    std::int64_t integer(const toml::node& n, const std::string& key, std::int64_t min) const {
        auto v = n.value<std::int64_t>();
        if (!v || !n.is_integer()) fail(&n, key, "expected a whole number");
        if (*v < min) fail(&n, key, "must be at least " + std::to_string(min));
        return *v;
    }

    double number(const toml::node& n, const std::string& key) const {
        if (n.is_integer() || n.is_floating_point()) return *n.value<double>();
        fail(&n, key, "expected a number");
    }

    bool boolean(const toml::node& n, const std::string& key) const {
        if (auto b = n.as_boolean()) return b->get();
        fail(&n, key, "expected true or false");
    }

    // "16–19", "16-19" (en dash or hyphen), or "—"/"-"/"" for none.
    std::optional<AgeRange> age_range(const toml::node& n, const std::string& key) const {
        const std::string s = string(n, key);
        if (s.empty() || s == "—" || s == "–" || s == "-") return std::nullopt;
        static const std::regex re(R"(^\s*(\d{1,3})\s*(?:-|–|—)\s*(\d{1,3})\s*$)");
        std::smatch m;
        if (!std::regex_match(s, m, re)) fail(&n, key, "expected an age range such as \"16–19\"");
        AgeRange r{std::stoi(m[1]), std::stoi(m[2]), s};
        if (r.to < r.from) fail(&n, key, "the range ends before it starts");
        return r;
    }

    const fs::path& file() const { return file_; }

private:
    fs::path file_;
};

Sex sex_of(const Reader& r, const toml::node& n, const std::string& key) {
    const std::string s = r.string(n, key);
    if (auto sex = parse_sex(s)) return *sex;
    if (s == "unknown") return Sex::unknown;
    r.fail(&n, key, "expected female, male, non_binary or unknown");
}

void read_project(const Reader& r, const toml::table& p, ProjectConfig& c) {
    r.only_keys(p, "project", {"name", "period_start", "period_end", "unit_cost", "absence_thresholds",
                                "disclosure_k", "protected_identity", "participant_time_sheets",
                                "pseudonym_key_file"});
    c.name = r.required_string(p, "project", "name");
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
            static const std::regex year(R"(^\d{4}$)");
            if (!std::regex_match(std::string(k.str()), year)) r.fail(&v, key, "expected a year (e.g. 2017 = 180.0) or example = true");
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
        c.disclosure_k = static_cast<int>(r.integer(*n, "project.disclosure_k", 1));
    if (const toml::node* n = p.get("protected_identity")) {
        const toml::array* a = n->as_array();
        if (!a) r.fail(n, "project.protected_identity", "expected a list of { pattern = \"...\", sex = \"...\" }");
        c.protected_identity.clear();
        for (auto&& v : *a) {
            const toml::table* t = v.as_table();
            if (!t) r.fail(&v, "project.protected_identity", "expected { pattern = \"...\", sex = \"...\" }");
            r.only_keys(*t, "project.protected_identity", {"pattern", "sex"});
            ProtectedIdentityRule rule;
            rule.pattern = r.required_string(*t, "project.protected_identity", "pattern");
            try {
                std::regex check(rule.pattern);
            } catch (const std::regex_error& e) {
                r.fail(t->get("pattern"), "project.protected_identity.pattern", std::string("not a valid regular expression: ") + e.what());
            }
            rule.sex = sex_of(r, *r.required(*t, "project.protected_identity", "sex"), "project.protected_identity.sex");
            c.protected_identity.push_back(rule);
        }
    }
}

void read_scales(const Reader& r, const toml::node& n, ProjectConfig& c) {
    const toml::array* a = n.as_array();
    if (!a) r.fail(&n, "scale", "expected [[scale]] tables");
    for (auto&& v : *a) {
        const toml::table* t = v.as_table();
        if (!t) r.fail(&v, "scale", "expected a [[scale]] table");
        r.only_keys(*t, "scale", {"id", "label", "kind", "steps", "step_labels", "higher_is_better"});
        ScaleConfig s;
        s.id = r.required_string(*t, "scale", "id");
        const std::string where = "scale[" + s.id + "]";
        for (const ScaleConfig& other : c.scales)
            if (other.id == s.id) r.fail(t->get("id"), "scale.id", "duplicate scale id '" + s.id + "'");
        s.label = t->get("label") ? r.string(*t->get("label"), where + ".label") : s.id;
        if (const toml::node* k = t->get("kind")) {
            const std::string kind = r.string(*k, where + ".kind");
            if (kind == "ordinal") s.kind = ScaleKind::ordinal;
            else if (kind == "categorical") s.kind = ScaleKind::categorical;
            else r.fail(k, where + ".kind", "expected \"ordinal\" or \"categorical\"");
        }
        const toml::node* steps = r.required(*t, where, "steps");
        const toml::array* sa = steps->as_array();
        if (!sa || sa->empty()) r.fail(steps, where + ".steps", "expected a non-empty list of steps");
        std::set<std::string> seen;
        for (auto&& st : *sa) {
            std::string text;
            if (st.is_integer()) text = std::to_string(*st.value<std::int64_t>());
            else if (auto str = st.value<std::string>()) text = *str;
            else r.fail(&st, where + ".steps", "each step must be a whole number or a text");
            if (!seen.insert(text).second) r.fail(&st, where + ".steps", "step '" + text + "' is listed twice");
            s.steps.push_back(text);
        }
        if (const toml::node* l = t->get("step_labels")) {
            const toml::array* la = l->as_array();
            if (!la) r.fail(l, where + ".step_labels", "expected a list of texts");
            for (auto&& x : *la) s.step_labels.push_back(r.string(x, where + ".step_labels"));
            if (s.step_labels.size() != s.steps.size())
                r.fail(l, where + ".step_labels", "expected " + std::to_string(s.steps.size()) + " labels, one per step");
        }
        if (const toml::node* h = t->get("higher_is_better")) s.higher_is_better = r.boolean(*h, where + ".higher_is_better");
        c.scales.push_back(std::move(s));
    }
}

void read_subprojects(const Reader& r, const toml::node& n, ProjectConfig& c) {
    const toml::array* a = n.as_array();
    if (!a) r.fail(&n, "subproject", "expected [[subproject]] tables");
    static const std::regex id_re(R"(^[A-Za-z0-9][A-Za-z0-9_.-]*$)");
    for (auto&& v : *a) {
        const toml::table* t = v.as_table();
        if (!t) r.fail(&v, "subproject", "expected a [[subproject]] table");
        r.only_keys(*t, "subproject", {"id", "name", "region", "plugin", "source", "other_affected",
                                        "target_ages_in_school", "target_ages_outside_school", "options", "scales"});
        SubprojectConfig s;
        s.id = r.required_string(*t, "subproject", "id");
        if (!std::regex_match(s.id, id_re))
            r.fail(t->get("id"), "subproject.id", "'" + s.id + "' must be letters, digits, '.', '_' or '-'");
        for (const SubprojectConfig& other : c.subprojects)
            if (other.id == s.id) r.fail(t->get("id"), "subproject.id", "duplicate subproject id '" + s.id + "'");
        const std::string where = "subproject[" + s.id + "]";
        s.name = r.required_string(*t, where, "name");
        s.region = r.required_string(*t, where, "region");
        s.plugin = r.required_string(*t, where, "plugin");
        const std::string source = r.required_string(*t, where, "source");
        // A path relative to the configuration file; a connection string
        // (scheme://...) is passed on as it is.
        if (source.find("://") != std::string::npos) s.source = source;
        else s.source = fs::absolute(r.file().parent_path() / source).lexically_normal().string();
        if (const toml::node* o = t->get("other_affected")) s.other_affected = r.integer(*o, where + ".other_affected", 0);
        if (const toml::node* x = t->get("target_ages_in_school")) s.target_ages_in_school = r.age_range(*x, where + ".target_ages_in_school");
        if (const toml::node* x = t->get("target_ages_outside_school"))
            s.target_ages_outside_school = r.age_range(*x, where + ".target_ages_outside_school");
        if (const toml::node* o = t->get("options")) {
            const toml::table* ot = o->as_table();
            if (!ot) r.fail(o, where + ".options", "expected a table of plugin options");
            for (auto&& [k, ov] : *ot) {
                std::string value;
                if (auto str = ov.value<std::string>()) value = *str;
                else if (ov.is_integer()) value = std::to_string(*ov.value<std::int64_t>());
                else if (auto b = ov.as_boolean()) value = b->get() ? "true" : "false";
                else r.fail(&ov, where + ".options." + std::string(k.str()), "expected a text, number or true/false");
                s.options.push_back({std::string(k.str()), value});
            }
        }
        if (const toml::node* sc = t->get("scales")) {
            const toml::array* sa = sc->as_array();
            if (!sa) r.fail(sc, where + ".scales", "expected a list of scale ids");
            for (auto&& x : *sa) s.scales.push_back(r.string(x, where + ".scales"));
        }
        c.subprojects.push_back(std::move(s));
    }
}

}  // namespace

ProjectConfig load_config(const fs::path& file_in) {
    const fs::path file = fs::absolute(file_in).lexically_normal();
    std::ifstream in(file, std::ios::binary);
    if (!in) throw ConfigError(file.string() + ": cannot read the configuration file");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    const std::string text = bytes.str();

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
    for (const SubprojectConfig& s : c.subprojects)
        for (const std::string& id : s.scales) {
            bool found = false;
            for (const ScaleConfig& sc : c.scales) found = found || sc.id == id;
            if (!found) throw ConfigError(file.string() + ": 'subproject[" + s.id + "].scales': unknown scale '" + id + "'");
        }
    return c;
}

}  // namespace esfreport
