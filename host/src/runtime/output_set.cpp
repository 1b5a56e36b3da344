#include <esfreport/runtime/output_set.hpp>

#include <esfreport/runtime/sha256.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <random>
#include <sstream>
#include <stdexcept>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace esfreport {
namespace {

constexpr const char* kLockName = ".esfreport.lock";
constexpr const char* kJournalName = ".esfreport-commit";
constexpr const char* kRecordName = ".esfreport-outputs";
constexpr const char* kStagingPrefix = ".esfreport-staging-";
constexpr const char* kExternalTag = ".esfreport-";      // ".ledger.toml.esfreport-1a2b3c4d5e6f"
constexpr const char* kExternalsList = ".externals";     // in the staging folder
constexpr const char* kJournalHeader = "esfreport-commit 1";

[[noreturn]] void fail(const std::string& what, const fs::path& path, int error = errno) {
    throw std::runtime_error(what + " " + path.string() + ": " + std::strerror(error));
}

bool owned_by_me(const struct stat& st) { return st.st_uid == ::geteuid(); }

std::optional<struct stat> lstat_of(const fs::path& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) return std::nullopt;
    return st;
}

// Creates `path`, which must not exist (not even as a symbolic link), with
// its final mode before a byte is written: personal data is never readable
// by others, not even for a moment.
int create_exclusive(const fs::path& path, bool personal) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, personal ? 0600 : 0644);
    if (fd < 0) fail("cannot create", path);
    if (personal && ::fchmod(fd, 0600) != 0) {  // a umask such as 0277 must not leave it unwritable
        const int error = errno;
        ::close(fd);
        ::unlink(path.c_str());
        fail("cannot restrict", path, error);
    }
    return fd;
}

void write_all(int fd, const fs::path& path, std::string_view bytes) {
    const char* p = bytes.data();
    std::size_t left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("cannot write", path);
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

void sync_and_close(int fd, const fs::path& path) {
    if (::fsync(fd) != 0) {
        const int error = errno;
        ::close(fd);
        fail("cannot sync", path, error);
    }
    if (::close(fd) != 0) fail("cannot close", path);
}

// Fills a temporary file made by this module (it exists, with its mode): the
// bytes, then fsync. O_NOFOLLOW: a link planted in its place is not followed.
void fill(const fs::path& temp, const std::string& bytes) {
    const int fd = ::open(temp.c_str(), O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) fail("cannot write", temp);
    try {
        write_all(fd, temp, bytes);
    } catch (...) {
        ::close(fd);
        throw;
    }
    sync_and_close(fd, temp);
}

void write_new_file(const fs::path& path, const std::string& bytes, bool personal) {
    const int fd = create_exclusive(path, personal);
    try {
        write_all(fd, path, bytes);
    } catch (...) {
        ::close(fd);
        throw;
    }
    sync_and_close(fd, path);
}

// Flushes a file a renderer wrote by path; it must still be a regular file.
void sync_file(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) fail("cannot open", path);
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw std::runtime_error("cannot commit " + path.string() + ": not a regular file");
    }
    sync_and_close(fd, path);
}

// A rename or a removal is durable once the folder holding it is synced.
void sync_folder(const fs::path& dir) {
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) fail("cannot open folder", dir);
    sync_and_close(fd, dir);
}

std::string random_suffix() {
    static std::random_device device;  // getrandom(2) on Linux
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    std::string out;
    for (int i = 0; i < 12; ++i) out += digits[device() % 36];
    return out;
}

bool has_control_character(const std::string& s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

void check_output_name(const std::string& name) {
    if (name.empty() || name.front() == '.' || name.find('/') != std::string::npos || has_control_character(name))
        throw std::invalid_argument("output name \"" + name +
                                    "\" is not a plain file name (no '/', no leading '.', no control characters)");
}

// An external temporary: ".NAME.esfreport-XXXXXXXXXXXX" beside NAME.
bool is_external_temp_for(const fs::path& temp, const fs::path& final_path) {
    const std::string prefix = "." + final_path.filename().string() + kExternalTag;
    const std::string name = temp.filename().string();
    return temp.parent_path() == final_path.parent_path() && name.size() == prefix.size() + 12 &&
           name.compare(0, prefix.size(), prefix) == 0;
}

// Creates a new file with an unpredictable name beside `final_path`;
// `before_create` is told the name first, so a killed run's leftover can be found.
template <typename Announce>
fs::path create_beside(const fs::path& final_path, bool personal, const Announce& before_create) {
    const fs::path folder = final_path.parent_path();
    for (int attempt = 0; attempt < 100; ++attempt) {
        const fs::path temp = folder / ("." + final_path.filename().string() + kExternalTag + random_suffix());
        before_create(temp);
        const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, personal ? 0600 : 0644);
        if (fd < 0) {
            if (errno == EEXIST) continue;
            fail("cannot create", temp);
        }
        if (personal && ::fchmod(fd, 0600) != 0) {
            const int error = errno;
            ::close(fd);
            ::unlink(temp.c_str());
            fail("cannot restrict", temp, error);
        }
        ::close(fd);
        return temp;
    }
    throw std::runtime_error("cannot create a temporary file beside " + final_path.string());
}

