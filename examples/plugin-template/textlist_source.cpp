// A minimal source plugin: reads `participants.txt` from the subproject's
// folder, one participation period per line, fields separated by white space:
//   PERSON_ID START_DATE [END_DATE [EXIT_STATUS]]
// Lines starting with '#' are comments. The host validates every field.
#include <esfreport/sdk/plugin.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace esfreport::sdk;

namespace {

class TextListSource : public SourcePluginBase {
    void do_read(const SourceRequest& request, RecordSink& sink) override {
        const std::string path = std::string(request.source) + "/" + std::string(request.option("file"));
        std::ifstream in(path);
        if (!in) throw SourceUnreadable(path + ": cannot open");
        sink.begin_input(RecordKind::participant_period, path);
        std::string line;
        std::uint64_t number = 0;
        while (std::getline(in, line)) {
            ++number;
            if (line.empty() || line[0] == '#') continue;
            std::istringstream words(line);
            std::vector<std::string> w;
            for (std::string x; words >> x;) w.push_back(x);
            if (w.size() < 2 || w.size() > 4) {
                sink.reject(number, 0, "", "expected PERSON_ID START_DATE [END_DATE [EXIT_STATUS]]");
                continue;
            }
            Field fields[period_field_count] = {};
            fields[period_person_id] = {w[0], 1};
            fields[period_start_date] = {w[1], 2};
            if (w.size() > 2) fields[period_end_date] = {w[2], 3};
            if (w.size() > 3) fields[period_exit_status] = {w[3], 4};
            sink.record(number, fields, period_field_count);
        }
        sink.end_input();
    }
};

const esfreport_option_spec kOptions[] = {
    {"file", "name of the list in the subproject's folder", "participants.txt", 0},
};

}  // namespace

ESFREPORT_SOURCE_PLUGIN(TextListSource, "textlist", "0.1.0", "Participation periods from a white-space separated text list",
                        kOptions)
