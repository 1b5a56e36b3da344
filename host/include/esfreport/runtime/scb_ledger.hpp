// The record of every file produced for SCB and of every submission, kept in
// `<config stem>.scb-ledger.json` beside the project configuration. It is how
// the tool knows, after a correction of past data, which months must be sent
// again: SCB reads the monthly files in order, so once a sent month changes,
// that month and every later month already sent must be sent again.
//
// Digests are of the files' canonical content (see scb_monthly_canonical_text),
// not of their bytes, so a change of template or format is not a change of data.
//
// Because the record of submissions cannot be rebuilt from the data, the
// ledger is guarded:
// - Lock. `<ledger>.lock` beside it (flock; opened O_NOFOLLOW|O_CLOEXEC, mode
//   0600, never removed): commands that change the ledger hold it exclusively
//   from reading to writing, `scb status` shares it. A command waits for
//   another one (bounded, then a DataError naming the lock file).
// - Strict reading. Every key, state, month, half-year, date, digest and
//   count is checked; anything else is a DataError naming the file, the key
//   path and what was expected.
// - Read-only. A ledger whose mode forbids writing, or in a folder that does,
//   is a DataError when a command opens it for a change, before anything is
//   written; it is never replaced.
// - Backup. Every change first writes `<ledger>.bak` (mode 0600) holding the
//   ledger as it was before the change (the empty ledger for the first one).
//   A missing ledger whose backup exists is a DataError unless the caller
//   starts a new ledger deliberately.
// - Commit. commit_with() makes the new ledger part of an OutputSet's commit,
//   so the SCB files and their record are put in place together or not at
//   all. While that commit runs, `<ledger>.pending` names its output folder:
//   when a command was killed in the middle, the next command to open the
//   ledger completes that commit (OutputSet rolls it forward) before it reads
//   the ledger, so a stale ledger can never be put in place over a newer one.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace esfreport {

class OutputSet;

enum class ScbLedgerAccess {
    read,    // scb status: a shared lock, a read-only folder is fine
    update,  // scb esf, scb kaa: an exclusive lock, the ledger must be writable
};