// Removes `path` if it is a regular file of ours; anything else is left alone.
void remove_own_file(const fs::path& path) {
    const auto st = lstat_of(path);
    if (st && S_ISREG(st->st_mode) && owned_by_me(*st)) ::unlink(path.c_str());
}

// The externals a staging folder announced, one absolute path a line.
std::vector<fs::path> announced_externals(const fs::path& staging) {
    std::vector<fs::path> out;
    std::ifstream in(staging / kExternalsList);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) out.emplace_back(line);
    return out;
}

// Removes a staging folder of ours and the external temporaries it announced.
void remove_staging_folder(const fs::path& staging) {
    const auto st = lstat_of(staging);
    if (!st || !S_ISDIR(st->st_mode) || !owned_by_me(*st)) return;
    for (const fs::path& temp : announced_externals(staging)) {
        const std::string name = temp.filename().string();
        if (name.size() > 1 && name.front() == '.' && name.find(kExternalTag) != std::string::npos) remove_own_file(temp);
    }
    std::error_code ignored;
    fs::remove_all(staging, ignored);  // does not follow symbolic links
}

// ".NAME.tmp-PID": the predictable temporaries of esfreport before 0.9.
bool is_old_style_temporary(const std::string& name) {
    const std::size_t at = name.rfind(".tmp-");
    if (name.size() < 2 || name.front() != '.' || at == std::string::npos || at == 0 || at + 5 == name.size()) return false;
    return std::all_of(name.begin() + static_cast<std::ptrdiff_t>(at) + 5, name.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// --- The journal --------------------------------------------------------

struct Step {
    enum Kind { remove, rename } kind;
    fs::path from;  // rename only
    fs::path to;    // the file removed or renamed to
};

struct Journal {
    std::string staging;  // the staging folder's name in DIR
    std::vector<Step> steps;
};

// Text, one step a line, tab-separated; in-folder paths relative to DIR so a
// later run from another working directory completes it.
std::string journal_text(const Journal& j, const fs::path& dir) {
    std::string out = std::string(kJournalHeader) + "\nstaging\t" + j.staging + "\n";
    for (const Step& s : j.steps) {
        const bool inside = s.to.parent_path() == dir;
        if (s.kind == Step::remove) {
            out += "remove\t" + s.to.filename().string() + "\n";
        } else if (inside) {
            out += "rename\t" + s.from.filename().string() + "\t" + s.to.filename().string() + "\n";
        } else {
            out += "external\t" + s.from.string() + "\t" + s.to.string() + "\n";
        }
    }
    return out;
}

bool plain_name(const std::string& s) {
    return !s.empty() && s != "." && s != ".." && s.find('/') == std::string::npos && !has_control_character(s);
}

// Reads a journal this user wrote; every path is checked so that a forged or
// damaged journal cannot make us rename or remove anything else.
Journal read_journal(const fs::path& dir) {
    const fs::path file = dir / kJournalName;
    const int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) fail("cannot read the interrupted commit record", file);
    struct stat st {};
    const bool usable = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && owned_by_me(st);
    std::string text;
    if (usable) {
        char buffer[4096];
        ssize_t n;
        while ((n = ::read(fd, buffer, sizeof buffer)) > 0) text.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    const std::string damaged = file.string() + " is not a commit record esfreport wrote for you; remove it and run again";
    if (!usable) throw std::runtime_error(damaged);

    Journal j;
    std::istringstream in(text);
    std::string line;
    if (!std::getline(in, line) || line != kJournalHeader) throw std::runtime_error(damaged);
    while (std::getline(in, line)) {
        std::vector<std::string> f;
        std::size_t start = 0;
        for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1) f.push_back(line.substr(start, tab - start));
        f.push_back(line.substr(start));
        if (f.size() == 2 && f[0] == "staging" && plain_name(f[1]) && f[1].rfind(kStagingPrefix, 0) == 0) {
            j.staging = f[1];
        } else if (f.size() == 2 && f[0] == "remove" && plain_name(f[1]) && f[1].front() != '.') {
            j.steps.push_back({Step::remove, {}, dir / f[1]});
        } else if (f.size() == 3 && f[0] == "rename" && !j.staging.empty() && plain_name(f[1]) && plain_name(f[2]) &&
                   (f[2].front() != '.' || f[2] == kRecordName)) {
            j.steps.push_back({Step::rename, dir / j.staging / f[1], dir / f[2]});
        } else if (f.size() == 3 && f[0] == "external" && fs::path(f[1]).is_absolute() && fs::path(f[2]).is_absolute() &&
                   is_external_temp_for(f[1], f[2])) {
            j.steps.push_back({Step::rename, f[1], f[2]});
        } else {
            throw std::runtime_error(damaged + " (line \"" + line + "\")");
        }
    }
    if (j.staging.empty()) throw std::runtime_error(damaged);
    return j;
}

// Performs the steps; a step already done (by a run that was killed) is
// skipped, so this completes an interrupted commit as well as a new one.
void run_journal(const Journal& j, const fs::path& dir, long exit_after) {
    std::set<fs::path> folders{dir};
    long done = 0;
    for (const Step& s : j.steps) {
        if (s.kind == Step::remove) {
            if (::unlink(s.to.c_str()) != 0 && errno != ENOENT) fail("cannot remove the earlier output", s.to);
        } else if (lstat_of(s.from)) {
            if (::rename(s.from.c_str(), s.to.c_str()) != 0) fail("cannot move into place:", s.to);
            folders.insert(s.to.parent_path());
        } else if (!lstat_of(s.to)) {
            throw std::runtime_error("cannot complete the commit in " + dir.string() + ": neither " + s.from.string() + " nor " +
                                     s.to.string() + " exists");
        }
        if (++done == exit_after) ::_exit(75);  // test hook: killed in the middle of the commit
    }
    for (const fs::path& f : folders) sync_folder(f);
}

// --- The record of what each set wrote ----------------------------------

using Record = std::map<std::string, std::string>;  // file name -> set name

Record read_record(const fs::path& dir) {
    Record out;
    const fs::path file = dir / kRecordName;
    const int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return out;
    struct stat st {};
    std::string text;
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && owned_by_me(st)) {  // another user's record is not ours to follow
        char buffer[4096];
        ssize_t n;
        while ((n = ::read(fd, buffer, sizeof buffer)) > 0) text.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        const std::size_t tab = line.find('\t');
        if (tab == std::string::npos) continue;
        const std::string name = line.substr(tab + 1);
        if (plain_name(name) && name.front() != '.') out[name] = line.substr(0, tab);
    }
    return out;
}

