// Generates a national-scale project in the canonical CSV layout, for the
// benchmarks in bench/run.sh: many persons, many subprojects and very many
// hour rows, every row valid so that the whole file goes through the ingestor.
//
// Deterministic: every value comes from splitmix64 seeded by (seed, person),
// with integer arithmetic only, so the same arguments give the same bytes on
// every machine, and a person's rows do not depend on the order of generation.
//
// The personnummer are generated numbers, not taken from any register: a birth
// date in 1995-2005, a serial 001-999 and the correct Luhn check digit (every
// 50th is a samordningsnummer, day + 60). Distinct persons get distinct
// numbers by construction (an affine permutation of all (date, serial) pairs);
// such numbers may coincide with real persons' numbers, which is why the data
// must never leave benchmark use. Names, e-mail addresses and phone numbers
// are synthetic (example.se, 070-xxx).
//
// Usage: esfreport-bench-generate --persons N --subprojects S --hours-rows H
//                                 --out DIR [--seed X]
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// Days since 1970-01-01 of a civil date, and back (H. Hinnant's algorithms).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, int& y, unsigned& m, unsigned& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

void put_digits(char* out, unsigned value, int width) {
    for (int i = width - 1; i >= 0; --i) {
        out[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
}

// "YYYY-MM-DD" of a day number.
void iso_date(std::int64_t day, char out[10]) {
    int y;
    unsigned m, d;
    civil_from_days(day, y, m, d);
    put_digits(out, static_cast<unsigned>(y), 4);
    out[4] = '-';
    put_digits(out + 5, m, 2);
    out[7] = '-';
    put_digits(out + 8, d, 2);
}

// Luhn check digit over the ten digits YYMMDDNNN (nine characters).
int luhn_check_digit(const char* nine) {
    int sum = 0;
    for (int i = 0; i < 9; ++i) {
        int v = nine[i] - '0';
        if (i % 2 == 0) {
            v *= 2;
            if (v > 9) v -= 9;
        }
        sum += v;
    }
    return (10 - sum % 10) % 10;
}

std::uint64_t gcd(std::uint64_t a, std::uint64_t b) {
    while (b) {
        const std::uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

// Buffered output file; fwrite of large blocks keeps the generator I/O bound.
class Output {
public:
    explicit Output(const fs::path& path) : path_(path.string()) {
        file_ = std::fopen(path_.c_str(), "wb");
        if (!file_) throw std::runtime_error(path_ + ": cannot open for writing: " + std::strerror(errno));
        buffer_.reserve(kFlushAt + 256);
    }
    Output(const Output&) = delete;
    Output& operator=(const Output&) = delete;
    ~Output() {
        if (file_) std::fclose(file_);
    }
    void put(const char* s, std::size_t n) {
        buffer_.append(s, n);
        if (buffer_.size() >= kFlushAt) flush();
    }
    void put(const std::string& s) { put(s.data(), s.size()); }
    void close() {
        flush();
        if (std::fclose(file_) != 0) {
            file_ = nullptr;
            throw std::runtime_error(path_ + ": write failed: " + std::strerror(errno));
        }
        file_ = nullptr;
    }

private:
    static constexpr std::size_t kFlushAt = 1 << 20;
    void flush() {
        if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size())
            throw std::runtime_error(path_ + ": write failed: " + std::strerror(errno));
        buffer_.clear();
    }
    std::string path_;
    std::FILE* file_ = nullptr;
    std::string buffer_;
};

struct Options {
    std::uint64_t persons = 0;
    std::uint64_t subprojects = 0;
    std::uint64_t hours_rows = 0;
    std::uint64_t seed = 20160101;
    fs::path out;
};

// The project runs 2016-01-01 .. 2020-12-31; every period lies inside it.
const std::int64_t kProjectStart = days_from_civil(2016, 1, 1);
const std::int64_t kProjectEnd = days_from_civil(2020, 12, 31);
const std::int64_t kBirthFirst = days_from_civil(1995, 1, 1);
const std::int64_t kBirthLast = days_from_civil(2005, 12, 31);
constexpr std::uint64_t kSerials = 999;  // 001 .. 999

const char* const kExitStatuses[] = {"studies",         "work",          "studies_and_work", "job_seeking", "other_authority",
                                     "other_measure",   "dropout",       "not_reached",      "other",       "unknown"};

// One participation period per person, all derived from the person's own stream.
struct PersonPlan {
    char id[12];        // YYYYMMDDNNNC
    bool male = false;  // from the serial's last digit
    std::int64_t start = 0;
    std::int64_t end = 0;  // last day with hours; the period is open when !has_end
    bool has_end = true;
    std::uint64_t rng = 0;  // the person's stream after the period was drawn
};

class Generator {
public:
    explicit Generator(const Options& o) : o_(o) {
        space_ = static_cast<std::uint64_t>(kBirthLast - kBirthFirst + 1) * kSerials;
        if (o_.persons > space_)
            throw std::runtime_error("at most " + std::to_string(space_) + " distinct generated personnummer are available");
        std::uint64_t s = o_.seed;
        multiplier_ = splitmix64(s) % space_ | 1;
        while (gcd(multiplier_, space_) != 1) multiplier_ += 2;
        offset_ = splitmix64(s) % space_;
    }

    PersonPlan plan(std::uint64_t p) const {
        PersonPlan pp;
        // Distinct persons map to distinct (birth date, serial) pairs: x -> a*x + b mod M is a bijection.
        const std::uint64_t x =
            static_cast<std::uint64_t>((static_cast<unsigned __int128>(p) * multiplier_ + offset_) % space_);
        const std::int64_t birth = kBirthFirst + static_cast<std::int64_t>(x / kSerials);
        const unsigned serial = static_cast<unsigned>(x % kSerials) + 1;
        int y;
        unsigned m, d;
        civil_from_days(birth, y, m, d);
        put_digits(pp.id, static_cast<unsigned>(y), 4);
        put_digits(pp.id + 4, m, 2);
        put_digits(pp.id + 6, p % 50 == 49 ? d + 60 : d, 2);  // every 50th a samordningsnummer
        put_digits(pp.id + 8, serial, 3);
        pp.id[11] = static_cast<char>('0' + luhn_check_digit(pp.id + 2));
        pp.male = serial % 2 == 1;

        pp.rng = o_.seed ^ (0xA0761D6478BD642FULL * (p + 1));
        const std::int64_t span = kProjectEnd - kProjectStart + 1;
        pp.start = kProjectStart + static_cast<std::int64_t>(splitmix64(pp.rng) % static_cast<std::uint64_t>(span - 30));
        const std::int64_t length = 30 + static_cast<std::int64_t>(splitmix64(pp.rng) % 500);  // 30..529 days
        pp.end = std::min(pp.start + length, kProjectEnd);
        pp.has_end = splitmix64(pp.rng) % 20 != 0;  // one in twenty still active
        return pp;
    }

    // Days that may carry hours: the period, or to the project's end while open.
    static std::uint64_t hour_days(const PersonPlan& pp) {
        return static_cast<std::uint64_t>((pp.has_end ? pp.end : kProjectEnd) - pp.start + 1);
    }

    void run() {
        fs::create_directories(o_.out);
        // Hour rows go to persons in proportion to the days they may carry
        // hours, with exactly hours_rows rows in all: person p gets
        // floor(H * W(p+1) / W) - floor(H * W(p) / W), W the running weight.
        total_weight_ = 0;
        for (std::uint64_t p = 0; p < o_.persons; ++p) total_weight_ += hour_days(plan(p));
        write_config();
        for (std::uint64_t s = 0; s < o_.subprojects; ++s) write_subproject(s);
        std::fprintf(stderr, "esfreport-bench-generate: %llu persons, %llu subprojects, %llu hour rows, %llu assessment rows in %s\n",
                     static_cast<unsigned long long>(o_.persons), static_cast<unsigned long long>(o_.subprojects),
                     static_cast<unsigned long long>(hours_written_), static_cast<unsigned long long>(assessments_written_),
                     o_.out.string().c_str());
    }

private:
    static std::string subproject_id(std::uint64_t s) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "sp%04llu", static_cast<unsigned long long>(s + 1));
        return buf;
    }

    void write_config() const {
        Output f(o_.out / "project.toml");
        std::string t;
        t += "# Generated by esfreport-bench-generate (bench/generate_national.cpp): a national-scale\n";
        t += "# benchmark project. Generated personnummer and contacts; unit costs are example values.\n";
        t += "# persons=" + std::to_string(o_.persons) + " subprojects=" + std::to_string(o_.subprojects) +
             " hours_rows=" + std::to_string(o_.hours_rows) + " seed=" + std::to_string(o_.seed) + "\n\n";
        t += "[project]\nname = \"Nationell benchmark\"\nperiod_start = 2016-01-01\nperiod_end = 2020-12-31\n\n";
        t += "[project.unit_cost]\nexample = true\n2016 = 172.0\n2017 = 176.0\n2018 = 181.0\n2019 = 185.5\n2020 = 190.0\n\n";
        t += "[[scale]]\nid = \"sjalvskattning\"\nlabel = \"Självskattning 1–10\"\nkind = \"ordinal\"\n";
        t += "steps = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nhigher_is_better = true\n";
        for (std::uint64_t s = 0; s < o_.subprojects; ++s) {
            const std::string id = subproject_id(s);
            char region[32];
            std::snprintf(region, sizeof region, "Region %03llu", static_cast<unsigned long long>(s / 6 + 1));
            t += "\n[[subproject]]\nid = \"" + id + "\"\nname = \"Delprojekt " + std::to_string(s + 1) + "\"\n";
            t += std::string("region = \"") + region + "\"\nplugin = \"csv\"\nsource = \"data/" + id + "\"\n";
            t += "other_affected = " + std::to_string(10 + s % 90) + "\n";
            t += "target_ages_in_school = \"15–20\"\ntarget_ages_outside_school = \"16–24\"\n";
        }
        f.put(t);
        f.close();
    }

    void write_subproject(std::uint64_t s) {
        const fs::path dir = o_.out / "data" / subproject_id(s);
        fs::create_directories(dir);
        Output participants(dir / "participants.csv");
        Output hours(dir / "hours.csv");
        Output assessments(dir / "assessments.csv");
        participants.put(std::string("person_id,sex,start_date,end_date,setting,exit_status,email,mobile\n"));
        hours.put(std::string("person_id,date,hours\n"));
        assessments.put(std::string("person_id,date,scale,value\n"));

        // Persons are split into contiguous blocks, one per subproject.
        const std::uint64_t first = s * o_.persons / o_.subprojects;
        const std::uint64_t last = (s + 1) * o_.persons / o_.subprojects;
        char line[160];
        for (std::uint64_t p = first; p < last; ++p) {
            PersonPlan pp = plan(p);
            const std::uint64_t days = hour_days(pp);

            // participants.csv
            char* c = line;
            std::memcpy(c, pp.id, 12);
            c += 12;
            *c++ = ',';
            if (p % 2 == 0) *c++ = pp.male ? 'M' : 'K';  // half give sex, half leave it to the number
            *c++ = ',';
            iso_date(pp.start, c);
            c += 10;
            *c++ = ',';
            if (pp.has_end) {
                iso_date(pp.end, c);
                c += 10;
            }
            *c++ = ',';
            const char* setting = splitmix64(pp.rng) % 3 == 0 ? "outside_school" : "in_school";
            c += std::strlen(std::strcpy(c, setting));
            *c++ = ',';
            if (pp.has_end) c += std::strlen(std::strcpy(c, kExitStatuses[splitmix64(pp.rng) % 10]));
            c += std::sprintf(c, ",deltagare%llu@example.se,070-%03llu %02llu %02llu\n", static_cast<unsigned long long>(p + 1),
                              static_cast<unsigned long long>(p / 10000 % 1000), static_cast<unsigned long long>(p / 100 % 100),
                              static_cast<unsigned long long>(p % 100));
            participants.put(line, static_cast<std::size_t>(c - line));

            // assessments.csv: one person in ten, at start and at the last day with hours.
            if (p % 10 == 0) {
                const std::int64_t when[2] = {pp.start, pp.start + static_cast<std::int64_t>(days) - 1};
                for (std::int64_t day : when) {
                    c = line;
                    std::memcpy(c, pp.id, 12);
                    c += 12;
                    *c++ = ',';
                    iso_date(day, c);
                    c += 10;
                    c += std::sprintf(c, ",sjalvskattning,%llu\n", static_cast<unsigned long long>(1 + splitmix64(pp.rng) % 10));
                    assessments.put(line, static_cast<std::size_t>(c - line));
                    ++assessments_written_;
                }
            }

            // hours.csv: rows spread evenly over the days, in date order, 1 to 8 hours in half hours.
            // Persons are visited in order, so weight_ is the weight of all persons before p.
            const std::uint64_t rows = rows_before(weight_ + days) - rows_before(weight_);
            weight_ += days;
            for (std::uint64_t k = 0; k < rows; ++k) {
                const std::int64_t day = pp.start + static_cast<std::int64_t>(k * days / rows);
                const unsigned half_hours = 2 + static_cast<unsigned>(splitmix64(pp.rng) % 15);  // 2..16
                c = line;
                std::memcpy(c, pp.id, 12);
                c += 12;
                *c++ = ',';
                iso_date(day, c);
                c += 10;
                *c++ = ',';
                if (half_hours / 2 >= 10) *c++ = static_cast<char>('0' + half_hours / 20);
                *c++ = static_cast<char>('0' + half_hours / 2 % 10);
                if (half_hours % 2) {
                    *c++ = '.';
                    *c++ = '5';
                }
                *c++ = '\n';
                hours.put(line, static_cast<std::size_t>(c - line));
            }
            hours_written_ += rows;
        }
        participants.close();
        hours.close();
        assessments.close();
    }

    // Hour rows of all persons whose weight sums to w: floor(H * w / W).
    std::uint64_t rows_before(std::uint64_t w) const {
        return static_cast<std::uint64_t>(static_cast<unsigned __int128>(o_.hours_rows) * w / total_weight_);
    }

    Options o_;
    std::uint64_t space_ = 0, multiplier_ = 1, offset_ = 0;
    std::uint64_t total_weight_ = 0, weight_ = 0;
    std::uint64_t hours_written_ = 0, assessments_written_ = 0;
};

std::uint64_t number(const char* text, const char* option) {
    char* end = nullptr;
    errno = 0;
    const unsigned long long v = std::strtoull(text, &end, 10);
    if (errno || !end || *end || text[0] == '-' || text[0] == '\0')
        throw std::runtime_error(std::string(option) + ": expected a whole number, got '" + text + "'");
    return v;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        Options o;
        bool have_persons = false, have_subprojects = false, have_hours = false;
        for (int i = 1; i < argc; ++i) {
            const std::string a = argv[i];
            if (a == "--help") {
                std::printf("Usage: %s --persons N --subprojects S --hours-rows H --out DIR [--seed X]\n", argv[0]);
                return 0;
            }
            if (i + 1 >= argc) throw std::runtime_error(a + ": expected a value");
            const char* v = argv[++i];
            if (a == "--persons") o.persons = number(v, "--persons"), have_persons = true;
            else if (a == "--subprojects") o.subprojects = number(v, "--subprojects"), have_subprojects = true;
            else if (a == "--hours-rows") o.hours_rows = number(v, "--hours-rows"), have_hours = true;
            else if (a == "--seed") o.seed = number(v, "--seed");
            else if (a == "--out") o.out = v;
            else throw std::runtime_error("unknown option " + a);
        }
        if (!have_persons || !have_subprojects || !have_hours || o.out.empty())
            throw std::runtime_error("needs --persons N --subprojects S --hours-rows H --out DIR");
        if (o.persons == 0 || o.subprojects == 0) throw std::runtime_error("--persons and --subprojects must be at least 1");
        if (o.subprojects > 9999) throw std::runtime_error("--subprojects: at most 9999");
        Generator(o).run();
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "esfreport-bench-generate: %s\n", e.what());
        return 2;
    }
}