// How long a command waits for another one holding the ledger's lock.
inline constexpr std::chrono::milliseconds kScbLedgerLockWait{60'000};

// The ledger's lock file, held while the object lives.
class ScbLedgerLock {
public:
    // Waits up to `wait` for the lock (calling `on_wait` once when it has to
    // wait), then throws DataError naming the lock file. For `read`, a lock
    // file that does not exist and cannot be created (a read-only folder) is
    // no error: the ledger is only ever replaced by a rename, so a reader sees
    // a whole ledger; held() is false then.
    ScbLedgerLock(const std::filesystem::path& ledger_file, ScbLedgerAccess access,
                  std::chrono::milliseconds wait = kScbLedgerLockWait,
                  const std::function<void(const std::string&)>& on_wait = {});
    ~ScbLedgerLock();
    ScbLedgerLock(const ScbLedgerLock&) = delete;
    ScbLedgerLock& operator=(const ScbLedgerLock&) = delete;

    static std::filesystem::path path_for(const std::filesystem::path& ledger_file);
    bool held() const { return fd_ >= 0; }
    // A shared lock made exclusive (waiting as the constructor does); the
    // shared lock may be lost while waiting, so read nothing before.
    void make_exclusive(std::chrono::milliseconds wait, const std::function<void(const std::string&)>& on_wait,
                        const std::filesystem::path& ledger_file);

private:
    void acquire(int operation, std::chrono::milliseconds wait, const std::function<void(const std::string&)>& on_wait,
                 const std::filesystem::path& path);
    int fd_ = -1;
};

struct ScbLedgerOptions {
    ScbLedgerAccess access = ScbLedgerAccess::read;
    // Start a new, empty ledger where the ledger is missing but its backup
    // exists (the backup is kept as `<ledger>.bak.old`). An error when the
    // ledger exists.
    bool new_ledger = false;
    std::chrono::milliseconds lock_wait = kScbLedgerLockWait;
    std::function<void(const std::string&)> on_wait;  // a note for the user
};

struct ScbLedgerEntry {
    std::string digest;  // SHA-256 (hex) of the canonical content
    std::string date;    // YYYY-MM-DD, UTC
    std::string file;    // the file name written (produced entries)
    std::uint64_t rows = 0;
    friend bool operator==(const ScbLedgerEntry& a, const ScbLedgerEntry& b) {
        return a.digest == b.digest && a.date == b.date && a.file == b.file && a.rows == b.rows;
    }
};

struct ScbLedgerRecord {
    std::optional<ScbLedgerEntry> produced;  // the latest file produced
    std::optional<ScbLedgerEntry> sent;      // the latest submission recorded
};

class ScbLedger {
public:
    // `<dir>/<stem>.scb-ledger.json` for configuration `<dir>/<stem>.toml`.
    static std::filesystem::path path_for(const std::filesystem::path& config_file);

    static std::filesystem::path backup_path_for(const std::filesystem::path& ledger_file);
    static std::filesystem::path pending_path_for(const std::filesystem::path& ledger_file);

    // Locks, checks and reads the ledger for a command (see the top of this
    // file). The lock is held until the ledger is destroyed.
    static ScbLedger open(const std::filesystem::path& file, const ScbLedgerOptions& options);

    // Reads the ledger strictly, without lock or checks: a missing file is an
    // empty ledger; an unreadable or malformed one is a DataError naming the
    // file, the key path and what was expected (never silently reset).
    static ScbLedger load(const std::filesystem::path& file);

    // Records a produced file. Returns whether the ledger changed: producing
    // the same content again keeps the first record (and its date).
    bool record_produced(const std::string& month, const std::string& digest, const std::string& file,
                         std::uint64_t rows, const std::string& date);
    // Records a submission of `digest` for the month. Unchanged when the same
    // digest is already recorded as sent.
    bool record_sent(const std::string& month, const std::string& digest, const std::string& date);
    // KAA files, keyed "2017-H1/<municipality>"; a new file replaces the record.
    bool record_kaa_produced(const std::string& key, const std::string& digest, const std::string& file,
                             std::uint64_t rows, const std::string& date);

    // Commits `out` and, when its content differs from what was read, the
    // ledger with it: writes the backup, then makes the new ledger (mode 0600:
    // it names files, not persons, but belongs with them) part of the set's
    // commit. Returns whether the ledger changed.
    bool commit_with(OutputSet& out);
    // The same on its own: backup, then the ledger written atomically.
    bool save_if_changed();

    const std::filesystem::path& file() const { return file_; }
    const std::map<std::string, ScbLedgerRecord>& months() const { return months_; }
    const std::map<std::string, ScbLedgerRecord>& kaa() const { return kaa_; }
    std::string to_json() const;

    ScbLedger();
    ~ScbLedger();
    ScbLedger(ScbLedger&&) noexcept;
    ScbLedger& operator=(ScbLedger&&) noexcept;

private:
    // The bytes to write when they differ from what was read, after writing
    // the backup; nothing when unchanged.
    std::optional<std::string> backup_before_change();

    std::filesystem::path file_;
    std::unique_ptr<ScbLedgerLock> lock_;
    bool existed_ = false;         // the file existed when read
    bool replaces_backup_ = false;  // a new ledger: keep the old backup aside first
    std::string loaded_;  // the bytes read, to write only on a change
    std::map<std::string, ScbLedgerRecord> months_;
    std::map<std::string, ScbLedgerRecord> kaa_;
};

enum class ScbMonthState {
    never_produced,      // no file produced nor sent
    produced_not_sent,   // a file was produced, none sent
    sent,                // the sent content is the current content
    changed_since_sent,  // the data for the month changed after it was sent
};
std::string_view to_string(ScbMonthState state);

struct ScbMonthCurrent {
    std::string month;   // "YYYY-MM"
    std::string digest;  // of the current data
    std::uint64_t rows = 0;
    bool file_expected = true;  // false: no event and the template writes no empty months
};

struct ScbMonthStatus {
    std::string month;
    ScbMonthState state = ScbMonthState::never_produced;
    std::uint64_t rows = 0;
    bool file_expected = true;
    bool produced_is_current = false;  // the last file produced holds the current data
    bool send_again = false;           // sent before, and on or after the first changed month
};

struct ScbStatusReport {
    std::vector<ScbMonthStatus> months;           // chronological
    std::optional<std::string> first_changed;      // first month changed since sent
    std::vector<std::string> send_again;           // first_changed and every later month already sent
    std::vector<std::string> never_sent;           // months with a file expected and never sent
};

// Compares the current data of every month (chronological) with the ledger.
ScbStatusReport scb_status(const ScbLedger& ledger, const std::vector<ScbMonthCurrent>& current);

// Today's date (UTC) or, when SOURCE_DATE_EPOCH is set, that date.
std::string scb_ledger_today();

}  // namespace esfreport
