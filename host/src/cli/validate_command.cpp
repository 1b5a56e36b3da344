#include "commands.hpp"
#include "help.hpp"
#include "timings.hpp"

#include <esfreport/core/metrics.hpp>
#include <esfreport/runtime/errors.hpp>

#include <iomanip>
#include <iostream>

namespace esfreport::cli {

int validate_command(int argc, char** argv) {
    const Args args = parse_command_args(argc, argv, 2, "validate");
    auto session = open_session(args);
    const ProjectConfig& config = session->config;
    const Dataset& data = session->project.dataset;

    std::cout << config.name << ", " << config.period_start.iso() << " – " << config.period_end.iso() << "\n\n";
    std::cout << std::left << std::setw(22) << "subproject" << std::right << std::setw(10) << "read" << std::setw(10)
              << "accepted" << std::setw(10) << "rejected" << "  file\n";
    std::uint64_t read = 0, accepted = 0, rejected = 0;
    for (const InputRecord& in : data.inputs) {
        std::cout << std::left << std::setw(22) << config.subprojects[in.subproject].id << std::right << std::setw(10)
                  << in.rows_read << std::setw(10) << in.rows_accepted << std::setw(10) << in.rows_rejected << "  " << in.path
                  << "\n";
        read += in.rows_read;
        accepted += in.rows_accepted;
        rejected += in.rows_rejected;
    }
    std::cout << std::left << std::setw(22) << "total" << std::right << std::setw(10) << read << std::setw(10) << accepted
              << std::setw(10) << rejected << "\n\n";

    // Unique participants in the reporting period, per subproject and sex.
    MetricsEngine engine(data);
    const ReportingPeriod period{config.period_start, config.period_end};
    std::cout << std::left << std::setw(22) << "participants" << std::right << std::setw(8) << "female" << std::setw(8)
              << "male" << std::setw(12) << "non-binary" << std::setw(9) << "unknown" << std::setw(8) << "total\n";
    auto row = [&](const std::string& label, const BySex& n) {
        std::cout << std::left << std::setw(22) << label << std::right << std::setw(8) << n[Sex::female] << std::setw(8)
                  << n[Sex::male] << std::setw(12) << n[Sex::non_binary] << std::setw(9) << n[Sex::unknown] << std::setw(7)
                  << n.total() << "\n";
    };
    // Every subproject and the programme in one pass (300 scopes at national scale).
    const MetricsEngine::UniqueParticipants unique = engine.unique_participants(period);
    for (std::size_t s = 0; s < config.subprojects.size(); ++s) row(config.subprojects[s].id, unique.per_subproject[s]);
    row("unique in programme", unique.programme);
    if (unique.sum_of_subprojects.total() != unique.programme.total()) row("sum of subprojects", unique.sum_of_subprojects);

    if (!data.rejections.empty()) {
        std::cout << "\nrejected rows (" << data.rejections.size() << "):\n";
        std::size_t shown = 0;
        for (const Rejection& r : data.rejections) {
            if (++shown > 50) {
                std::cout << "  ... and " << data.rejections.size() - 50 << " more (esfreport run writes them all to rejected.csv)\n";
                break;
            }
            std::cout << "  " << rejection_text(data.inputs[r.input].path, r) << "\n";
        }
    }
    // The warnings were printed by open_session, as for every command.
    phase_timings().mark("summary");
    return kExitOk;
}

}  // namespace esfreport::cli
