#include "connection.hpp"

#include <esfreport/sdk/plugin.hpp>

#include <cstdlib>
#include <filesystem>
#include <sys/stat.h>
#include <utility>
#include <vector>

namespace esfreport::plugins::sql {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSqlitePrefix = "sqlite:";
constexpr std::string_view kPostgresPrefixes[] = {"postgresql://", "postgres://"};

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percent_decode(std::string_view s, const std::string& display) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out.push_back(s[i]);
            continue;
        }
        const int hi = i + 2 < s.size() ? hex_value(s[i + 1]) : -1;
        const int lo = i + 2 < s.size() ? hex_value(s[i + 2]) : -1;
        if (hi < 0 || lo < 0) throw sdk::BadOption(display + ": '%' must be followed by two hexadecimal digits");
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
    }
    return out;
}

// A path as an SQLite URI path: everything but unreserved characters and '/'
// percent-encoded, so '?', '#' and '%' in a file name keep their meaning.
std::string uri_path(const std::string& path) {
    static const char digits[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : path) {
        const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' ||
                           c == '-' || c == '_' || c == '.' || c == '~';
        if (plain) {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(digits[c >> 4]);
            out.push_back(digits[c & 0xF]);
        }
    }
    return out;
}

Connection sqlite_connection(std::string_view source) {
    if (source.size() == kSqlitePrefix.size()) throw sdk::BadOption("source 'sqlite:' names no database file");
    const fs::path path = fs::absolute(fs::path(std::string(source.substr(kSqlitePrefix.size())))).lexically_normal();
    Connection c;
    c.backend = Backend::sqlite;
    c.display = std::string(kSqlitePrefix) + path.string();
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
        throw sdk::SourceUnreadable(c.display + ": no such SQLite database file");
    // mode=ro: the file is opened read-only and never created.
    c.connector_string = "file:" + uri_path(path.string()) + "?mode=ro";
    return c;
}

// One keyword=value pair for libpq, as Poco passes it on: Poco splits the
// string at spaces, so a value cannot hold one.
void add_keyword(std::string& out, std::string_view key, const std::string& value, const std::string& display) {
    if (value.find_first_of(" \t\r\n") != std::string::npos)
        throw sdk::BadOption(display + ": the value of '" + std::string(key) +
                             "' holds a space, which the PostgreSQL connector cannot pass on");
    if (!out.empty()) out += ' ';
    out += key;
    out += "='";
    for (char c : value) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    out += '\'';
}

