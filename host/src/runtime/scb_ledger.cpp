#include "esfreport/runtime/scb_ledger.hpp"

#include <esfreport/core/date.hpp>
#include <esfreport/runtime/errors.hpp>
#include <esfreport/runtime/output_set.hpp>

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <set>
#include <sstream>
#include <sys/file.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace esfreport {
namespace fs = std::filesystem;
using Poco::JSON::Object;

namespace {

constexpr const char* kFormat = "esfreport-scb-ledger";
constexpr int kVersion = 1;
// A ledger holds a few lines a month; anything this large is not one.
constexpr std::size_t kMaxLedgerBytes = 16 * 1024 * 1024;

std::string errno_text(int error) { return std::strerror(error); }

std::string octal_mode(mode_t mode) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
    return buf;
}

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

// The whole file, read without following a symbolic link (the ledger is
// replaced by a rename, which would silently turn a link into a file).
// nullopt when it does not exist.
std::optional<std::string> read_regular_file(const fs::path& file, const char* what = "the SCB ledger") {
    const int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        const int error = errno;
        if (error == ENOENT) return std::nullopt;
        if (error == ELOOP) throw DataError(file.string() + ": is a symbolic link; " + what + " must be a regular file");
        throw DataError(file.string() + ": cannot be read: " + errno_text(error));
    }
    struct stat st {};
    std::string bytes;
    try {
        if (::fstat(fd, &st) != 0) throw DataError(file.string() + ": cannot be read: " + errno_text(errno));
        if (!S_ISREG(st.st_mode)) throw DataError(file.string() + ": is not a regular file; " + what + " must be one");
        if (static_cast<std::size_t>(st.st_size) > kMaxLedgerBytes)
            throw DataError(file.string() + ": is " + std::to_string(st.st_size) + " bytes; " + what + " is at most " +
                            std::to_string(kMaxLedgerBytes) + " bytes");
        char buf[65536];
        for (;;) {
            const ssize_t n = ::read(fd, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) throw DataError(file.string() + ": cannot be read: " + errno_text(errno));
            if (n == 0) break;
            bytes.append(buf, static_cast<std::size_t>(n));
            if (bytes.size() > kMaxLedgerBytes)
                throw DataError(file.string() + ": grew while read; " + what + " is at most " + std::to_string(kMaxLedgerBytes) + " bytes");
        }
    } catch (...) {
        ::close(fd);
        throw;
    }
    ::close(fd);
    return bytes;
}

// A key or value from the file as a message may show it: never a long run of
// digits (it could be a personnummer typed into the wrong place), never
// control characters, never pages of text.
bool may_show(const std::string& text) {
    if (text.size() > 80) return false;
    std::size_t digits = 0;
    for (unsigned char c : text) {
        digits = (c >= '0' && c <= '9') ? digits + 1 : 0;
        if (digits >= 6 || c < 0x20 || c == 0x7f) return false;
    }
    return true;
}

// A key in a key path.
std::string shown_key(const std::string& key) {
    return may_show(key) ? key : "(a key of " + std::to_string(key.size()) + " bytes, not shown)";
}

// A value after "got".
std::string shown_value(const std::string& text) {
    return may_show(text) ? "\"" + text + "\"" : "a text of " + std::to_string(text.size()) + " bytes (not shown)";
}

bool is_month_key(const std::string& key) {
    return key.size() == 7 && key[4] == '-' && Date::parse(key + "-01").has_value();
}

bool is_iso_date(const std::string& text) {
    return text.size() == 10 && text[4] == '-' && text[7] == '-' && Date::parse(text).has_value();
}

bool is_kaa_key(const std::string& key) {
    if (key.size() < 9 || key[4] != '-' || key[5] != 'H' || (key[6] != '1' && key[6] != '2') || key[7] != '/') return false;
    for (std::size_t i = 0; i < 4; ++i)
        if (key[i] < '0' || key[i] > '9') return false;
    for (std::size_t i = 8; i < key.size(); ++i)
        if (static_cast<unsigned char>(key[i]) < 0x20 || key[i] == 0x7f) return false;
    return true;
}

bool is_file_name(const std::string& name) {
    if (name.empty() || name == "." || name == "..") return false;
    for (unsigned char c : name)
        if (c == '/' || c < 0x20 || c == 0x7f) return false;
    return true;
}

