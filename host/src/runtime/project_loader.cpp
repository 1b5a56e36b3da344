#include <esfreport/runtime/project_loader.hpp>

#include <esfreport/core/concurrent_participation.hpp>
#include <esfreport/core/ingestor.hpp>
#include <esfreport/core/privacy.hpp>
#include <esfreport/runtime/crash_guard.hpp>
#include <esfreport/runtime/errors.hpp>
#include <esfreport/runtime/sha256.hpp>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <numeric>
#include <optional>
#include <thread>

namespace fs = std::filesystem;

namespace esfreport {

// The plugin's options table applied to the subproject's [options]: unknown
// keys and missing required ones are configuration errors.
std::vector<PluginOption> resolve_options(const ProjectConfig& config, const SubprojectConfig& sp, const PluginInfo& info) {
    std::vector<PluginOption> out;
    for (const PluginOption& given : sp.options) {
        bool known = false;
        for (const PluginOptionSpec& spec : info.options) known = known || given.key == spec.name;
        if (!known) {
            std::string list;
            for (const PluginOptionSpec& spec : info.options) list += (list.empty() ? "" : ", ") + std::string(spec.name);
            throw ConfigError(config.file.string() + ": 'subproject[" + sp.id + "].options." + given.key +
                              "': unknown option of plugin '" + info.name + "'" +
                              (list.empty() ? " (it takes none)" : " (expected one of: " + list + ")"));
        }
    }
    for (const PluginOptionSpec& spec : info.options) {
        const PluginOption* given = nullptr;
        for (const PluginOption& o : sp.options)
            if (o.key == spec.name) given = &o;
        if (given) out.push_back(*given);
        else if (spec.default_value) out.push_back({spec.name, *spec.default_value});
        else if (spec.required)
            throw ConfigError(config.file.string() + ": 'subproject[" + sp.id + "].options." + spec.name +
                              "': missing, plugin '" + info.name + "' requires it (" + spec.description + ")");
    }
    return out;
}

namespace {

// The source as the log shows it: a password in a connection string (which
// the plugin should refuse) is masked, since the log line comes first. Plain
// string scanning, no std::regex (the text may be 4096 characters long).
std::string source_for_log(const std::string& source) {
    std::string shown = source;
    // scheme://user:password@host...
    const std::size_t scheme = shown.find("://");
    if (scheme != std::string::npos) {
        const std::size_t authority = scheme + 3;
        const std::size_t authority_end = std::min(shown.find_first_of("/?#", authority), shown.size());
        const std::size_t at = shown.rfind('@', authority_end == 0 ? 0 : authority_end - 1);
        if (at != std::string::npos && at >= authority && at < authority_end) {
            const std::size_t colon = shown.find(':', authority);
            if (colon < at) shown.replace(colon + 1, at - colon - 1, "***");
        }
    }
    // ...?password=...&sslpassword=... (keys in any case)
    std::string lower = shown;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const std::string key : {"password=", "sslpassword="}) {
        for (std::size_t at = lower.find(key); at != std::string::npos; at = lower.find(key, at + 1)) {
            if (at == 0 || (lower[at - 1] != '?' && lower[at - 1] != '&')) continue;
            const std::size_t value = at + key.size();
            const std::size_t end = std::min(lower.find_first_of("&#", value), lower.size());
            shown.replace(value, end - value, "***");
            lower.replace(value, end - value, "***");
        }
    }
    return shown;
}

// Between the plugin and the Ingestor: digests what the manifest identifies
// an input by. A file's SHA-256 (a sheet's: its workbook's) is computed on a
// thread of its own while the plugin parses the same file (its pages are read
// from disk once, and the digest costs no time of its own on a second core).
// For every input that is not a file (a database table or query, a sheet) the
// records are digested, so the manifest can tell whether two runs read the
// same rows.
// That digest covers, per record, its row number and each field's text (each
// ended by 0x1F, the record by 0x1E); per row the plugin rejects, its row
// number, column and reason (ended by 0x1D).
class RowDigestSink final : public sdk::RecordSink {
public:
    explicit RowDigestSink(Ingestor& ingestor, Dataset& data) : ingestor_(ingestor), data_(data) {}

