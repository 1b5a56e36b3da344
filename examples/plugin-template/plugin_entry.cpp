// Registers TsvSource as plugin "tsv": the name the configuration's
// `plugin = "tsv"` uses and the library's file name, esfreport_plugin_tsv.so.
// The test (tests/tsv_plugin_test.cpp) compiles this file in too, for the
// plugin's options table.
#include "tsv_source.hpp"

#include <esfreport/sdk/plugin.hpp>

namespace {

const esfreport_option_spec kOptions[] = {
    {"extension", "Extension of the files in the subproject's folder (participants.<extension>, ...)", "tsv", 0},
};

}  // namespace

ESFREPORT_SOURCE_PLUGIN(tsv_plugin::TsvSource, "tsv", "1.0.0",
                        "Tab-separated files, one per record kind, in the subproject's folder", kOptions)
