// The files one command writes, made visible all at once. This module alone
// creates output files on disk: temporary names, modes, the folder's lock,
// fsyncs, renames, and the record of what an earlier run wrote. Renderers
// (XLSX, PDF, CSV, the per-participant sheet) write to the path stage() gives
// them and do no temporary-file or mode work of their own.
//
// The contract, for the output folder DIR:
//
// - Lock. The constructor takes DIR/.esfreport.lock (flock, non-blocking,
//   opened O_NOFOLLOW, never written to). A second set on the same folder, in
//   this or another process, fails at once with OutputFolderBusy naming DIR.
//   The lock is held until the set is destroyed, which removes the file (a
//   waiting opener checks that the file it locked is still the one at that
//   name). A failed run thus leaves no file in DIR (a killed one may leave
//   the lock file, unlocked, and its staging folder: see below).
// - Recovery and cleanup. Still in the constructor, holding the lock: an
//   interrupted commit (DIR/.esfreport-commit) is completed (rolled forward),
//   then leftovers of killed runs are removed: staging folders
//   (DIR/.esfreport-staging-*), their external temporaries, and the
//   predictable ".NAME.tmp-PID" files of esfreport versions before 0.9.
//   Only files owned by this user are touched.
// - Staging. Every file is created in a private staging folder
//   DIR/.esfreport-staging-XXXXXX (mkdtemp, mode 0700, inside DIR so renames
//   stay on one file system; made when the first file is staged), with
//   O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC, mode 0600 when `personal` (it holds
//   personnummer) and 0644 (less the umask) otherwise, before a byte is
//   written. Names are plain file names: no '/',
//   no leading '.', no control characters (std::invalid_argument otherwise).
//   Staging one name twice is a std::logic_error: make names unique first
//   (OutputNames below).
// - Commit. commit() fsyncs every staged file, then writes and fsyncs a
//   journal (DIR/.esfreport-commit) listing every step, then: removes the
//   files an earlier set of the same `set_name` wrote that this one does not,
//   renames the external files, writes the record DIR/.esfreport-outputs, and
//   renames the staged files in the order staged, so the file staged last
//   (the manifest) is put in place last. Then the journal is removed. A crash
//   anywhere after the journal is in place is completed by the next set
//   opened on DIR; a crash before it leaves the earlier files untouched. So
//   the manifest always matches the files beside it.
// - Earlier files. DIR/.esfreport-outputs lists, per set name, the files
//   esfreport wrote. Files of the same set name that this commit does not
//   write are removed; a user's own files, and files of other set names
//   (e.g. `run` and `scb esf 2017-03` sharing a folder), are left alone.
// - External files. stage_external()/write_external() make one file outside
//   DIR (the SCB ledger beside the configuration) part of the same commit:
//   its temporary lives beside its final path (unpredictable name, O_EXCL),
//   and its rename is a step of the same journal. The caller holds whatever
//   lock protects that file (the ledger's own) across commit(). A commit
//   killed half-way is completed by the next set opened on the same DIR
//   (the journal lives in DIR), not by a set on another folder.
// - Failure. A set destroyed without commit() removes its staging folder and
//   external temporaries; the earlier files stay as they were. A commit that
//   fails after its record is in place (a rename refused) keeps the staging
//   folder, and the next set on DIR completes it.
//
// Test hook: when ESFREPORT_TEST_COMMIT_EXIT_AFTER=N is set, commit() calls
// _exit(75) after N steps of the journal (a kill in the middle of a commit).
#pragma once

#include <filesystem>
#include <functional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace esfreport {

// Another run holds the output folder's lock.
class OutputFolderBusy : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class OutputSet {
public:
    // Creates `dir` if needed, locks it, completes an interrupted commit and
    // removes leftovers (see above). `set_name` says which earlier files this
    // set replaces: "run", "scb esf 2017-03", "scb kaa 2017-H1"...
    OutputSet(std::filesystem::path dir, std::string set_name);
    ~OutputSet();  // removes everything staged and not committed; unlocks
    OutputSet(const OutputSet&) = delete;
    OutputSet& operator=(const OutputSet&) = delete;

