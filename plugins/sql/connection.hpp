// The `source` of an sql subproject: which database, how to reach it, and how
// to name it in messages and the manifest without a secret.
//
//   sqlite:/path/to/kumla.db                    (the host makes a relative path
//                                                absolute against the configuration)
//   postgresql://[user@]host[:port][/dbname][?param=value&...]
//   postgresql:///dbname?host=/run/postgresql   (a Unix socket)
//
// Credentials never come from the configuration: a password in the connection
// string is refused; libpq finds it in PGPASSWORD, PGPASSFILE or ~/.pgpass, or
// the server uses peer authentication.
#pragma once

#include <string>
#include <string_view>

namespace esfreport::plugins::sql {

enum class Backend { sqlite, postgresql };

struct Connection {
    Backend backend = Backend::sqlite;
    // What Poco's connector is given: an SQLite URI opening the file read-only,
    // or libpq keyword=value pairs.
    std::string connector_string;
    // The connection as messages and the manifest show it (no secret in it).
    std::string display;
};

// Parses `source`. Throws sdk::BadOption for a connection string that holds a
// password or that cannot be used, sdk::SourceUnreadable for an SQLite file
// that does not exist or a password file that others can read.
Connection parse_connection(std::string_view source);

// Checks the password file libpq would read when PGPASSWORD is not set
// (`passfile` from the connection string, else $PGPASSFILE, else ~/.pgpass).
// Throws sdk::SourceUnreadable when it exists and group or others may read
// it: libpq only warns and ignores such a file, which would end in a puzzling
// "no password supplied".
void check_password_file(std::string_view passfile_param);

}  // namespace esfreport::plugins::sql