std::string record_text(const Record& record) {
    std::string out;
    for (const auto& [name, set] : record) out += set + "\t" + name + "\n";
    return out;
}

long commit_exit_hook() {
    const char* v = std::getenv("ESFREPORT_TEST_COMMIT_EXIT_AFTER");
    return v && *v ? std::strtol(v, nullptr, 10) : -1;
}

std::string folded(const std::string& s) {
    std::string out = s;
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::pair<std::string, std::string> split_extension(const std::string& name) {
    const std::size_t dot = name.rfind('.');
    if (dot == std::string::npos || dot == 0) return {name, ""};
    return {name.substr(0, dot), name.substr(dot)};
}

}  // namespace

OutputSet::OutputSet(fs::path dir, std::string set_name) : dir_(std::move(dir)), set_name_(std::move(set_name)) {
    if (set_name_.empty() || has_control_character(set_name_)) throw std::invalid_argument("output set name \"" + set_name_ + "\"");
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec) throw std::runtime_error("cannot create output folder " + dir_.string() + ": " + ec.message());

    // O_RDONLY: flock needs no write access, and nothing is ever written
    // through this file; O_NOFOLLOW|O_NONBLOCK: a planted link or FIFO is refused.
    const fs::path lock = dir_ / kLockName;
    for (int attempt = 0;; ++attempt) {
        lock_fd_ = ::open(lock.c_str(), O_RDONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
        if (lock_fd_ < 0) fail("cannot open the lock file", lock);
        struct stat st {};
        if (::fstat(lock_fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
            ::close(lock_fd_);
            throw std::runtime_error("cannot lock output folder " + dir_.string() + ": " + lock.string() + " is not a regular file");
        }
        if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
            const int error = errno;
            ::close(lock_fd_);
            if (error == EWOULDBLOCK)
                throw OutputFolderBusy("output folder " + dir_.string() +
                                       " is in use by another esfreport run; try again when it has finished");
            fail("cannot lock output folder " + dir_.string() + ":", lock, error);
        }
        // The holder before us removes the file when it is done: the lock
        // counts only if it is still the file at that name.
        const auto now = lstat_of(lock);
        if (now && now->st_dev == st.st_dev && now->st_ino == st.st_ino) break;
        ::close(lock_fd_);
        if (attempt == 100) throw std::runtime_error("cannot lock output folder " + dir_.string() + ": " + lock.string() + " keeps changing");
    }

    try {
        if (lstat_of(dir_ / kJournalName)) {
            const Journal j = read_journal(dir_);
            run_journal(j, dir_, -1);
            ::unlink((dir_ / kJournalName).c_str());
            sync_folder(dir_);
            remove_staging_folder(dir_ / j.staging);
        }
        for (const auto& e : fs::directory_iterator(dir_)) {
            const std::string name = e.path().filename().string();
            if (name.rfind(kStagingPrefix, 0) == 0) remove_staging_folder(e.path());
            else if (is_old_style_temporary(name)) remove_own_file(e.path());
        }
    } catch (...) {
        ::unlink((dir_ / kLockName).c_str());
        ::close(lock_fd_);
        throw;
    }
}