// Poco keeps the last of two equal keys: a ledger edited by hand could lose a
// month that way, so a repeated key is an error.
class RepeatedKeyCheck : public Poco::JSON::ParseHandler {
public:
    void startObject() override {
        keys_.emplace_back();
        path_.emplace_back();
        ParseHandler::startObject();
    }
    void endObject() override {
        keys_.pop_back();
        path_.pop_back();
        ParseHandler::endObject();
    }
    void key(const std::string& k) override {
        if (!keys_.empty()) {
            path_.back() = k;
            if (!keys_.back().insert(k).second && !repeated_) {
                std::string where;
                for (const auto& p : path_) where += (where.empty() ? "" : ".") + shown_key(p);
                repeated_ = where;
            }
        }
        ParseHandler::key(k);
    }
    const std::optional<std::string>& repeated() const { return repeated_; }

private:
    std::vector<std::set<std::string>> keys_;
    std::vector<std::string> path_;
    std::optional<std::string> repeated_;
};

class LedgerReader {
public:
    explicit LedgerReader(const fs::path& file) : file_(file) {}
    [[noreturn]] void fail(const std::string& where, const std::string& what) const {
        throw DataError(file_.string() + ": " + where + ": " + what +
                        " (the ledger records what was sent to SCB; repair it by hand rather than delete it)");
    }
    static std::string path(const std::string& where, const std::string& key) {
        return (where.empty() ? "" : where + ".") + shown_key(key);
    }
    // Every key of `o` must be one of `allowed`.
    void only_keys(const Object::Ptr& o, const std::string& where, const std::vector<std::string>& allowed,
                   const char* kind = "key") const {
        for (const auto& name : o->getNames()) {
            if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
            std::string list;
            for (std::size_t i = 0; i < allowed.size(); ++i)
                list += (i == 0 ? "" : i + 1 == allowed.size() ? " or " : ", ") + ("\"" + allowed[i] + "\"");
            fail(path(where, name), std::string("unknown ") + kind + " (expected " + list + ")");
        }
    }
    Object::Ptr object(const Object::Ptr& parent, const std::string& where, const std::string& key) const {
        if (!parent->isObject(key)) fail(path(where, key), "expected an object");
        return parent->getObject(key);
    }
    std::string text(const Object::Ptr& o, const std::string& where, const char* key) const {
        if (!o->has(key) || !o->get(key).isString()) fail(path(where, key), "expected a text");
        return o->getValue<std::string>(key);
    }
    ScbLedgerEntry entry(const Object::Ptr& o, const std::string& where, bool with_file) const {
        only_keys(o, where, with_file ? std::vector<std::string>{"digest", "date", "file", "rows"}
                                      : std::vector<std::string>{"digest", "date"});
        ScbLedgerEntry e;
        e.digest = text(o, where, "digest");
        if (e.digest.size() != 64 || e.digest.find_first_not_of("0123456789abcdef") != std::string::npos)
            fail(path(where, "digest"), "expected 64 lower-case hex digits");
        e.date = text(o, where, "date");
        if (!is_iso_date(e.date)) fail(path(where, "date"), "expected a date YYYY-MM-DD, got " + shown_value(e.date));
        if (with_file) {
            e.file = text(o, where, "file");
            if (!is_file_name(e.file)) fail(path(where, "file"), "expected a file name (no '/', no control character)");
            const Poco::Dynamic::Var rows = o->has("rows") ? o->get("rows") : Poco::Dynamic::Var();
            if (!rows.isInteger() || (rows.isSigned() && rows.convert<Poco::Int64>() < 0))
                fail(path(where, "rows"), "expected a whole number, 0 or more");
            e.rows = rows.convert<Poco::UInt64>();
        }
        return e;
    }
    std::map<std::string, ScbLedgerRecord> records(const Object::Ptr& root, const char* section_key,
                                                   bool (*valid_key)(const std::string&), const char* expected_key) const {
        std::map<std::string, ScbLedgerRecord> out;
        if (!root->has(section_key)) return out;
        const Object::Ptr section = object(root, "", section_key);
        for (const auto& name : section->getNames()) {
            const std::string where = path(section_key, name);
            if (!valid_key(name)) fail(where, expected_key);
            const Object::Ptr o = object(section, section_key, name);
            only_keys(o, where, {"produced", "sent"}, "state");
            if (o->size() == 0) fail(where, "expected \"produced\", \"sent\" or both");
            ScbLedgerRecord r;
            if (o->has("produced")) r.produced = entry(object(o, where, "produced"), path(where, "produced"), true);
            if (o->has("sent")) r.sent = entry(object(o, where, "sent"), path(where, "sent"), false);
            out[name] = std::move(r);
        }
        return out;
    }

private:
    fs::path file_;
};

