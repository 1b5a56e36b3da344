// manifest.json and rejected.csv: what a run read, what it wrote, and every
// row it did not accept.
#pragma once

#include <esfreport/core/model.hpp>
#include <esfreport/runtime/plugin_host.hpp>

#include <ctime>
#include <functional>
#include <string_view>
#include <string>
#include <vector>

namespace esfreport {

struct ManifestOutput {
    std::string path;  // relative to the output folder
    std::string sha256;
};

struct ManifestFacts {
    std::string tool_version;
    std::string command;  // "run", "scb esf", ...
    std::time_t generated_at = 0;
    std::vector<ManifestOutput> outputs;
};

std::string manifest_json(const Dataset& data, const std::vector<PluginInfo>& plugins, const ManifestFacts& facts);

// subproject,file,line,column,reason — RFC 4180, UTF-8, one row per rejection
// in input order.
std::string rejected_csv(const Dataset& data);
// The same text handed to `write` in pieces of about a megabyte, in order: a
// national run rejects hundreds of thousands of rows, never held whole.
void write_rejected_csv(const Dataset& data, const std::function<void(std::string_view)>& write);

// "YYYY-MM-DDThh:mm:ssZ"
std::string iso_utc(std::time_t t);
// The run's time: SOURCE_DATE_EPOCH when set (reproducible builds), else now.
std::time_t run_time();

}  // namespace esfreport
