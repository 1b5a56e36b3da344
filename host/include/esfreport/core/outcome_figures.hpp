// Every figure of the final-report tables 1–5 as one tidy list, for every
// scope (each subproject, each region, the programme), with disclosure
// control applied (core/disclosure.hpp). The evaluator's extract writes this
// list; it has no output format of its own.
//
// Measure ids are the figure names of core/figures.hpp, which the report
// templates use to look figures up, so a report cell and an extract row can
// never name one figure differently. A figure name with a category part
// ("status.studies", "age.15_19") is split at its first dot into measure
// ("status") and category ("studies"); other categories are the scale id
// (table 3), the absence threshold (table 4, "0.15") and the month (table 5,
// "2017-03"; empty for the whole period). docs/extract.md lists them all.
#pragma once

#include <esfreport/core/metrics.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace esfreport {

class ProjectResults;

// `other` = non-binary + sex unknown, so female + male + other = total for
// every count, and every report column (which shows non-binary and unknown
// apart) can be compared: the split of `other` is itself small and is not
// published at this level.
enum class FigureSex : std::uint8_t { female, male, other, total };
std::string_view to_string(FigureSex s);

struct OutcomeFigure {
    Scope::Kind scope_kind = Scope::Kind::subproject;
    std::string region;      // empty for the programme
    std::string subproject;  // id; empty above subproject level
    std::string table;       // template id: t1, t1b, t2, t3, t4, t5
    std::string measure;
    std::string category;
    FigureSex sex = FigureSex::total;
    std::optional<double> value;  // nullopt: cannot be computed (no data), or suppressed
    std::string unit;             // count, share, share_difference, steps, hours, SEK, SEK_per_hour
    bool suppressed = false;
};

struct OutcomeFigures {
    std::vector<OutcomeFigure> figures;
    int k = 1;                   // the threshold applied (1: suppression off)
    std::size_t suppressed = 0;  // figures suppressed
};

std::string_view scope_kind_name(Scope::Kind kind);  // "subproject", "region", "programme"

// Every figure of every scope of `results`, suppressed with threshold k.
OutcomeFigures outcome_figures(const ProjectResults& results, int k);

// The name of one figure of one scope without its sex, as a report cell
// carries it so that `run --public` can look the figure's suppression up here
// (export/public_report.hpp): the report and the extract then hide the same
// figures, decided once. `scope_id` is Scope::id (the subproject id, the
// region's name, "programme"); `share` tells a share from the count of the
// same measure (tables 1b and 2 show both).
std::string figure_key(Scope::Kind kind, std::string_view scope_id, std::string_view measure, std::string_view category, bool share);
std::string figure_key(const OutcomeFigure& figure);
// Categories of tables 4 and 5: an absence threshold (0.15 -> "0.15").
std::string threshold_category(double threshold);

}  // namespace esfreport
