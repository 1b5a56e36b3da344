#include "esfreport/runtime/scb_ledger.hpp"

#include <esfreport/runtime/errors.hpp>
#include <esfreport/runtime/output_set.hpp>

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>

namespace esfreport {
namespace fs = std::filesystem;
using Poco::JSON::Object;

namespace {

constexpr const char* kFormat = "esfreport-scb-ledger";
constexpr int kVersion = 1;

Object::Ptr ordered() { return new Object(Poco::JSON_PRESERVE_KEY_ORDER); }

Object::Ptr entry_json(const ScbLedgerEntry& e, bool with_file) {
    Object::Ptr o = ordered();
    o->set("digest", e.digest);
    o->set("date", e.date);
    if (with_file) {
        o->set("file", e.file);
        o->set("rows", static_cast<Poco::UInt64>(e.rows));
    }
    return o;
}

Object::Ptr records_json(const std::map<std::string, ScbLedgerRecord>& records) {
    Object::Ptr out = ordered();
    for (const auto& [key, record] : records) {
        Object::Ptr o = ordered();
        if (record.produced) o->set("produced", entry_json(*record.produced, true));
        if (record.sent) o->set("sent", entry_json(*record.sent, false));
        out->set(key, o);
    }
    return out;
}

class LedgerReader {
public:
    explicit LedgerReader(const fs::path& file) : file_(file) {}
    [[noreturn]] void fail(const std::string& where, const std::string& what) const {
        throw DataError(file_.string() + ": " + where + ": " + what +
                        " (the ledger records what was sent to SCB; repair it by hand rather than delete it)");
    }
    std::string text(const Object::Ptr& o, const std::string& where, const char* key) const {
        if (!o->has(key) || !o->get(key).isString()) fail(where + "." + key, "expected a text");
        return o->getValue<std::string>(key);
    }
    ScbLedgerEntry entry(const Object::Ptr& o, const std::string& where, bool with_file) const {
        ScbLedgerEntry e;
        e.digest = text(o, where, "digest");
        if (e.digest.size() != 64 || e.digest.find_first_not_of("0123456789abcdef") != std::string::npos)
            fail(where + ".digest", "expected 64 lower-case hex digits");
        e.date = text(o, where, "date");
        if (with_file) {
            e.file = text(o, where, "file");
            if (!o->has("rows") || !o->get("rows").isInteger()) fail(where + ".rows", "expected a whole number");
            e.rows = o->getValue<Poco::UInt64>("rows");
        }
        return e;
    }
    std::map<std::string, ScbLedgerRecord> records(const Object::Ptr& root, const char* key) const {
        std::map<std::string, ScbLedgerRecord> out;
        if (!root->has(key)) return out;
        Object::Ptr section = root->getObject(key);
        if (!section) fail(key, "expected an object");
        for (const auto& name : section->getNames()) {
            const std::string where = std::string(key) + "." + name;
            Object::Ptr o = section->getObject(name);
            if (!o) fail(where, "expected an object");
            ScbLedgerRecord r;
            if (o->has("produced")) {
                Object::Ptr p = o->getObject("produced");
                if (!p) fail(where + ".produced", "expected an object");
                r.produced = entry(p, where + ".produced", true);
            }
            if (o->has("sent")) {
                Object::Ptr s = o->getObject("sent");
                if (!s) fail(where + ".sent", "expected an object");
                r.sent = entry(s, where + ".sent", false);
            }
            out[name] = std::move(r);
        }
        return out;
    }

private:
    fs::path file_;
};

}  // namespace

fs::path ScbLedger::path_for(const fs::path& config_file) {
    return config_file.parent_path() / (config_file.stem().string() + ".scb-ledger.json");
}

ScbLedger ScbLedger::load(const fs::path& file) {
    ScbLedger ledger;
    ledger.file_ = file;
    std::error_code ec;
    if (!fs::exists(file, ec)) return ledger;
    std::ifstream in(file, std::ios::binary);
    if (!in) throw DataError(file.string() + ": cannot be read");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    ledger.loaded_ = bytes.str();

    LedgerReader r(file);
    Object::Ptr root;
    try {
        Poco::JSON::Parser parser;
        Poco::Dynamic::Var parsed = parser.parse(ledger.loaded_);
        root = parsed.extract<Object::Ptr>();
    } catch (const Poco::Exception& e) {
        r.fail("(whole file)", "not valid JSON: " + e.displayText());
    } catch (const std::exception& e) {
        r.fail("(whole file)", std::string("not a JSON object: ") + e.what());
    }
    if (!root) r.fail("(whole file)", "expected a JSON object");
    if (r.text(root, "", "format") != kFormat) r.fail("format", std::string("expected \"") + kFormat + "\"");
    if (!root->has("version") || !root->get("version").isInteger() || root->getValue<int>("version") != kVersion)
        r.fail("version", "expected " + std::to_string(kVersion));
    ledger.months_ = r.records(root, "months");
    ledger.kaa_ = r.records(root, "kaa");
    return ledger;
}

bool ScbLedger::record_produced(const std::string& month, const std::string& digest, const std::string& file,
                                std::uint64_t rows, const std::string& date) {
    auto& record = months_[month];
    if (record.produced && record.produced->digest == digest && record.produced->file == file) return false;
    record.produced = ScbLedgerEntry{digest, date, file, rows};
    return true;
}

bool ScbLedger::record_sent(const std::string& month, const std::string& digest, const std::string& date) {
    auto& record = months_[month];
    if (record.sent && record.sent->digest == digest) return false;
    record.sent = ScbLedgerEntry{digest, date, {}, 0};
    return true;
}

bool ScbLedger::record_kaa_produced(const std::string& key, const std::string& digest, const std::string& file,
                                    std::uint64_t rows, const std::string& date) {
    auto& record = kaa_[key];
    if (record.produced && record.produced->digest == digest && record.produced->file == file) return false;
    record.produced = ScbLedgerEntry{digest, date, file, rows};
    return true;
}

std::string ScbLedger::to_json() const {
    Object::Ptr root = ordered();
    root->set("format", std::string(kFormat));
    root->set("version", kVersion);
    root->set("months", records_json(months_));
    root->set("kaa", records_json(kaa_));
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(root, out, 2);
    out << '\n';
    return out.str();
}

bool ScbLedger::save_if_changed() {
    const std::string bytes = to_json();
    if (bytes == loaded_) return false;
    write_file_atomically(file_, bytes, /*personal=*/true);
    loaded_ = bytes;
    return true;
}

std::string_view to_string(ScbMonthState state) {
    switch (state) {
        case ScbMonthState::never_produced: return "never produced";
        case ScbMonthState::produced_not_sent: return "produced, not sent";
        case ScbMonthState::sent: return "sent";
        case ScbMonthState::changed_since_sent: return "changed since sent";
    }
    return "?";
}

ScbStatusReport scb_status(const ScbLedger& ledger, const std::vector<ScbMonthCurrent>& current) {
    ScbStatusReport report;
    for (const auto& c : current) {
        ScbMonthStatus s;
        s.month = c.month;
        s.rows = c.rows;
        s.file_expected = c.file_expected;
        const auto it = ledger.months().find(c.month);
        const ScbLedgerRecord* record = it == ledger.months().end() ? nullptr : &it->second;
        if (record && record->produced) s.produced_is_current = record->produced->digest == c.digest;
        if (record && record->sent) {
            s.state = record->sent->digest == c.digest ? ScbMonthState::sent : ScbMonthState::changed_since_sent;
        } else if (record && record->produced) {
            s.state = ScbMonthState::produced_not_sent;
        }
        if (s.state == ScbMonthState::changed_since_sent && !report.first_changed) report.first_changed = s.month;
        report.months.push_back(s);
    }
    // SCB reads the months in order: from the first changed month on, every
    // month already sent must be read in again.
    for (auto& s : report.months) {
        const bool was_sent = s.state == ScbMonthState::sent || s.state == ScbMonthState::changed_since_sent;
        if (report.first_changed && s.month >= *report.first_changed && was_sent) {
            s.send_again = true;
            report.send_again.push_back(s.month);
        }
        if (!was_sent && s.file_expected) report.never_sent.push_back(s.month);
    }
    return report;
}

std::string scb_ledger_today() {
    std::time_t now = std::time(nullptr);
    if (const char* s = std::getenv("SOURCE_DATE_EPOCH")) {
        char* end = nullptr;
        const long long v = std::strtoll(s, &end, 10);
        if (end && *end == '\0' && end != s && v >= 0) now = static_cast<std::time_t>(v);
    }
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

}  // namespace esfreport
