// Testing a source plugin against the host's own rules: reads one subproject
// of a project configuration with the plugin, through the host's validation
// (the Ingestor every run uses), and returns what the host made of it: every
// input with its row counts, every rejection with the text `esfreport
// validate` prints, the warnings, and the subproject's figures by their
// template names. Library: esfreport::testing (find_package(esfreport-sdk)).
//
//   MySource plugin;
//   const auto v = esfreport::sdk::testing::validate_subproject(
//       plugin, *esfreport_plugin_describe(), "tests/project.toml", "alpha");
//   REQUIRE(v.error.empty());
//   CHECK(v.rejections.at(0).text() == "/data/a/participants.tsv:4, column start_date (3): not a date: ...");
//   CHECK(v.figures.at("unique.female") == 2);
//
// The configuration is read as `esfreport` reads it: the project's period
// (ages and open periods are judged at its end), the scales, the
// subproject's source (relative to the configuration file), options (the
// plugin's defaults filled in from its descriptor, unknown keys refused),
// [subproject.columns] and [subproject.values.*]. The library and the plugin
// must be built with the same compiler and C++ library, as for the host.
#pragma once

#include <esfreport/sdk/abi.h>
#include <esfreport/sdk/source.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#define ESFREPORT_TESTING_API __attribute__((visibility("default")))

namespace esfreport::sdk::testing {

struct ValidatedInput {
    RecordKind kind{};
    std::string path;   // a sheet's: "<workbook>!<sheet>"
    std::string sheet;  // begun with begin_sheet(): the sheet; else empty
    std::uint64_t rows_read = 0;
    std::uint64_t rows_accepted = 0;
    std::uint64_t rows_rejected = 0;
};

struct ValidatedRejection {
    std::string input;   // the input's path
    std::uint64_t line = 0;
    // "start_date (3)" in a file, "start_date (Deltagare!C17)" in a sheet,
    // empty for the row as a whole.
    std::string column;
    std::string reason;  // identity numbers masked, as in every message
    // As `esfreport validate` lists it: "<input>:<line>, column <column>: <reason>".
    ESFREPORT_TESTING_API std::string text() const;
};

struct Validation {
    Status status;      // what the plugin's read() returned
    // The host's verdict when the subproject cannot be read: a configuration
    // error (unknown option, unknown subproject, bad file), the plugin's
    // failure as a run would report it, or a broken SDK contract (a record
    // outside an input). Empty when the subproject was read.
    std::string error;
    std::vector<ValidatedInput> inputs;
    std::vector<ValidatedRejection> rejections;  // in the order the host made them
    std::vector<std::string> warnings;           // "<subproject>: <message>", as the log shows them
    // The subproject's participant figures over the configuration's period,
    // by the names report templates use: "<figure>.<sex>" with sex female,
    // male, non_binary, unknown or total (e.g. "unique.total", "exited.male",
    // "status.studies.female"); figures that cannot be computed are absent.
    // Plus "hours_accepted": the hours of the accepted hours rows.
    std::map<std::string, double> figures;
};

// Reads subproject `subproject_id` of the configuration file `config_file`
// with `plugin` (whose options table is `descriptor`'s), through the host's
// validation. Never throws for anything the plugin or the configuration does;
// std::bad_alloc may pass.
ESFREPORT_TESTING_API Validation validate_subproject(SourcePlugin& plugin, const esfreport_plugin_descriptor& descriptor,
                                                     const std::string& config_file, const std::string& subproject_id);

}  // namespace esfreport::sdk::testing