// The mode of `path` forbids writing, or this user cannot write it. Root may
// write anyway, but a mode without a write bit says the owner meant it to
// stay as it is.
bool read_only(const fs::path& path, mode_t write_bits) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return false;  // reported when used
    return (st.st_mode & write_bits) == 0 || ::access(path.c_str(), W_OK) != 0;
}

mode_t mode_of(const fs::path& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? st.st_mode : 0;
}

// The folder of the ledger must let us create its lock, backup and
// temporaries and rename them: checked before anything is written.
void require_writable_folder(const fs::path& ledger_file) {
    const fs::path folder = ledger_file.has_parent_path() ? ledger_file.parent_path() : fs::path(".");
    if (read_only(folder, 0222))
        throw DataError(ledger_file.string() + ": the ledger's folder " + folder.string() +
                        " is read-only: it must be writable to record SCB files; nothing was written");
}

// Never replace a ledger (or its backup) whose mode forbids writing.
void require_writable_file(const fs::path& ledger_file, const fs::path& file, const std::string& what) {
    struct stat st {};
    if (::lstat(file.c_str(), &st) != 0) return;  // missing: created
    if (S_ISLNK(st.st_mode)) throw DataError(file.string() + ": is a symbolic link; the SCB " + what + " must be a regular file");
    if (!read_only(file, S_IWUSR)) return;
    const std::string subject = file == ledger_file ? ledger_file.string() + ": the ledger" : file.string() + ": the ledger's backup";
    throw DataError(subject + " is read-only (mode " + octal_mode(mode_of(file)) +
                    ") and is never replaced when its mode forbids writing: make it writable (chmod u+w) to record SCB "
                    "files; nothing was written");
}

// "12 month(s), 11 sent; 3 KAA file(s)": what a backup shows was recorded.
std::string recorded_summary(const fs::path& backup) {
    try {
        const ScbLedger b = ScbLedger::load(backup);
        std::size_t sent = 0;
        for (const auto& [month, record] : b.months()) sent += record.sent.has_value();
        return " (" + std::to_string(b.months().size()) + " month(s), " + std::to_string(sent) + " sent; " +
               std::to_string(b.kaa().size()) + " KAA file(s))";
    } catch (const DataError&) {
        return " (the backup cannot be read either)";
    }
}

// A command killed while committing its SCB files and the ledger left
// `<ledger>.pending` naming the output folder: completing that folder's
// commit (OutputSet rolls it forward when opened) puts both in place.
void complete_interrupted_commit(const fs::path& ledger_file, ScbLedgerLock& lock, const ScbLedgerOptions& options) {
    const fs::path pending = ScbLedger::pending_path_for(ledger_file);
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(pending, ec))) return;
    if (!lock.held())
        throw DataError(pending.string() + ": a command that wrote SCB files was interrupted, and its commit cannot be completed "
                                           "here: the ledger's folder is read-only");
    lock.make_exclusive(options.lock_wait, options.on_wait, ledger_file);
    struct stat st {};
    if (::lstat(pending.c_str(), &st) == 0 && st.st_uid != ::geteuid())
        throw DataError(pending.string() + ": belongs to another user; esfreport completes only its own commits: remove it");
    std::optional<std::string> text = read_regular_file(pending, "the SCB ledger's commit marker");
    if (!text) return;  // completed by a command that held the lock before us
    if (!text->empty() && text->back() == '\n') text->pop_back();
    const fs::path dir = *text;
    if (!dir.is_absolute() || text->find('\n') != std::string::npos)
        throw DataError(pending.string() + ": expected the absolute path of an output folder; remove it after checking the "
                                           "ledger against the SCB files");
    if (fs::is_directory(dir, ec)) {
        try {
            OutputSet completing(dir, "scb ledger recovery");  // completes the interrupted commit; writes nothing
        } catch (const std::exception& e) {
            throw DataError(pending.string() + ": a command that wrote SCB files to " + dir.string() +
                            " was interrupted, and its commit cannot be completed now: " + e.what());
        }
    }
    if (::unlink(pending.c_str()) != 0 && errno != ENOENT)
        throw DataError(pending.string() + ": cannot be removed: " + errno_text(errno));
}

}  // namespace