    // Reserves `name` (a file name in the folder) and returns the path to
    // write it to: an empty file already created with its final mode.
    std::filesystem::path stage(const std::string& name, bool personal = false);
    // Stages `name` and writes `bytes` to it.
    void write(const std::string& name, const std::string& bytes, bool personal = false);

    // A file outside the folder, committed with the set: returns the path of
    // an empty temporary beside `final_path` (created as stage() does).
    // `final_path`'s folder must exist. Staging one path twice: logic_error.
    std::filesystem::path stage_external(const std::filesystem::path& final_path, bool personal = false);
    void write_external(const std::filesystem::path& final_path, const std::string& bytes, bool personal = false);

    // Puts every staged file in place as one step (see above). Once.
    void commit();

    const std::filesystem::path& dir() const { return dir_; }
    // Told each name as it is staged (a progress line shows the output being written).
    std::function<void(const std::string&)> on_stage;
    struct Entry {
        std::string name;            // for an external file: its final path
        std::filesystem::path temp;  // where it is written until commit()
        bool personal;
        std::string sha256;  // of the bytes written, when record_sha256() was told; else empty
    };
    const std::vector<Entry>& entries() const { return entries_; }
    // The digest of staged file `name` as its writer computed it while
    // writing, so the manifest need not read the file again.
    void record_sha256(const std::string& name, std::string sha256);
    // The SHA-256 of an entry's file: as recorded, else read from the file.
    static std::string sha256_of(const Entry& entry);
    // Flushes a staged file to disk now: a writer calls it when done, on its
    // own thread, so that commit() finds little left to sync.
    static void sync_staged(const std::filesystem::path& temp);
    // Fills staged file `temp` with the pieces `produce` hands to its
    // callback, as they come (a large file is never held whole), then
    // flushes it to disk.
    using PieceWriter = std::function<void(std::string_view)>;
    static void write_staged_streamed(const std::filesystem::path& temp, const std::function<void(const PieceWriter&)>& produce);
    const std::vector<Entry>& externals() const { return externals_; }
    // Earlier files of this set name that commit() removed, in name order.
    const std::vector<std::string>& removed() const { return removed_; }

private:
    std::filesystem::path dir_;
    std::string set_name_;
    int lock_fd_ = -1;
    std::filesystem::path staging_;
    std::vector<Entry> entries_;
    std::vector<Entry> externals_;
    std::vector<std::string> removed_;
    bool committed_ = false;
    bool journal_written_ = false;

    const std::filesystem::path& staging();
    std::filesystem::path reserve(const std::string& name);
    void discard() noexcept;
};

// Output names made unique before anything is written, deterministically:
// the first claim of a name gets it, later claims of the same name get
// "-2", "-3"... before the extension ("a.xlsx", "a-2.xlsx"). Names that
// differ only in ASCII case count as the same (case-insensitive file systems).
class OutputNames {
public:
    // `name` or the first free "stem-N.ext".
    std::string claim(const std::string& name);
    // The same for a stem that several files share ("slutrapport-x" for its
    // .xlsx and .pdf): the stem is free when no claimed name starts with it
    // followed by one of `extensions`, and the returned stem's files are claimed.
    std::string claim_stem(const std::string& stem, const std::vector<std::string>& extensions);

private:
    std::set<std::string> taken_;  // folded to lower case
};

// Writes one file atomically on its own (unpredictable temporary beside it,
// created O_EXCL, fsync, rename, fsync of the folder). For a file that is not
// part of an output set, e.g. the ledger when no SCB file is written.
void write_file_atomically(const std::filesystem::path& path, const std::string& bytes, bool personal = false);

}  // namespace esfreport
