// Header matching for source plugins: the one table of header names every
// plugin accepts (canonical names and Swedish aliases) and the subproject's
// own mapping from the configuration ([subproject.columns], handed over in
// SourceRequest::columns). Header-only, so out-of-tree plugins match headers
// exactly as the bundled ones do.
//
//   sdk::HeaderMatcher matcher(request, kind);
//   for each header cell:  int field = matcher.field_of(cell_text);   // -1: not used
//   after the header:      matcher.check_mapped(column_of, input_name); // throws BadColumnMapping
#pragma once

#include <esfreport/sdk/plugin.hpp>
#include <esfreport/sdk/source.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace esfreport::sdk {

// A header name as it is matched: surrounding spaces removed, lower case
// (also Å, Ä, Ö and the other Latin-1 capitals), inner runs of spaces as '_'.
inline std::string normalize_header(std::string_view name) {
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!name.empty() && is_space(name.front())) name.remove_prefix(1);
    while (!name.empty() && is_space(name.back())) name.remove_suffix(1);
    std::string out;
    out.reserve(name.size());
    bool in_space = false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const auto b = static_cast<unsigned char>(name[i]);
        if (is_space(static_cast<char>(b))) {
            in_space = true;
            continue;
        }
        if (in_space) out.push_back('_');
        in_space = false;
        if (b >= 'A' && b <= 'Z') {
            out.push_back(static_cast<char>(b - 'A' + 'a'));
        } else if (b == 0xC3 && i + 1 < name.size()) {
            // U+00C0..U+00DE (but not U+00D7 ×) are the capitals of U+00E0..U+00FE.
            auto next = static_cast<unsigned char>(name[i + 1]);
            if (next >= 0x80 && next <= 0x9E && next != 0x97) next = static_cast<unsigned char>(next + 0x20);
            out.push_back(static_cast<char>(b));
            out.push_back(static_cast<char>(next));
            ++i;
        } else {
            out.push_back(static_cast<char>(b));
        }
    }
    return out;
}

struct HeaderAlias {
    std::string_view name;       // normalised, as normalize_header() returns it
    std::string_view canonical;  // a column of the kind's schema
};

// Header names people write in place of the canonical ones, per kind (the
// person's number under every kind). Keep in step with docs/mapping.md.
inline constexpr HeaderAlias kPersonAliases[] = {
    {"personnummer", "person_id"}, {"pnr", "person_id"}, {"samordningsnummer", "person_id"}};
inline constexpr HeaderAlias kPeriodAliases[] = {
    {"kön", "sex"},
    {"kon", "sex"},
    {"startdatum", "start_date"},
    {"slutdatum", "end_date"},
    {"avslutsorsak", "exit_status"},
    {"status_vid_avslut", "exit_status"},
    {"i_skola/utanför_skola", "setting"},
    {"i_skola_/_utanför_skola", "setting"},
    {"miljö", "setting"},
    {"e-post", "email"},
    {"epost", "email"},
    {"mobil", "mobile"},
    {"mobilnummer", "mobile"},
    {"insats", "activity"},
    {"aktivitet", "activity"},
};
inline constexpr HeaderAlias kAssessmentAliases[] = {{"datum", "date"}, {"skala", "scale"}, {"värde", "value"}};
inline constexpr HeaderAlias kAttendanceAliases[] = {
    {"periodstart", "period_start"},           {"periodslut", "period_end"},
    {"schemalagda_timmar", "scheduled_hours"}, {"frånvarotimmar", "absent_hours"},
    {"ogiltig_frånvaro", "invalid_absent_hours"},
};
inline constexpr HeaderAlias kHoursAliases[] = {{"datum", "date"}, {"timmar", "hours"}, {"aktivitet", "activity"}};
inline constexpr HeaderAlias kKaaAliases[] = {
    {"kommun", "municipality"},       {"ansvar_start", "responsibility_start"}, {"ansvar_slut", "responsibility_end"},
    {"sysselsättning", "occupation"}, {"insats", "measure"},                    {"insats_start", "measure_start"},
    {"insats_slut", "measure_end"},   {"adress", "address"},                    {"e-post", "email"},
    {"epost", "email"},               {"telefon", "phone"},
};