    void begin_input(sdk::RecordKind kind, std::string_view path) noexcept override {
        finish();
        const std::size_t inputs_before = ingestor_.inputs().size();
        ingestor_.begin_input(kind, path);
        if (ingestor_.inputs().size() != inputs_before) start_digests(path);
    }
    void begin_sheet(sdk::RecordKind kind, std::string_view workbook, std::string_view sheet) noexcept override {
        finish();
        const std::size_t inputs_before = ingestor_.inputs().size();
        ingestor_.begin_sheet(kind, workbook, sheet);
        if (ingestor_.inputs().size() != inputs_before) start_digests(workbook);
    }
    void record(std::uint64_t line, const sdk::Field* fields, std::size_t field_count) noexcept override {
        if (digesting_) {
            add(std::to_string(line), '\x1f');
            for (std::size_t i = 0; i < field_count; ++i) add(fields[i].text, '\x1f');
            add({}, '\x1e');
        }
        ingestor_.record(line, fields, field_count);
    }
    void reject(std::uint64_t line, std::uint32_t column, std::string_view column_name, std::string_view reason) noexcept override {
        if (digesting_) {
            add(std::to_string(line), '\x1f');
            add(std::to_string(column), '\x1f');
            add(column_name, '\x1f');
            add(reason, '\x1d');
        }
        ingestor_.reject(line, column, column_name, reason);
    }
    void end_input() noexcept override {
        finish();
        ingestor_.end_input();
    }
    void aggregate(std::string_view key, std::int64_t value) noexcept override { ingestor_.aggregate(key, value); }
    void warning(std::string_view message) noexcept override { ingestor_.warning(message); }

    // Waits for the files' digests and stores them with their inputs. Throws
    // std::runtime_error when a file could not be read for its digest.
    void store_file_digests() {
        if (!failure_.empty()) throw std::runtime_error(failure_);
        for (auto& [input, digest] : file_digests_) data_.inputs[input].sha256 = digest.get();
        file_digests_.clear();
    }

private:
    // The input just begun: a file (a sheet: its workbook) gets its SHA-256 on
    // a thread of its own; anything else (a table, a query) its rows' digest.
    void start_digests(std::string_view file) noexcept {
        input_ = ingestor_.inputs().back();
        try {
            std::error_code ec;
            if (fs::is_regular_file(fs::path(file), ec)) {
                file_digests_.emplace_back(input_, std::async(std::launch::async, [f = fs::path(file)] { return sha256_file(f); }));
            } else {
                engine_ = std::make_unique<Sha256>();
                digesting_ = true;
            }
        } catch (const std::exception& e) {
            // No thread or no digest: the manifest cannot be written.
            failure_ = e.what();
        }
    }
    void add(std::string_view text, char end) noexcept {
        try {
            engine_->update(text);
            engine_->update(&end, 1);
        } catch (const std::exception& e) {
            failure_ = e.what();
        }
    }
    void finish() noexcept {
        if (!digesting_) return;
        digesting_ = false;
        try {
            data_.inputs[input_].rows_sha256 = engine_->finish_hex();
        } catch (...) {
        }
    }

