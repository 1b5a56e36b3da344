// The three ways a command can fail, each with its exit status.
#pragma once

#include <stdexcept>
#include <string>

namespace esfreport {

// Usage or configuration is wrong (exit status 2): unknown key, missing
// plugin, wrong ABI, duplicate subproject id...
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The data stopped the run (exit status 1): an unreadable source, a missing
// required column, rejected rows under --strict, a plugin that failed.
class DataError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

inline constexpr int kExitOk = 0;
inline constexpr int kExitData = 1;
inline constexpr int kExitUsage = 2;

}  // namespace esfreport
