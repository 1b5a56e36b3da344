// The tsv plugin's rows through the host's own validation (esfreport::testing):
// which rows the host accepts, which it rejects and why, and the figures it
// computes, for the project in tests/data (its path is the only argument).
// Plain checks, no test framework: each failed check prints what it expected
// and what it got, and the exit status is the number of failed checks.
//
// 199801016685 (woman), 199801018731 and 199801012395 (men) are Skatteverket's
// test personnummer.
#include "tsv_source.hpp"

#include <esfreport/sdk/host_validation.hpp>

#include <iostream>
#include <string>

namespace {

int failures = 0;

template <class A, class B>
void check_equal(const A& got, const B& expected, const char* what) {
    if (got == expected) return;
    ++failures;
    std::cerr << "FAILED: " << what << "\n  expected: " << expected << "\n  got:      " << got << "\n";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: tsv_plugin_test <project.toml>\n";
        return 2;
    }
    using namespace esfreport::sdk;
    tsv_plugin::TsvSource plugin;
    const testing::Validation v = testing::validate_subproject(plugin, *esfreport_plugin_describe(), argv[1], "alpha");
    check_equal(v.error, "", "no error");
    if (!v.error.empty()) return failures;

    // participants.tsv: two rows accepted, a date that is no date, a row
    // with three fields where the header has five.
    check_equal(v.inputs.size(), 2u, "inputs read");
    if (v.inputs.size() != 2) return failures;
    check_equal(v.inputs[0].rows_read, 4u, "participant rows read");
    check_equal(v.inputs[0].rows_accepted, 2u, "participant rows accepted");
    check_equal(v.inputs[0].rows_rejected, 2u, "participant rows rejected");
    // hours.tsv: 3,5 hours accepted, 'x' rejected.
    check_equal(v.inputs[1].rows_accepted, 1u, "hours rows accepted");
    check_equal(v.inputs[1].rows_rejected, 1u, "hours rows rejected");

    check_equal(v.rejections.size(), 3u, "rejections");
    if (v.rejections.size() != 3) return failures;
    check_equal(v.rejections[0].line, 4u, "first rejection: line");
    check_equal(v.rejections[0].column, "start_date (3)", "first rejection: column");
    check_equal(v.rejections[0].reason, "not a date: '2017-13-01' (expected YYYY-MM-DD)", "first rejection: reason");
    check_equal(v.rejections[1].line, 5u, "second rejection: line");
    check_equal(v.rejections[1].column, "", "second rejection: the whole row");
    check_equal(v.rejections[1].reason, "expected 5 fields as in the header, found 3", "second rejection: reason");
    check_equal(v.rejections[2].line, 3u, "third rejection: line");
    check_equal(v.rejections[2].column, "hours (3)", "third rejection: column");
    check_equal(v.rejections[2].reason.rfind("not a number of hours: 'x'", 0), 0u, "third rejection: reason");

    // The figures, by the names report templates use: "Fått jobb" is this
    // subproject's word for work ([subproject.values.exit_status]).
    check_equal(v.figures.at("unique.total"), 2.0, "unique participants");
    check_equal(v.figures.at("unique.female"), 1.0, "unique women");
    check_equal(v.figures.at("exited.total"), 1.0, "participants who left");
    check_equal(v.figures.at("status.work.female"), 1.0, "women who left for work");
    check_equal(v.figures.at("hours_accepted"), 3.5, "hours");
    if (failures == 0) std::cout << "tsv plugin: all checks passed\n";
    return failures;
}
