// Reads a workbook with the xlsx plugin's source, as the host would, into a
// sink that only counts, and prints the rows, the wall time and the peak
// resident memory (getrusage). Shows that reading streams: the peak does not
// grow with the number of rows.
//
//   esfreport-bench-xlsx WORKBOOK [participants_sheet]
#include "xlsx_source.hpp"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace {

class CountingSink : public esfreport::sdk::RecordSink {
public:
    std::uint64_t records = 0, rejected = 0, warnings = 0, text_bytes = 0;
    void begin_input(esfreport::sdk::RecordKind, std::string_view) noexcept override {}
    void record(std::uint64_t, const esfreport::sdk::Field* fields, std::size_t count) noexcept override {
        ++records;
        for (std::size_t i = 0; i < count; ++i) text_bytes += fields[i].text.size();
    }
    void reject(std::uint64_t, std::uint32_t, std::string_view, std::string_view) noexcept override { ++rejected; }
    void end_input() noexcept override {}
    void aggregate(std::string_view, std::int64_t) noexcept override {}
    void warning(std::string_view) noexcept override { ++warnings; }
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: esfreport-bench-xlsx WORKBOOK [participants_sheet]\n");
        return 2;
    }
    const std::string source = argv[1];
    std::vector<esfreport::sdk::Option> options;
    if (argc > 2) options.push_back({"participants_sheet", argv[2]});
    esfreport::sdk::SourceRequest request;
    request.subproject_id = "bench";
    request.source = source;
    request.options = options.data();
    request.option_count = options.size();

    CountingSink sink;
    esfreport::plugins::xlsx::XlsxSource plugin;
    const auto start = std::chrono::steady_clock::now();
    const esfreport::sdk::Status status = plugin.read(request, sink);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    if (!status.is_ok()) {
        std::fprintf(stderr, "esfreport-bench-xlsx: %s\n", status.message.c_str());
        return 1;
    }
    std::printf("records %llu  rejected %llu  warnings %llu  text MB %.1f  wall s %.2f  rows/s %.0f  peak RSS MB %.1f\n",
                static_cast<unsigned long long>(sink.records), static_cast<unsigned long long>(sink.rejected),
                static_cast<unsigned long long>(sink.warnings), static_cast<double>(sink.text_bytes) / 1e6, seconds,
                static_cast<double>(sink.records + sink.rejected) / seconds,
                static_cast<double>(usage.ru_maxrss) / 1024.0);
    return 0;
}
