#include "esfreport/export/scb_kaa_file.hpp"

#include <algorithm>
#include <stdexcept>
#include <tuple>

namespace esfreport {
namespace {

bool in_half(Date d, HalfYear half) { return d >= half.first_day() && d <= half.last_day(); }

const Contact* contact_of(const Dataset& dataset, const ParticipantPeriod& period) {
    if (period.contact == ParticipantPeriod::kNoContact || period.contact >= dataset.contacts.size()) return nullptr;
    return &dataset.contacts[period.contact];
}

std::string municipality_of(const ScbTemplate& tmpl, const Dataset& dataset, SubprojectIndex subproject) {
    if (!dataset.config || subproject >= dataset.config->subprojects.size()) return "delprojekt" + std::to_string(subproject + 1);
    const SubprojectConfig& s = dataset.config->subprojects[subproject];
    if (tmpl.municipality_from == "region") return s.region;
    if (tmpl.municipality_from == "id") return s.id;
    return s.name;
}

}  // namespace

Date HalfYear::first_day() const { return *Date::from_ymd(year, half == 1 ? 1 : 7, 1); }
Date HalfYear::last_day() const { return half == 1 ? *Date::from_ymd(year, 6, 30) : *Date::from_ymd(year, 12, 31); }
std::string HalfYear::text() const { return std::to_string(year) + "-H" + std::to_string(half); }

std::optional<HalfYear> parse_half_year(std::string_view text) {
    std::string s(text);
    if (s.size() == 7 && s[4] == '-') s.erase(4, 1);
    if (s.size() != 6 || (s[4] != 'H' && s[4] != 'h') || (s[5] != '1' && s[5] != '2')) return std::nullopt;
    for (int i = 0; i < 4; ++i)
        if (s[i] < '0' || s[i] > '9') return std::nullopt;
    return HalfYear{std::stoi(s.substr(0, 4)), s[5] - '0'};
}

std::vector<ScbKaaFile> scb_kaa_files(const ScbTemplate& tmpl, const Dataset& dataset, HalfYear half) {
    if (tmpl.kind != ScbFileKind::kaa_halfyear)
        throw std::invalid_argument(tmpl.file.string() + ": kind: expected a kaa_halfyear template");
    std::vector<ScbKaaFile> files;
    auto file_for = [&](SubprojectIndex subproject, const std::string& municipality) -> ScbKaaFile& {
        auto it = std::find_if(files.begin(), files.end(),
                               [&](const ScbKaaFile& f) { return f.subproject == subproject && f.municipality == municipality; });
        if (it != files.end()) return *it;
        files.push_back({subproject, municipality, {}, {}});
        return files.back();
    };
    // A subproject with a register reports from it, not from its periods.
    std::vector<char> has_register(dataset.config ? dataset.config->subprojects.size() : 0, 0);
    for (const KaaRecord& k : dataset.kaa)
        if (k.subproject < has_register.size()) has_register[k.subproject] = 1;
    for (std::uint32_t i = 0; i < dataset.kaa.size(); ++i) {
        const KaaRecord& k = dataset.kaa[i];
        if (k.responsibility_start > half.last_day() || (k.responsibility_end && *k.responsibility_end < half.first_day())) continue;
        file_for(k.subproject, k.municipality.empty() ? municipality_of(tmpl, dataset, k.subproject) : k.municipality)
            .register_records.push_back(i);
    }
    for (const Participation& part : participations(dataset)) {
        const ParticipantPeriod& p = dataset.periods[part.period];
        if (p.setting != Setting::outside_school) continue;
        if (p.subproject < has_register.size() && has_register[p.subproject]) continue;
        if (part.start > half.last_day() || (part.end && *part.end < half.first_day())) continue;
        file_for(p.subproject, municipality_of(tmpl, dataset, p.subproject)).participations.push_back(part);
    }
    std::sort(files.begin(), files.end(), [](const ScbKaaFile& a, const ScbKaaFile& b) {
        return std::tie(a.subproject, a.municipality) < std::tie(b.subproject, b.municipality);
    });
    for (auto& f : files) {
        std::sort(f.participations.begin(), f.participations.end(), [&](const Participation& a, const Participation& b) {
            const std::string& ia = dataset.persons[dataset.periods[a.period].person].id;
            const std::string& ib = dataset.persons[dataset.periods[b.period].person].id;
            return std::tie(ia, a.start, a.period) < std::tie(ib, b.start, b.period);
        });
        std::sort(f.register_records.begin(), f.register_records.end(), [&](std::uint32_t a, std::uint32_t b) {
            const KaaRecord& ka = dataset.kaa[a];
            const KaaRecord& kb = dataset.kaa[b];
            return std::tie(dataset.persons[ka.person].id, ka.responsibility_start, a) <
                   std::tie(dataset.persons[kb.person].id, kb.responsibility_start, b);
        });
    }
    return files;
}

ScbTable scb_kaa_table(const ScbTemplate& tmpl, const Dataset& dataset, HalfYear half, const ScbKaaFile& file) {
    ScbTable table = scb_table_frame(tmpl);
    for (const Participation& part : file.participations) {
        const ParticipantPeriod& p = dataset.periods[part.period];
        const Contact* contact = contact_of(dataset, p);
        const std::optional<StatusAtExit> exit_status = dataset.periods[part.ended_last].exit_status;
        const bool ended_in_half = part.end && in_half(*part.end, half);
        std::vector<std::string> cells;
        for (const auto& column : tmpl.columns) {
            switch (column.field) {
                case ScbField::personnummer: cells.push_back(scb_identity_text(tmpl, dataset.persons[p.person])); break;
                case ScbField::municipality: cells.push_back(file.municipality); break;
                case ScbField::half_year: cells.push_back(std::to_string(half.year) + "H" + std::to_string(half.half)); break;
                case ScbField::start_date: cells.push_back(format_scb_date(tmpl, part.start)); break;
                case ScbField::end_date: cells.push_back(ended_in_half ? format_scb_date(tmpl, *part.end) : ""); break;
                case ScbField::measure_started: cells.push_back(in_half(part.start, half) ? format_scb_date(tmpl, part.start) : ""); break;
                case ScbField::measure_ended: cells.push_back(ended_in_half ? format_scb_date(tmpl, *part.end) : ""); break;
                case ScbField::exit_status: {
                    std::string code;
                    if (ended_in_half && exit_status) {
                        const auto it = tmpl.exit_status_codes.find(std::string(to_string(*exit_status)));
                        code = it != tmpl.exit_status_codes.end() ? it->second : std::string(to_string(*exit_status));
                    }
                    cells.push_back(code);
                    break;
                }
                case ScbField::email: cells.push_back(scb_contact_text(tmpl, contact ? contact->email : "")); break;
                case ScbField::mobile: cells.push_back(scb_contact_text(tmpl, contact ? contact->mobile : "")); break;
                case ScbField::occupation:
                case ScbField::measure:
                case ScbField::address: cells.push_back(""); break;  // not in the participant model
            }
        }
        table.rows.push_back(std::move(cells));
    }
    for (std::uint32_t index : file.register_records) {
        const KaaRecord& k = dataset.kaa[index];
        const bool ended_in_half = k.responsibility_end && in_half(*k.responsibility_end, half);
        auto in_half_text = [&](const std::optional<Date>& d) { return d && in_half(*d, half) ? format_scb_date(tmpl, *d) : ""; };
        std::vector<std::string> cells;
        for (const auto& column : tmpl.columns) {
            switch (column.field) {
                case ScbField::personnummer: cells.push_back(scb_identity_text(tmpl, dataset.persons[k.person])); break;
                case ScbField::municipality: cells.push_back(file.municipality); break;
                case ScbField::half_year: cells.push_back(std::to_string(half.year) + "H" + std::to_string(half.half)); break;
                case ScbField::start_date: cells.push_back(format_scb_date(tmpl, k.responsibility_start)); break;
                case ScbField::end_date: cells.push_back(ended_in_half ? format_scb_date(tmpl, *k.responsibility_end) : ""); break;
                case ScbField::measure_started: cells.push_back(in_half_text(k.measure_start)); break;
                case ScbField::measure_ended: cells.push_back(in_half_text(k.measure_end)); break;
                case ScbField::exit_status: {
                    // Why the responsibility ended: the occupation, coded like a status at exit when it is one.
                    std::string code;
                    if (ended_in_half) {
                        const auto status = parse_status_at_exit(k.occupation);
                        const std::string token = status ? std::string(to_string(*status)) : k.occupation;
                        const auto it = tmpl.exit_status_codes.find(token);
                        code = it != tmpl.exit_status_codes.end() ? it->second : token;
                    }
                    cells.push_back(code);
                    break;
                }
                case ScbField::email: cells.push_back(scb_contact_text(tmpl, k.email)); break;
                case ScbField::mobile: cells.push_back(scb_contact_text(tmpl, k.phone)); break;
                case ScbField::occupation: cells.push_back(k.occupation); break;
                case ScbField::measure: cells.push_back(k.measure); break;
                case ScbField::address: cells.push_back(scb_contact_text(tmpl, k.address)); break;
            }
        }
        table.rows.push_back(std::move(cells));
    }
    return table;
}

std::string scb_kaa_canonical_text(const Dataset& dataset, HalfYear half, const ScbKaaFile& file) {
    std::string out = half.text() + '\t' + file.municipality + '\n';
    for (const Participation& part : file.participations) {
        const ParticipantPeriod& p = dataset.periods[part.period];
        const Contact* contact = contact_of(dataset, p);
        const std::optional<StatusAtExit> exit_status = dataset.periods[part.ended_last].exit_status;
        out += dataset.persons[p.person].id + '\t' + part.start.iso() + '\t' + (part.end ? part.end->iso() : "") + '\t' +
               (exit_status ? std::string(to_string(*exit_status)) : "") + '\t' + (contact ? contact->email : "") +
               '\t' + (contact ? contact->mobile : "") + '\n';
    }
    for (std::uint32_t index : file.register_records) {
        const KaaRecord& k = dataset.kaa[index];
        const auto date = [](const std::optional<Date>& d) { return d ? d->iso() : std::string(); };
        out += dataset.persons[k.person].id + '\t' + k.responsibility_start.iso() + '\t' + date(k.responsibility_end) + '\t' +
               k.occupation + '\t' + k.measure + '\t' + date(k.measure_start) + '\t' + date(k.measure_end) + '\t' + k.address +
               '\t' + k.email + '\t' + k.phone + '\n';
    }
    return out;
}

std::string scb_kaa_file_name(const ScbTemplate& tmpl, const std::string& project, HalfYear half,
                              const std::string& municipality) {
    return scb_file_name(tmpl, {{"municipality", municipality},
                                {"half", std::to_string(half.half)},
                                {"year", std::to_string(half.year)},
                                {"project", project}}) +
           tmpl.extension();
}

std::time_t scb_kaa_created_time(HalfYear half) {
    return static_cast<std::time_t>(half.last_day().days() + 1) * 86400;
}

}  // namespace esfreport