[[noreturn]] void refuse_password(const std::string& where) {
    throw sdk::BadOption("the connection string holds a password (" + where +
                         "); credentials never go into the configuration: use PGPASSWORD, a password file "
                         "(PGPASSFILE or ~/.pgpass, mode 0600) or peer authentication");
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = s.find(sep, start);
        parts.push_back(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return parts;
}

// postgresql://[user[:password]@][host[:port][,...]][/dbname][?key=value&...]
// (libpq's URI form) as keyword=value pairs.
Connection postgres_connection(std::string_view source, std::string_view prefix) {
    Connection c;
    c.backend = Backend::postgresql;
    std::string_view rest = source.substr(prefix.size());
    const std::size_t fragment = rest.find('#');
    if (fragment != std::string_view::npos) rest = rest.substr(0, fragment);
    std::string_view query;
    if (const std::size_t q = rest.find('?'); q != std::string_view::npos) {
        query = rest.substr(q + 1);
        rest = rest.substr(0, q);
    }
    std::string_view authority = rest, dbname;
    if (const std::size_t slash = rest.find('/'); slash != std::string_view::npos) {
        authority = rest.substr(0, slash);
        dbname = rest.substr(slash + 1);
    }
    std::string_view userinfo;
    if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
        userinfo = authority.substr(0, at);
        authority = authority.substr(at + 1);
    }
    if (userinfo.find(':') != std::string_view::npos) refuse_password("user:password@");

    // What is shown: the string as written, which holds no secret once a
    // password is refused.
    c.display = std::string(source);

    std::string& kv = c.connector_string;
    std::string passfile;
    bool has_timeout = false, has_application = false;
    if (!query.empty()) {
        for (std::string_view pair : split(query, '&')) {
            if (pair.empty()) continue;
            const std::size_t eq = pair.find('=');
            if (eq == std::string_view::npos)
                throw sdk::BadOption(c.display + ": parameter '" + std::string(pair) + "' has no '=value'");
            const std::string key = percent_decode(pair.substr(0, eq), c.display);
            const std::string value = percent_decode(pair.substr(eq + 1), c.display);
            if (key == "password" || key == "sslpassword") refuse_password(key + "=");
            if (key == "passfile") passfile = value;
            has_timeout = has_timeout || key == "connect_timeout";
            has_application = has_application || key == "application_name";
            add_keyword(kv, key, value, c.display);
        }
    }
    if (!userinfo.empty()) add_keyword(kv, "user", percent_decode(userinfo, c.display), c.display);
    if (!dbname.empty()) add_keyword(kv, "dbname", percent_decode(dbname, c.display), c.display);
    if (!authority.empty()) {
        std::string hosts, ports;
        bool any_host = false, any_port = false, first = true;
        for (std::string_view hostport : split(authority, ',')) {
            std::string_view host = hostport, port;
            if (!hostport.empty() && hostport.front() == '[') {  // [IPv6]:port
                const std::size_t close = hostport.find(']');
                if (close == std::string_view::npos) throw sdk::BadOption(c.display + ": '[' without ']' in the host");
                host = hostport.substr(1, close - 1);
                if (close + 1 < hostport.size() && hostport[close + 1] == ':') port = hostport.substr(close + 2);
            } else if (const std::size_t colon = hostport.rfind(':'); colon != std::string_view::npos) {
                host = hostport.substr(0, colon);
                port = hostport.substr(colon + 1);
            }
            if (!first) {
                hosts += ',';
                ports += ',';
            }
            first = false;
            hosts += percent_decode(host, c.display);
            ports += std::string(port);
            any_host = any_host || !host.empty();
            any_port = any_port || !port.empty();
        }
        if (any_host) add_keyword(kv, "host", hosts, c.display);
        if (any_port) add_keyword(kv, "port", ports, c.display);
    }
    // An unreachable server fails within seconds instead of the TCP timeout.
    if (!has_timeout) add_keyword(kv, "connect_timeout", "10", c.display);
    if (!has_application) add_keyword(kv, "application_name", "esfreport", c.display);
    check_password_file(passfile);
    return c;
}

}  // namespace

void check_password_file(std::string_view passfile_param) {
    if (const char* pw = std::getenv("PGPASSWORD"); pw && *pw) return;  // libpq does not read the file then
    std::string file(passfile_param);
    if (file.empty())
        if (const char* env = std::getenv("PGPASSFILE")) file = env;
    if (file.empty())
        if (const char* home = std::getenv("HOME"); home && *home) file = std::string(home) + "/.pgpass";
    if (file.empty()) return;
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return;
    if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        static const char digits[] = "01234567";
        const unsigned mode = st.st_mode & 0777;
        const std::string octal = {'0', digits[(mode >> 6) & 7], digits[(mode >> 3) & 7], digits[mode & 7]};
        throw sdk::SourceUnreadable("the password file " + file + " may be read by group or others (mode " + octal +
                                    "); it is refused: chmod 600 " + file);
    }
}

Connection parse_connection(std::string_view source) {
    if (starts_with(source, kSqlitePrefix)) return sqlite_connection(source);
    for (std::string_view prefix : kPostgresPrefixes)
        if (starts_with(source, prefix)) return postgres_connection(source, prefix);
    // Never echo an unknown string: it might be a connection string with a secret.
    const std::size_t colon = source.find(':');
    throw sdk::BadOption("source must start with sqlite: or postgresql:// (got " +
                         (colon == std::string_view::npos ? std::string("a path") : "'" + std::string(source.substr(0, colon + 1)) + "...'") +
                         ")");
}

}  // namespace esfreport::plugins::sql
