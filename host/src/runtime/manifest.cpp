#include <esfreport/runtime/manifest.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <sstream>

namespace esfreport {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr ordered() { return new Object(Poco::JSON_PRESERVE_KEY_ORDER); }

void append_csv_field(std::string& out, const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) {
        out += s;
        return;
    }
    out += '"';
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

}  // namespace

std::string iso_utc(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::time_t run_time() {
    if (const char* s = std::getenv("SOURCE_DATE_EPOCH")) {
        char* end = nullptr;
        const long long v = std::strtoll(s, &end, 10);
        if (end && *end == '\0' && end != s && v >= 0) return static_cast<std::time_t>(v);
    }
    return std::time(nullptr);
}

std::string manifest_json(const Dataset& data, const std::vector<PluginInfo>& plugins, const ManifestFacts& facts) {
    const ProjectConfig& config = *data.config;
    Object::Ptr root = ordered();
    Object::Ptr tool = ordered();
    tool->set("name", "esfreport");
    tool->set("version", facts.tool_version);
    root->set("tool", tool);
    root->set("command", facts.command);
    root->set("generated_at", iso_utc(facts.generated_at));
    Object::Ptr cfg = ordered();
    cfg->set("path", config.file.string());
    cfg->set("sha256", config.sha256);
    cfg->set("project", config.name);
    if (!config.registration_number.empty()) cfg->set("registration_number", config.registration_number);
    cfg->set("period_start", config.period_start.iso());
    cfg->set("period_end", config.period_end.iso());
    root->set("configuration", cfg);

    Array::Ptr inputs = new Array;
    for (const InputRecord& in : data.inputs) {
        Object::Ptr o = ordered();
        o->set("subproject", config.subprojects[in.subproject].id);
        o->set("plugin", in.plugin);
        o->set("kind", std::string(input_kind_name(in.kind)));
        o->set("path", in.path);
        if (in.sha256.empty()) o->set("sha256", Poco::Dynamic::Var());
        else o->set("sha256", in.sha256);
        if (!in.rows_sha256.empty()) o->set("rows_sha256", in.rows_sha256);
        o->set("rows_read", static_cast<Poco::UInt64>(in.rows_read));
        o->set("rows_accepted", static_cast<Poco::UInt64>(in.rows_accepted));
        o->set("rows_rejected", static_cast<Poco::UInt64>(in.rows_rejected));
        inputs->add(o);
    }
    root->set("inputs", inputs);

    Array::Ptr outputs = new Array;
    for (const ManifestOutput& out : facts.outputs) {
        Object::Ptr o = ordered();
        o->set("path", out.path);
        o->set("sha256", out.sha256);
        outputs->add(o);
    }
    root->set("outputs", outputs);

    Array::Ptr plugs = new Array;
    for (const PluginInfo& p : plugins) {
        Object::Ptr o = ordered();
        o->set("name", p.name);
        o->set("version", p.version);
        o->set("abi_version", p.abi_version);
        o->set("path", p.path.string());
        plugs->add(o);
    }
    root->set("plugins", plugs);

    Array::Ptr warnings = new Array;
    for (const std::string& w : data.warnings) warnings->add(w);
    root->set("warnings", warnings);

    std::ostringstream s;
    Poco::JSON::Stringifier::stringify(root, s, 2);
    s << "\n";
    return s.str();
}

void write_rejected_csv(const Dataset& data, const std::function<void(std::string_view)>& write) {
    std::vector<const Rejection*> rows;
    rows.reserve(data.rejections.size());
    for (const Rejection& r : data.rejections) rows.push_back(&r);
    // Overlap rejections are found after a file ends; present them in file order.
    const auto before = [](const Rejection* a, const Rejection* b) {
        return a->input != b->input ? a->input < b->input : a->line < b->line;
    };
    if (!std::is_sorted(rows.begin(), rows.end(), before)) std::stable_sort(rows.begin(), rows.end(), before);
    // Each input's file field once: a run may reject millions of rows.
    std::vector<std::string> files(data.inputs.size());
    for (std::size_t i = 0; i < data.inputs.size(); ++i) {
        files[i] += ',';
        append_csv_field(files[i], data.inputs[i].path);
        files[i] += ',';
    }
    constexpr std::size_t piece = std::size_t{1} << 20;
    std::string out = "subproject,file,line,column,reason\n";
    out.reserve(piece + 4096);
    for (const Rejection* r : rows) {
        append_csv_field(out, data.config->subprojects[r->subproject].id);
        out += files[r->input];
        char line[24];
        out.append(line, static_cast<std::size_t>(std::to_chars(line, line + sizeof line, r->line).ptr - line));
        out += ',';
        append_csv_field(out, r->column);
        out += ',';
        append_csv_field(out, r->reason);
        out += '\n';
        if (out.size() >= piece) {
            write(out);
            out.clear();
        }
    }
    write(out);
}

std::string rejected_csv(const Dataset& data) {
    std::string out;
    write_rejected_csv(data, [&out](std::string_view piece) { out += piece; });
    return out;
}

}  // namespace esfreport