ScbLedgerLock::ScbLedgerLock(const fs::path& ledger_file, ScbLedgerAccess access, std::chrono::milliseconds wait,
                             const std::function<void(const std::string&)>& on_wait) {
    const fs::path path = path_for(ledger_file);
    // Opened for reading only: flock needs no write access, and the file is
    // never written. O_NOFOLLOW: a planted link is refused, not followed.
    const int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
    int fd = ::open(path.c_str(), flags | O_CREAT, 0600);
    if (fd < 0 && (errno == EACCES || errno == EROFS || errno == EPERM)) {
        fd = ::open(path.c_str(), flags);
        if (fd < 0 && errno == ENOENT && access == ScbLedgerAccess::read) return;  // see the header
    }
    if (fd < 0) {
        const int error = errno;
        if (error == ELOOP) throw DataError(path.string() + ": the SCB ledger's lock file is a symbolic link; remove it");
        throw DataError(path.string() + ": cannot open the SCB ledger's lock file: " + errno_text(error));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw DataError(path.string() + ": the SCB ledger's lock file is not a regular file; remove it");
    }
    fd_ = fd;
    try {
        acquire(access == ScbLedgerAccess::update ? LOCK_EX : LOCK_SH, wait, on_wait, path);
    } catch (...) {
        ::close(fd_);
        fd_ = -1;
        throw;
    }
}