namespace detail {
template <std::size_t N>
constexpr std::string_view find_alias(const HeaderAlias (&table)[N], std::string_view name) {
    for (const HeaderAlias& a : table)
        if (a.name == name) return a.canonical;
    return {};
}
}  // namespace detail

// The canonical column a normalised header name is an alias of; empty when none.
constexpr std::string_view header_alias(RecordKind kind, std::string_view normalized) {
    if (auto c = detail::find_alias(kPersonAliases, normalized); !c.empty()) return c;
    switch (kind) {
    case RecordKind::participant_period: return detail::find_alias(kPeriodAliases, normalized);
    case RecordKind::assessment: return detail::find_alias(kAssessmentAliases, normalized);
    case RecordKind::attendance: return detail::find_alias(kAttendanceAliases, normalized);
    case RecordKind::hours: return detail::find_alias(kHoursAliases, normalized);
    case RecordKind::kaa: return detail::find_alias(kKaaAliases, normalized);
    }
    return {};
}

// The field (index into schema_of(kind)) named `column`; -1 when the kind has none.
constexpr int field_index(RecordKind kind, std::string_view column) {
    const Schema schema = schema_of(kind);
    for (std::size_t k = 0; k < schema.count; ++k)
        if (schema.columns[k].name == column) return static_cast<int>(k);
    return -1;
}

// The field a header name stands for by the built-in names alone (canonical
// name or alias); -1 when none.
inline int builtin_field(RecordKind kind, std::string_view header_name) {
    const std::string name = normalize_header(header_name);
    const std::string_view alias = header_alias(kind, name);
    return field_index(kind, alias.empty() ? std::string_view(name) : alias);
}

// Matches the header cells of one input of one kind: first the subproject's
// configured headers, then the built-in names of the fields the
// configuration does not map (a mapped field is found under its configured
// header only, so a second column with the built-in name cannot stand for it).
class HeaderMatcher {
public:
    HeaderMatcher(const SourceRequest& request, RecordKind kind) : kind_(kind) {
        for (std::size_t i = 0; i < request.column_count && request.columns; ++i) {
            const ColumnMapping& m = request.columns[i];
            const int field = field_index(kind, m.field);
            if (field < 0) continue;  // a field of another kind
            mapping_[static_cast<std::size_t>(field)] = &m;
            header_[static_cast<std::size_t>(field)] = normalize_header(m.header);
        }
    }

    int field_of(std::string_view header_name) const {
        const std::string name = normalize_header(header_name);
        if (name.empty()) return -1;
        for (std::size_t k = 0; k < kMaxFields; ++k)
            if (mapping_[k] && header_[k] == name) return static_cast<int>(k);
        const std::string_view alias = header_alias(kind_, name);
        const int field = field_index(kind_, alias.empty() ? std::string_view(name) : alias);
        return field >= 0 && mapping_[static_cast<std::size_t>(field)] ? -1 : field;
    }

    // After the header is matched (`column_of[k]`: the 1-based column of
    // field k, 0 when absent): every configured header must have been found.
    void check_mapped(const std::uint32_t* column_of, std::string_view input) const {
        const Schema schema = schema_of(kind_);
        for (std::size_t k = 0; k < schema.count; ++k)
            if (mapping_[k] && column_of[k] == 0)
                throw BadColumnMapping(std::string(mapping_[k]->origin) + ": " + std::string(input) +
                                       " has no column '" + std::string(mapping_[k]->header) + "' (mapped to " +
                                       std::string(mapping_[k]->field) + ")");
    }

private:
    static constexpr std::size_t kMaxFields = kaa_field_count;
    RecordKind kind_;
    std::array<const ColumnMapping*, kMaxFields> mapping_{};
    std::array<std::string, kMaxFields> header_{};
};

}  // namespace esfreport::sdk