    Ingestor& ingestor_;
    Dataset& data_;
    std::unique_ptr<Sha256> engine_;
    bool digesting_ = false;
    std::uint32_t input_ = 0;
    std::vector<std::pair<std::uint32_t, std::future<std::string>>> file_digests_;
    std::string failure_;
};

// A plugin instance per name.
using SourcesByPlugin = std::map<std::string, std::shared_ptr<sdk::SourcePlugin>>;

// Reads subproject `index` through its plugin into `data`: the project's
// Dataset, or one of the subproject's own when subprojects are read
// concurrently. Returns the overlap rejections the fold needs. Throws as
// load_project does.
std::vector<Ingestor::OverlapRejection> read_subproject(const ProjectConfig& config, std::size_t index,
                                                        sdk::SourcePlugin& source, const PluginInfo& info, Dataset& data,
                                                        const std::function<void(const std::string&)>& log) {
    const SubprojectConfig& sp = config.subprojects[index];
    const SubprojectRequest asked(config, sp, info);

    log("reading subproject '" + sp.id + "' with plugin '" + info.name + "' from " + source_for_log(sp.source));
    Ingestor ingestor(data, config, static_cast<SubprojectIndex>(index), info.name);
    RowDigestSink sink(ingestor, data);
    sdk::Status status;
    {
        PluginCrashGuard guard(info.name, sp.id, "reading", config.plugin_timeout_seconds);
        status = source.read(asked.request, sink);
    }
    sink.end_input();
    throw_on_failed_read(sp, info.name, status);
    if (!ingestor.protocol_error().empty())
        throw DataError("subproject '" + sp.id + "': plugin '" + info.name + "' broke the SDK contract: " + ingestor.protocol_error());
    if (ingestor.inputs().empty()) throw DataError("subproject '" + sp.id + "': plugin '" + info.name + "' delivered no input");

    sink.store_file_digests();
    for (std::uint32_t idx : ingestor.inputs()) {
        const InputRecord& in = data.inputs[idx];
        log("  " + in.path + ": " + std::to_string(in.rows_read) + " rows read, " + std::to_string(in.rows_accepted) +
            " accepted, " + std::to_string(in.rows_rejected) + " rejected");
    }
    if (sp.other_affected) data.other_affected[index] = sp.other_affected;
    return ingestor.overlap_rejections();
}

// Appends subproject `index`, read into a Dataset of its own (`from`), to the
// project's Dataset, with the same result as reading it into the project's
// Dataset directly: persons new to the project are added in the order the
// subproject met them, periods and overlap rejections are put in the order
// the project's person indexes give. Returns false, changing nothing, when a
// person of the subproject is already known with another sex: its rows were
// checked against the subproject's first row of that person, where a direct
// read checks them against the earlier subproject's, so it must be read again.
bool fold_subproject(Dataset& into, Dataset& from, std::size_t index, const std::vector<Ingestor::OverlapRejection>& overlaps) {
    // The persons' slots are fetched a few persons ahead (PersonIdIndex::prefetch).
    constexpr std::size_t kAhead = 8;
    const auto prefetch = [&](std::size_t p) {
        if (p + kAhead < from.persons.size()) into.person_by_id.prefetch(from.persons[p + kAhead].id);
    };
    std::vector<PersonIndex> person(from.persons.size());
    PersonIndex next = static_cast<PersonIndex>(into.persons.size());
    for (std::size_t p = 0; p < from.persons.size(); ++p) {
        prefetch(p);
        const auto known = into.person_by_id.find(from.persons[p].id);
        if (known == into.person_by_id.end()) {
            person[p] = next++;
        } else {
            if (into.persons[known->second].sex != from.persons[p].sex) return false;
            person[p] = known->second;
        }
    }
    const std::size_t known_before = into.persons.size();
    for (std::size_t p = 0; p < from.persons.size(); ++p) {
        prefetch(p);
        if (person[p] < known_before) continue;  // known from an earlier subproject
        into.person_by_id.emplace(from.persons[p].id, person[p]);
        into.persons.push_back(std::move(from.persons[p]));
    }

    const auto input_base = static_cast<std::uint32_t>(into.inputs.size());
    for (InputRecord& in : from.inputs) into.inputs.push_back(std::move(in));
    const auto contact_base = static_cast<std::uint32_t>(into.contacts.size());
    for (Contact& c : from.contacts) into.contacts.push_back(std::move(c));

    // Periods: per input, ordered by (person, start, line) as the overlap check leaves them.
    const std::size_t period_base = into.periods.size();
    for (ParticipantPeriod p : from.periods) {
        p.person = person[p.person];
        p.input += input_base;
        if (p.contact != ParticipantPeriod::kNoContact) p.contact += contact_base;
        into.periods.push_back(p);
    }
    const auto by_person_start_line = [](const ParticipantPeriod& a, const ParticipantPeriod& b) {
        if (a.person != b.person) return a.person < b.person;
        if (a.start != b.start) return a.start < b.start;
        return a.line < b.line;
    };
    for (auto first = into.periods.begin() + static_cast<std::ptrdiff_t>(period_base); first != into.periods.end();) {
        const auto last = std::find_if(first, into.periods.end(), [&](const ParticipantPeriod& p) { return p.input != first->input; });
        std::sort(first, last, by_person_start_line);
        first = last;
    }

    for (Assessment a : from.assessments) {
        a.person = person[a.person];
        into.assessments.push_back(a);
    }
    for (AttendancePeriod a : from.attendance) {
        a.person = person[a.person];
        into.attendance.push_back(a);
    }
    for (KaaRecord& k : from.kaa) {
        k.person = person[k.person];
        into.kaa.push_back(std::move(k));
    }
    std::vector<PersonMonthHours::Entry> hours;
    hours.reserve(from.micro_hours.size());
    for (const auto& [key, micro] : from.micro_hours) hours.push_back({{key.subproject, person[key.person], key.month}, micro});
    into.micro_hours.add(std::move(hours));

    const std::size_t rejection_base = into.rejections.size();
    for (Rejection& r : from.rejections) {
        r.input += input_base;
        into.rejections.push_back(std::move(r));
    }
    // The overlap rejections of one check sit side by side; order them as the
    // check would have with the project's person indexes.
    for (auto first = overlaps.begin(); first != overlaps.end();) {
        const auto last = std::find_if(first, overlaps.end(), [&](const Ingestor::OverlapRejection& o) { return o.check != first->check; });
        std::vector<Ingestor::OverlapRejection> sorted(first, last);
        std::stable_sort(sorted.begin(), sorted.end(), [&](const Ingestor::OverlapRejection& a, const Ingestor::OverlapRejection& b) {
            if (person[a.person] != person[b.person]) return person[a.person] < person[b.person];
            return a.start < b.start;  // then by line: they were in line order for equal starts already
        });
        std::vector<Rejection> moved;
        for (const auto& o : sorted) moved.push_back(std::move(into.rejections[rejection_base + o.rejection]));
        for (std::size_t k = 0; k < moved.size(); ++k) into.rejections[rejection_base + first[static_cast<std::ptrdiff_t>(k)].rejection] = std::move(moved[k]);
        first = last;
    }

    for (std::string& w : from.warnings) into.warnings.push_back(std::move(w));
    if (index < from.other_affected.size() && from.other_affected[index]) into.other_affected[index] = from.other_affected[index];
    // Activities are numbered per subproject: the periods' indexes stay valid.
    if (index < from.activities.size()) {
        if (into.activities.size() <= index) into.activities.resize(index + 1);
        into.activities[index] = std::move(from.activities[index]);
    }
    return true;
}

}  // namespace

