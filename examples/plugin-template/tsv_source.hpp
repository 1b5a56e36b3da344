// A source plugin for tab-separated files: a subproject's folder holds one
// file per record kind, named like the canonical CSV files with the
// extension .tsv (participants.tsv, assessments.tsv, attendance.tsv,
// hours.tsv, kaa.tsv); participants.tsv is required. Each file is UTF-8 (a
// byte order mark is skipped), its first line the header; headers are matched
// by the SDK's HeaderMatcher, so canonical names, the Swedish aliases and the
// subproject's [subproject.columns] all work. Fields are handed to the host as
// text: the host parses and validates every value.
#pragma once

#include <esfreport/sdk/plugin.hpp>

namespace tsv_plugin {

class TsvSource : public esfreport::sdk::SourcePluginBase {
protected:
    void do_read(const esfreport::sdk::SourceRequest& request, esfreport::sdk::RecordSink& sink) override;
};

}  // namespace tsv_plugin
