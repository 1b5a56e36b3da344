// The KAA file for SCB (kommunernas aktivitetsansvar): one per municipality
// and half-year (H1 = January–June, H2 = July–December).
//
// Who is in it: for a subproject that delivers a KAA register (kaa.csv, or a
// plugin's kaa records), every register row whose responsibility overlaps the
// half-year, one file per municipality the rows name (the subproject when they
// name none). For any other subproject, every participation period with
// setting outside_school (the municipality's activity responsibility) that
// overlaps the half-year, the subproject standing for the municipality (its
// name, region or id, per the template). No one in the half-year: no file. SCB's real
// layout and code lists are not known here (see docs/scb-files.md): the
// template decides the columns.
#pragma once

#include <esfreport/core/model.hpp>
#include <esfreport/core/participation.hpp>
#include <esfreport/export/scb_file.hpp>
#include <esfreport/export/scb_template.hpp>

#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace esfreport {

struct HalfYear {
    int year = 0;
    int half = 1;  // 1 or 2
    Date first_day() const;
    Date last_day() const;
    std::string text() const;  // "2017-H1"
};

// "2017-H1" / "2017-H2" (also "2017H1"); nullopt otherwise.
std::optional<HalfYear> parse_half_year(std::string_view text);

struct ScbKaaFile {
    SubprojectIndex subproject = 0;
    std::string municipality;
    // The participations outside school (core/participation.hpp: a person in
    // two activities at once is one), sorted by identity and start.
    std::vector<Participation> participations;
    std::vector<std::uint32_t> register_records;  // indexes into Dataset::kaa, sorted likewise
    std::size_t rows() const { return participations.size() + register_records.size(); }
};

// One entry per municipality with anyone in the half-year, in subproject order.
std::vector<ScbKaaFile> scb_kaa_files(const ScbTemplate& tmpl, const Dataset& dataset, HalfYear half);

ScbTable scb_kaa_table(const ScbTemplate& tmpl, const Dataset& dataset, HalfYear half, const ScbKaaFile& file);

// Canonical text of the file's content (as for the monthly file's digest).
std::string scb_kaa_canonical_text(const Dataset& dataset, HalfYear half, const ScbKaaFile& file);

std::string scb_kaa_file_name(const ScbTemplate& tmpl, const std::string& project, HalfYear half,
                              const std::string& municipality);

// Midnight UTC on the day after the half-year: fixed, so re-runs are byte-identical.
std::time_t scb_kaa_created_time(HalfYear half);

}  // namespace esfreport