OutputSet::~OutputSet() {
    if (!committed_) discard();
    ::unlink((dir_ / kLockName).c_str());  // still ours: removed before the lock is released
    ::close(lock_fd_);
}

// Made when the first file is staged: a run that stops while reading data
// (or is killed then) leaves nothing but, at worst, the lock file.
const fs::path& OutputSet::staging() {
    if (staging_.empty()) {
        std::string staging = (dir_ / (std::string(kStagingPrefix) + "XXXXXX")).string();
        if (::mkdtemp(staging.data()) == nullptr) fail("cannot create a staging folder in", dir_);
        staging_ = staging;
    }
    return staging_;
}

void OutputSet::discard() noexcept {
    // Once the commit record is in place, the staged files belong to it: the
    // next run completes the commit from them.
    if (journal_written_) return;
    for (const Entry& e : externals_) ::unlink(e.temp.c_str());
    std::error_code ignored;
    if (!staging_.empty()) fs::remove_all(staging_, ignored);
}

fs::path OutputSet::reserve(const std::string& name) {
    if (committed_) throw std::logic_error("output set already committed: " + name);
    check_output_name(name);
    for (const Entry& e : entries_)
        if (folded(e.name) == folded(name)) throw std::logic_error("output staged twice: " + name);
    return staging() / name;
}

fs::path OutputSet::stage(const std::string& name, bool personal) {
    if (on_stage) on_stage(name);
    const fs::path temp = reserve(name);
    ::close(create_exclusive(temp, personal));
    entries_.push_back({name, temp, personal, {}});
    return temp;
}

void OutputSet::write(const std::string& name, const std::string& bytes, bool personal) {
    const fs::path temp = reserve(name);
    write_new_file(temp, bytes, personal);
    entries_.push_back({name, temp, personal, {}});
}

void OutputSet::record_sha256(const std::string& name, std::string sha256) {
    for (Entry& e : entries_)
        if (e.name == name) {
            e.sha256 = std::move(sha256);
            return;
        }
    throw std::logic_error("output not staged: " + name);
}

void OutputSet::sync_staged(const fs::path& temp) { sync_file(temp); }

void OutputSet::write_staged_streamed(const fs::path& temp, const std::function<void(const PieceWriter&)>& produce) {
    const int fd = ::open(temp.c_str(), O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) fail("cannot write", temp);
    try {
        produce([&](std::string_view piece) { write_all(fd, temp, piece); });
    } catch (...) {
        ::close(fd);
        throw;
    }
    sync_and_close(fd, temp);
}

std::string OutputSet::sha256_of(const Entry& entry) { return entry.sha256.empty() ? sha256_file(entry.temp) : entry.sha256; }

fs::path OutputSet::stage_external(const fs::path& final_path, bool personal) {
    if (committed_) throw std::logic_error("output set already committed: " + final_path.string());
    const fs::path target = fs::absolute(final_path).lexically_normal();
    if (!target.has_filename() || has_control_character(target.string()))
        throw std::invalid_argument("external output \"" + final_path.string() + "\" is not a file path");
    for (const Entry& e : externals_)
        if (e.name == target.string()) throw std::logic_error("external output staged twice: " + target.string());
    staging();
    const fs::path temp = create_beside(target, personal, [&](const fs::path& candidate) {
        // Announced before it exists: the next run removes it if this one is killed.
        const int fd = ::open((staging_ / kExternalsList).c_str(), O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0) fail("cannot write", staging_ / kExternalsList);
        try {
            write_all(fd, staging_ / kExternalsList, candidate.string() + "\n");
        } catch (...) {
            ::close(fd);
            throw;
        }
        ::close(fd);
    });
    externals_.push_back({target.string(), temp, personal, {}});
    return temp;
}