SubprojectRequest::SubprojectRequest(const ProjectConfig& config, const SubprojectConfig& sp, const PluginInfo& info)
    : resolved(resolve_options(config, sp, info)) {
    for (const PluginOption& o : resolved) options.push_back({o.key, o.value});
    for (const ColumnMappingConfig& m : sp.columns) columns.push_back({m.field, m.header, m.origin});
    request.subproject_id = sp.id;
    request.source = sp.source;
    request.options = options.data();
    request.option_count = options.size();
    request.columns = columns.data();
    request.column_count = columns.size();
}

void throw_on_failed_read(const SubprojectConfig& sp, const std::string& plugin, const sdk::Status& status) {
    if (status.is_ok()) return;
    const std::string what = "subproject '" + sp.id + "': plugin '" + plugin + "'";
    // A plugin's message may quote a value (an aggregates.csv key, a field).
    const std::string message = mask_digit_runs(status.message, sp.source);
    switch (status.code) {
    case sdk::StatusCode::bad_option: throw ConfigError(what + " rejected its options: " + message);
    // The message begins with the configuration's file, line and key.
    case sdk::StatusCode::bad_column_mapping: throw ConfigError(message);
    case sdk::StatusCode::source_unreadable: throw DataError(what + " cannot read the source: " + message);
    default: throw DataError(what + " failed: " + message);
    }
}

