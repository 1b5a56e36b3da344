#include "esfreport/export/scb_monthly_file.hpp"

#include <esfreport/core/participation.hpp>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <tuple>

namespace esfreport {
namespace {

const Contact* contact_of(const Dataset& dataset, const ParticipantPeriod& period) {
    if (period.contact == ParticipantPeriod::kNoContact || period.contact >= dataset.contacts.size()) return nullptr;
    return &dataset.contacts[period.contact];
}

void sort_rows(const Dataset& dataset, std::vector<ScbMonthlyRow>& rows) {
    std::sort(rows.begin(), rows.end(), [&](const ScbMonthlyRow& a, const ScbMonthlyRow& b) {
        const std::string& ia = dataset.persons[a.person].id;
        const std::string& ib = dataset.persons[b.person].id;
        const Date no_end = Date::from_days(INT32_MAX);
        return std::make_tuple(std::cref(ia), a.start, a.end.value_or(no_end), a.period) <
               std::make_tuple(std::cref(ib), b.start, b.end.value_or(no_end), b.period);
    });
}

}  // namespace

const std::vector<ScbMonthlyRow>& ScbSchedule::rows_for(int month) const {
    static const std::vector<ScbMonthlyRow> none;
    const auto it = rows.find(month);
    return it == rows.end() ? none : it->second;
}

std::vector<int> ScbSchedule::project_months() const {
    std::vector<int> out;
    for (int m = first_month; m <= last_month; ++m) out.push_back(m);
    return out;
}

ScbSchedule scb_schedule(const Dataset& dataset) {
    ScbSchedule s;
    const ProjectConfig* config = dataset.config;
    std::optional<Date> project_start, project_end;
    if (config) {
        project_start = config->period_start;
        project_end = config->period_end;
    }
    int data_first = INT32_MAX, data_last = INT32_MIN;
    // A person in two activities of a subproject at once started and ended once.
    for (const Participation& part : participations(dataset)) {
        const std::uint32_t i = part.period;
        const ParticipantPeriod& p = dataset.periods[i];
        if (project_start && ((part.end && *part.end < *project_start) || part.start > *project_end)) {
            ++s.periods_outside_project;
            continue;
        }
        Date start = part.start;
        if (project_start && start < *project_start) {
            start = *project_start;
            ++s.starts_moved_to_project_start;
        }
        std::optional<Date> end = part.end;
        if (end && project_end && *end > *project_end) {
            end = *project_end;
            ++s.ends_moved_to_project_end;
        }
        ScbMonthlyRow row;
        row.period = i;
        row.person = p.person;
        row.start = start;
        row.starts_in_month = true;
        const int start_month = start.month_index();
        if (end && end->month_index() == start_month) {
            row.end = end;
            s.rows[start_month].push_back(row);
            ++s.start_events;
            ++s.end_events;
        } else {
            s.rows[start_month].push_back(row);
            ++s.start_events;
            if (end) {
                ScbMonthlyRow end_row = row;
                end_row.starts_in_month = false;
                end_row.end = end;
                s.rows[end->month_index()].push_back(end_row);
                ++s.end_events;
            }
        }
        data_first = std::min(data_first, start_month);
        data_last = std::max(data_last, end ? end->month_index() : start_month);
    }
    for (auto& [month, rows] : s.rows) {
        (void)month;
        sort_rows(dataset, rows);
    }
    if (config) {
        s.first_month = config->period_start.month_index();
        s.last_month = config->period_end.month_index();
    } else if (data_first <= data_last) {
        s.first_month = data_first;
        s.last_month = data_last;
    }
    return s;
}

std::vector<int> months_with_events(const Dataset& dataset) {
    std::vector<int> out;
    for (const auto& [month, rows] : scb_schedule(dataset).rows) {
        (void)rows;
        out.push_back(month);
    }
    return out;
}

std::vector<ScbMonthlyRow> rows_for_month(const Dataset& dataset, int month_index) {
    return scb_schedule(dataset).rows_for(month_index);
}

std::vector<ScbMonthlyRow> rows_for_month(const Dataset& dataset, std::string_view month) {
    const auto index = parse_scb_month(month);
    if (!index) throw std::invalid_argument("expected a month as YYYY-MM, got \"" + std::string(month) + "\"");
    return rows_for_month(dataset, *index);
}

std::string scb_monthly_canonical_text(const Dataset& dataset, const std::vector<ScbMonthlyRow>& rows) {
    std::string out;
    for (const auto& row : rows) {
        const ParticipantPeriod& p = dataset.periods[row.period];
        const Contact* contact = contact_of(dataset, p);
        out += dataset.persons[row.person].id;
        out += '\t';
        out += row.starts_in_month ? "start" : "end";
        out += '\t';
        out += row.start.iso();
        out += '\t';
        if (row.end) out += row.end->iso();
        out += '\t';
        if (contact) out += contact->email;
        out += '\t';
        if (contact) out += contact->mobile;
        out += '\n';
    }
    return out;
}

ScbTable scb_monthly_table(const ScbTemplate& tmpl, const Dataset& dataset, const std::vector<ScbMonthlyRow>& rows) {
    if (tmpl.kind != ScbFileKind::esf_monthly)
        throw std::invalid_argument(tmpl.file.string() + ": kind: expected an esf_monthly template");
    ScbTable table = scb_table_frame(tmpl);
    for (const auto& row : rows) {
        const ParticipantPeriod& p = dataset.periods[row.period];
        const Contact* contact = contact_of(dataset, p);
        std::vector<std::string> cells;
        for (const auto& column : tmpl.columns) {
            switch (column.field) {
                case ScbField::personnummer: cells.push_back(scb_identity_text(tmpl, dataset.persons[row.person])); break;
                case ScbField::start_date:
                    cells.push_back(row.starts_in_month || tmpl.repeat_start_on_end_row ? format_scb_date(tmpl, row.start) : "");
                    break;
                case ScbField::end_date: cells.push_back(row.end ? format_scb_date(tmpl, *row.end) : ""); break;
                case ScbField::email: cells.push_back(scb_contact_text(tmpl, contact ? contact->email : "")); break;
                case ScbField::mobile: cells.push_back(scb_contact_text(tmpl, contact ? contact->mobile : "")); break;
                default: throw std::invalid_argument("field " + std::string(to_string(column.field)) + " is not part of the ESF file");
            }
        }
        table.rows.push_back(std::move(cells));
    }
    return table;
}

std::string scb_monthly_file_name(const ScbTemplate& tmpl, const std::string& project, int month_index) {
    const int month = month_index % 12;
    const std::string text = scb_month_text(month_index);
    return scb_file_name(tmpl, {{"month_name", tmpl.month_names[month]},
                                {"month", text.substr(5, 2)},
                                {"year", text.substr(0, 4)},
                                {"project", project}}) +
           tmpl.extension();
}

std::time_t scb_monthly_created_time(int month_index) {
    const int next = month_index + 1;
    const auto first = Date::from_ymd(next / 12, next % 12 + 1, 1);
    return static_cast<std::time_t>(first->days()) * 86400;
}

}  // namespace esfreport