void OutputSet::write_external(const fs::path& final_path, const std::string& bytes, bool personal) {
    fill(stage_external(final_path, personal), bytes);
}

void OutputSet::commit() {
    if (committed_) throw std::logic_error("output set committed twice: " + dir_.string());
    staging();
    for (const Entry& e : entries_) {
        sync_file(e.temp);
        const auto st = lstat_of(dir_ / e.name);
        if (st && S_ISDIR(st->st_mode))  // found now, not half-way through the renames
            throw std::runtime_error("cannot write " + (dir_ / e.name).string() + ": a folder has that name");
    }
    for (const Entry& e : externals_) {
        sync_file(e.temp);
        const auto st = lstat_of(e.name);
        if (st && S_ISDIR(st->st_mode)) throw std::runtime_error("cannot write " + e.name + ": a folder has that name");
    }

    // What earlier sets wrote: this set's own earlier files go, unless written again.
    Record record = read_record(dir_);
    std::vector<std::string> stale;
    std::set<std::string> writing;
    for (const Entry& e : entries_) writing.insert(e.name);
    for (const auto& [name, set] : record)
        if (set == set_name_ && !writing.count(name)) stale.push_back(name);
    for (const std::string& name : stale) record.erase(name);
    for (const Entry& e : entries_) record[e.name] = set_name_;
    write_new_file(staging_ / kRecordName, record_text(record), /*personal=*/false);

    Journal j;
    j.staging = staging_.filename().string();
    for (const std::string& name : stale) {
        const auto st = lstat_of(dir_ / name);
        if (st && S_ISREG(st->st_mode) && owned_by_me(*st)) {  // a file someone else put there is theirs
            j.steps.push_back({Step::remove, {}, dir_ / name});
            removed_.push_back(name);
        }
    }
    for (const Entry& e : externals_) j.steps.push_back({Step::rename, e.temp, e.name});
    j.steps.push_back({Step::rename, staging_ / kRecordName, dir_ / kRecordName});
    for (const Entry& e : entries_) j.steps.push_back({Step::rename, e.temp, dir_ / e.name});

    // The journal is durable before the first step: from here on, the set
    // is complete or the next run completes it.
    const fs::path journal_temp = staging_ / ".journal";
    write_new_file(journal_temp, journal_text(j, dir_), /*personal=*/false);
    sync_folder(staging_);
    if (::rename(journal_temp.c_str(), (dir_ / kJournalName).c_str()) != 0) fail("cannot write the commit record", dir_ / kJournalName);
    journal_written_ = true;
    sync_folder(dir_);

    run_journal(j, dir_, commit_exit_hook());
    committed_ = true;
    ::unlink((dir_ / kJournalName).c_str());
    sync_folder(dir_);
    std::error_code ignored;
    fs::remove_all(staging_, ignored);
}

std::string OutputNames::claim(const std::string& name) {
    const auto [stem, extension] = split_extension(name);
    std::string candidate = name;
    for (int n = 2; taken_.count(folded(candidate)); ++n) candidate = stem + "-" + std::to_string(n) + extension;
    taken_.insert(folded(candidate));
    return candidate;
}

std::string OutputNames::claim_stem(const std::string& stem, const std::vector<std::string>& extensions) {
    auto free = [&](const std::string& s) {
        return std::none_of(extensions.begin(), extensions.end(), [&](const std::string& e) { return taken_.count(folded(s + e)); });
    };
    std::string candidate = stem;
    for (int n = 2; !free(candidate); ++n) candidate = stem + "-" + std::to_string(n);
    for (const std::string& e : extensions) taken_.insert(folded(candidate + e));
    return candidate;
}

void write_file_atomically(const fs::path& path, const std::string& bytes, bool personal) {
    const fs::path temp = create_beside(path, personal, [](const fs::path&) {});
    try {
        fill(temp, bytes);
        if (::rename(temp.c_str(), path.c_str()) != 0) fail("cannot move into place:", path);
    } catch (...) {
        ::unlink(temp.c_str());
        throw;
    }
    sync_folder(path.parent_path());
}

}  // namespace esfreport