namespace {

// Reads the subprojects on `jobs` threads, each into a Dataset of its own,
// and folds them into `data` in configuration order on this thread, so the
// result is the same whatever the number of threads: the same persons in the
// same order, the same figures, the same rejections. At most `2 * jobs`
// subprojects are read ahead of the fold, which bounds the memory held by
// subprojects waiting for it. Log lines are given in configuration order, as
// each subproject is folded; an error stops the reading and is thrown once
// the subprojects before the one that failed are folded, as a single-threaded
// read would.
class ConcurrentReader {
public:
    ConcurrentReader(const ProjectConfig& config, std::size_t jobs, std::vector<SourcesByPlugin> sources,
                     std::map<std::string, PluginInfo> infos)
        : config_(config), sources_(std::move(sources)), infos_(std::move(infos)), reads_(config.subprojects.size()) {
        for (auto& r : reads_) r = std::make_unique<Read>();
        window_ = 2 * jobs;
        for (std::size_t w = 0; w < jobs; ++w) threads_.emplace_back([this, w] { work(w); });
    }
    ~ConcurrentReader() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stop_ = true;
        }
        changed_.notify_all();
        for (std::thread& t : threads_) t.join();
    }
    ConcurrentReader(const ConcurrentReader&) = delete;
    ConcurrentReader& operator=(const ConcurrentReader&) = delete;

    struct Read {
        Dataset data;
        std::vector<Ingestor::OverlapRejection> overlaps;
        std::vector<std::string> log;
        std::exception_ptr error;
        bool done = false;
    };

    // Subproject `index`'s read, once it is done; the next call must be for `index + 1`.
    std::unique_ptr<Read> take(std::size_t index) {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [&] { return reads_[index]->done; });
        std::unique_ptr<Read> read = std::move(reads_[index]);
        next_to_fold_ = index + 1;
        if (read->error) stop_ = true;
        lock.unlock();
        changed_.notify_all();
        return read;
    }

private:
    void work(std::size_t worker) {
        while (true) {
            std::size_t index = 0;
            Read* read = nullptr;
            {
                std::unique_lock<std::mutex> lock(mutex_);
                changed_.wait(lock, [&] {
                    return stop_ || next_to_read_ == reads_.size() || next_to_read_ < next_to_fold_ + window_;
                });
                if (stop_ || next_to_read_ == reads_.size()) return;
                index = next_to_read_++;
                read = reads_[index].get();
            }
            try {
                const SubprojectConfig& sp = config_.subprojects[index];
                read->data.config = &config_;
                read->data.other_affected.resize(config_.subprojects.size());
                read->overlaps = read_subproject(config_, index, *sources_[worker].at(sp.plugin), infos_.at(sp.plugin), read->data,
                                                 [read](const std::string& line) { read->log.push_back(line); });
            } catch (...) {
                read->error = std::current_exception();
            }
            {
                std::lock_guard<std::mutex> lock(mutex_);
                read->done = true;
            }
            changed_.notify_all();
        }
    }

    const ProjectConfig& config_;
    std::vector<SourcesByPlugin> sources_;  // per worker
    std::map<std::string, PluginInfo> infos_;
    std::vector<std::unique_ptr<Read>> reads_;
    std::size_t window_ = 2;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::size_t next_to_read_ = 0;
    std::size_t next_to_fold_ = 0;
    bool stop_ = false;
    std::vector<std::thread> threads_;
};