// flock with a bounded wait: polled, because flock itself waits forever.
void ScbLedgerLock::acquire(int operation, std::chrono::milliseconds wait, const std::function<void(const std::string&)>& on_wait,
                            const fs::path& path) {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    bool told = false;
    while (::flock(fd_, operation | LOCK_NB) != 0) {
        const int error = errno;
        if (error == EINTR) continue;
        if (error != EWOULDBLOCK) throw DataError(path.string() + ": cannot lock the SCB ledger: " + errno_text(error));
        if (std::chrono::steady_clock::now() >= deadline) {
            const auto seconds = std::chrono::duration_cast<std::chrono::duration<double>>(wait).count();
            std::ostringstream text;
            text << path.string() << ": another esfreport command has held the SCB ledger's lock for " << seconds
                 << " s; nothing was written: try again when it has finished";
            throw DataError(text.str());
        }
        if (!told && on_wait) on_wait("waiting for another esfreport command that holds " + path.string());
        told = true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

void ScbLedgerLock::make_exclusive(std::chrono::milliseconds wait, const std::function<void(const std::string&)>& on_wait,
                                   const fs::path& ledger_file) {
    if (fd_ >= 0) acquire(LOCK_EX, wait, on_wait, path_for(ledger_file));
}

ScbLedgerLock::~ScbLedgerLock() {
    if (fd_ >= 0) ::close(fd_);  // closing the last descriptor releases the lock
}

fs::path ScbLedgerLock::path_for(const fs::path& ledger_file) { return ledger_file.string() + ".lock"; }

ScbLedger::ScbLedger() = default;
ScbLedger::~ScbLedger() = default;
ScbLedger::ScbLedger(ScbLedger&&) noexcept = default;
ScbLedger& ScbLedger::operator=(ScbLedger&&) noexcept = default;

fs::path ScbLedger::path_for(const fs::path& config_file) {
    return config_file.parent_path() / (config_file.stem().string() + ".scb-ledger.json");
}

fs::path ScbLedger::backup_path_for(const fs::path& ledger_file) { return ledger_file.string() + ".bak"; }
fs::path ScbLedger::pending_path_for(const fs::path& ledger_file) { return ledger_file.string() + ".pending"; }

ScbLedger ScbLedger::open(const fs::path& file, const ScbLedgerOptions& options) {
    const bool update = options.access == ScbLedgerAccess::update;
    const fs::path backup = backup_path_for(file);
    if (update) require_writable_folder(file);
    auto lock = std::make_unique<ScbLedgerLock>(file, options.access, options.lock_wait, options.on_wait);
    complete_interrupted_commit(file, *lock, options);
    ScbLedger ledger = load(file);
    ledger.lock_ = std::move(lock);
    if (update) {
        require_writable_file(file, file, "ledger");
        require_writable_file(file, backup, "ledger's backup");
    }
    std::error_code ec;
    if (ledger.existed_) {
        if (update && options.new_ledger)
            throw DataError(file.string() + " exists: --new-ledger starts a ledger only where none is; leave it out to use this one");
    } else if (fs::exists(fs::symlink_status(backup, ec))) {
        if (!update || !options.new_ledger)
            throw DataError(file.string() + " is missing, but its backup " + backup.string() + " shows that SCB files were recorded" +
                            recorded_summary(backup) +
                            ": restore the ledger from the backup (it holds the ledger as it was before its last change; run "
                            "that change again) or start a new ledger with --new-ledger");
        ledger.replaces_backup_ = true;
    }
    return ledger;
}

ScbLedger ScbLedger::load(const fs::path& file) {
    ScbLedger ledger;
    ledger.file_ = file;
    const std::optional<std::string> bytes = read_regular_file(file);
    if (!bytes) return ledger;
    ledger.existed_ = true;
    ledger.loaded_ = *bytes;

    LedgerReader r(file);
    Object::Ptr root;
    Poco::SharedPtr<RepeatedKeyCheck> handler = new RepeatedKeyCheck;
    try {
        Poco::JSON::Parser parser(handler);
        Poco::Dynamic::Var parsed = parser.parse(ledger.loaded_);
        if (handler->repeated()) r.fail(*handler->repeated(), "the key appears twice");
        root = parsed.extract<Object::Ptr>();
    } catch (const Poco::Exception& e) {
        r.fail("(whole file)", "not valid JSON: " + e.displayText());
    } catch (const DataError&) {
        throw;
    } catch (const std::exception& e) {
        r.fail("(whole file)", std::string("not a JSON object: ") + e.what());
    }
    if (!root) r.fail("(whole file)", "expected a JSON object");
    r.only_keys(root, "", {"format", "version", "months", "kaa"});
    if (r.text(root, "", "format") != kFormat) r.fail("format", std::string("expected \"") + kFormat + "\"");
    const Poco::Dynamic::Var version = root->has("version") ? root->get("version") : Poco::Dynamic::Var();
    if (!version.isInteger() || version.convert<Poco::Int64>() != kVersion) r.fail("version", "expected " + std::to_string(kVersion));
    ledger.months_ = r.records(root, "months", is_month_key, "expected a month YYYY-MM (01 to 12)");
    ledger.kaa_ = r.records(root, "kaa", is_kaa_key, "expected YYYY-H1/<municipality> or YYYY-H2/<municipality>");
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

std::optional<std::string> ScbLedger::backup_before_change() {
    std::string bytes = to_json();
    if (bytes == loaded_) return std::nullopt;
    const fs::path backup = backup_path_for(file_);
    if (replaces_backup_) {
        // A new ledger deliberately started: the record it replaces stays
        // readable beside it.
        if (const auto old = read_regular_file(backup)) write_file_atomically(backup.string() + ".old", *old, /*personal=*/true);
        replaces_backup_ = false;
    }
    // Written before the change is put in place: a crash in between leaves a
    // backup equal to the ledger, never a change without its backup.
    write_file_atomically(backup, existed_ ? loaded_ : ScbLedger().to_json(), /*personal=*/true);
    return bytes;
}

bool ScbLedger::commit_with(OutputSet& out) {
    std::optional<std::string> bytes = backup_before_change();
    if (!bytes) {
        out.commit();
        return false;
    }
    out.write_external(file_, *bytes, /*personal=*/true);
    const fs::path pending = pending_path_for(file_);
    write_file_atomically(pending, fs::absolute(out.dir()).lexically_normal().string() + "\n", /*personal=*/true);
    out.commit();
    // Kept when the commit failed: the next command completes or clears it.
    if (::unlink(pending.c_str()) != 0 && errno != ENOENT)
        throw DataError(pending.string() + ": cannot be removed: " + errno_text(errno));
    loaded_ = std::move(*bytes);
    existed_ = true;
    return true;
}

bool ScbLedger::save_if_changed() {
    std::optional<std::string> bytes = backup_before_change();
    if (!bytes) return false;
    write_file_atomically(file_, *bytes, /*personal=*/true);
    loaded_ = std::move(*bytes);
    existed_ = true;
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
