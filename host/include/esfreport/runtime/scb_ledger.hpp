// The record of every file produced for SCB and of every submission, kept in
// `<config stem>.scb-ledger.json` beside the project configuration. It is how
// the tool knows, after a correction of past data, which months must be sent
// again: SCB reads the monthly files in order, so once a sent month changes,
// that month and every later month already sent must be sent again.
//
// Digests are of the files' canonical content (see scb_monthly_canonical_text),
// not of their bytes, so a change of template or format is not a change of data.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace esfreport {

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

    // A missing file is an empty ledger; an unreadable or malformed one is a
    // DataError naming the file and what is wrong (never silently reset: the
    // record of submissions cannot be rebuilt from the data).
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

    // Writes the ledger atomically (mode 0600: it names the files, not persons,
    // but belongs with them) when its content differs from what was loaded.
    // Returns whether it wrote.
    bool save_if_changed();

    const std::filesystem::path& file() const { return file_; }
    const std::map<std::string, ScbLedgerRecord>& months() const { return months_; }
    const std::map<std::string, ScbLedgerRecord>& kaa() const { return kaa_; }
    std::string to_json() const;

private:
    std::filesystem::path file_;
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