std::uint64_t rows_read(const Dataset& data) {
    std::uint64_t rows = 0;
    for (const InputRecord& in : data.inputs) rows += in.rows_read;
    return rows;
}

}  // namespace

std::size_t default_jobs() {
    const unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : cores;
}

LoadedProject load_project(const ProjectConfig& config, const LoadOptions& options) {
    auto log = [&](const std::string& m) {
        if (options.log) options.log(m);
    };
    PluginHost host(options.plugin_dirs);
    LoadedProject result;
    Dataset& data = result.dataset;
    data.config = &config;
    data.other_affected.resize(config.subprojects.size());
    data.activities.resize(config.subprojects.size());

    // Load every plugin first: a configuration error should not wait for data.
    SourcesByPlugin sources;
    std::map<std::string, PluginInfo> infos;
    for (const SubprojectConfig& sp : config.subprojects) {
        if (sources.count(sp.plugin)) continue;
        PluginInfo info;
        try {
            sources[sp.plugin] = host.create_source(sp.plugin, &info);
        } catch (const ConfigError& e) {
            throw ConfigError("subproject '" + sp.id + "': " + e.what());
        }
        infos[sp.plugin] = info;
        result.plugins.push_back(info);
    }

    const std::size_t total = config.subprojects.size();
    const std::size_t jobs = std::min(options.jobs == 0 ? default_jobs() : options.jobs, total);
    const auto progress = [&](std::size_t done) {
        if (options.progress) options.progress(LoadProgress{done, total, rows_read(data)});
    };
    if (jobs <= 1) {
        for (std::size_t i = 0; i < total; ++i) {
            const std::string& plugin = config.subprojects[i].plugin;
            read_subproject(config, i, *sources.at(plugin), infos.at(plugin), data, log);
            progress(i + 1);
        }
    } else {
        // Each thread its own plugin instances: the SDK does not ask a plugin
        // to be safe to call from two threads at once (docs/performance.md).
        std::vector<SourcesByPlugin> per_worker(jobs);
        for (SourcesByPlugin& worker : per_worker)
            for (const auto& [name, source] : sources) worker[name] = host.create_source(name, nullptr);
        ConcurrentReader reader(config, jobs, std::move(per_worker), infos);
        for (std::size_t i = 0; i < total; ++i) {
            std::unique_ptr<ConcurrentReader::Read> read = reader.take(i);
            if (!read->error && fold_subproject(data, read->data, i, read->overlaps)) {
                for (const std::string& line : read->log) log(line);
            } else if (read->error) {
                for (const std::string& line : read->log) log(line);
                std::rethrow_exception(read->error);
            } else {
                // A person known with another sex from an earlier subproject:
                // read again, into the project's Dataset.
                const std::string& plugin = config.subprojects[i].plugin;
                read_subproject(config, i, *sources.at(plugin), infos.at(plugin), data, log);
            }
            progress(i + 1);
        }
    }

    data.concurrent = find_concurrent_participation(data);
    for (const ConcurrentParticipation& c : data.concurrent)
        data.warnings.push_back(concurrent_participation_warning(config, c));

    if (options.strict && !data.rejections.empty())
        throw DataError(std::to_string(data.rejections.size()) + " row(s) rejected and --strict is set; first: " +
                        data.inputs[data.rejections.front().input].path + " line " + std::to_string(data.rejections.front().line) +
                        (data.rejections.front().column.empty() ? "" : ", column " + data.rejections.front().column) + ": " +
                        data.rejections.front().reason);
    return result;
}

}  // namespace esfreport
