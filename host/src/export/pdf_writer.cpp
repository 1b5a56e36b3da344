#include "esfreport/export/pdf_writer.hpp"

#include "esfreport/export/number_format.hpp"

#include "chart_cairo.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace fs = std::filesystem;

namespace esfreport {
namespace {

// Sizes in PDF points (1/72 inch).
constexpr double a4_short = 595.276;
constexpr double a4_long = 841.890;
constexpr double margin_x = 28;
constexpr double content_top = 54;     // below the page header
constexpr double content_bottom = 46;  // distance from the page bottom, above the footer
constexpr double cell_pad_x = 2.5;
constexpr double cell_pad_y = 1.5;
constexpr double base_font = 8.5;
// Notes are set in this size; body text never shrinks below it.
constexpr double note_font = 7.0;
constexpr double smallest_font = note_font;
constexpr double table_gap = 16;  // between two tables sharing a page
constexpr const char* font_family = "DejaVu Sans";

struct Rgb {
    double r, g, b;
};
constexpr Rgb black{0, 0, 0};
constexpr Rgb grey{0.35, 0.35, 0.35};
constexpr Rgb rule_grey{0.55, 0.55, 0.55};
constexpr Rgb row_rule{0.82, 0.82, 0.82};
constexpr Rgb header_fill{217 / 255.0, 225 / 255.0, 242 / 255.0};
constexpr Rgb highlight_fill{255 / 255.0, 242 / 255.0, 204 / 255.0};

struct Font {
    double size = base_font;
    bool bold = false;
    bool italic = false;
};

struct GObjectUnref {
    void operator()(gpointer p) const { g_object_unref(p); }
};
using Layout = std::unique_ptr<PangoLayout, GObjectUnref>;

struct Labels {
    const char* page_of;  // "Sida %d av %d"
    const char* generated;
    const char* continued;
};
Labels labels_for(Language language) {
    if (language == Language::en) return {"Page %d of %d", "Generated", "(cont.)"};
    return {"Sida %d av %d", "Skapad", "(forts.)"};
}

std::string utc_date(std::time_t t, const char* format) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[32];
    const std::size_t n = std::strftime(buffer, sizeof buffer, format, &tm);
    return std::string(buffer, n);
}

bool right_aligned(const ReportColumn& column, const Cell& cell) { return column.numeric && cell.kind != CellKind::text; }

// A table measured for the page: font size, column widths, orientation.
struct TablePlan {
    const ReportTable* table = nullptr;
    double font_size = base_font;
    std::vector<double> widths;  // including padding
    double width = 0;
    bool landscape = false;
};

// Every text of a document is laid out (shaped by pango and harfbuzz) once per
// font, wrap width and alignment, and the layout shared by the page-counting
// and the drawing pass: most cells of a report repeat (numbers, labels, the
// block labels of long tables), and a table is measured, fitted and drawn, so
// shaping each cell afresh was most of the PDF's time. A cached layout draws
// the same glyphs as a fresh one; the output is byte-identical.
class TextLayouts {
public:
    // A font map of its own (not the thread's default one), so that the cache
    // can serve a writer on another thread later (TextLayoutPool).
    TextLayouts() : font_map_(pango_cairo_font_map_new()), context_(pango_font_map_create_context(font_map_)) {
        // Unhinted metrics: text widths scale with the font size and do not
        // depend on the machine's font configuration.
        cairo_font_options_t* options = cairo_font_options_create();
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
        pango_cairo_context_set_font_options(context_, options);
        cairo_font_options_destroy(options);
    }
    ~TextLayouts() {
        layouts_.clear();
        if (surface_options_) cairo_font_options_destroy(surface_options_);
        g_object_unref(context_);
        g_object_unref(font_map_);
    }
    TextLayouts(const TextLayouts&) = delete;
    TextLayouts& operator=(const TextLayouts&) = delete;

    PangoContext* context() const { return context_; }

    // Brings the context in line with a new cairo context. pango counts every
    // update as a change, after which each layout is shaped again when next
    // used; so the update is skipped when nothing it sets differs (the
    // surface's font options and the transformation, as
    // pango_cairo_update_context compares them), and the layouts shaped for
    // the page count serve the drawing and the next document.
    void use_with(cairo_t* cr) {
        cairo_font_options_t* options = cairo_font_options_create();
        cairo_surface_get_font_options(cairo_get_target(cr), options);
        cairo_matrix_t matrix;
        cairo_get_matrix(cr, &matrix);
        matrix.x0 = matrix.y0 = 0;
        const bool same = surface_options_ && cairo_font_options_equal(options, surface_options_) && matrix.xx == matrix_.xx &&
                          matrix.yx == matrix_.yx && matrix.xy == matrix_.xy && matrix.yy == matrix_.yy;
        if (same) {
            cairo_font_options_destroy(options);
            return;
        }
        if (surface_options_) cairo_font_options_destroy(surface_options_);
        surface_options_ = options;
        matrix_ = matrix;
        pango_cairo_update_context(cr, context_);
    }

    // A layout of `text`, wrapped at `width` points (none when width <= 0).
    Layout get(const std::string& text, const Font& font, double width, PangoAlignment align) {
        Key key{text, font.size, font.bold, font.italic, width > 0 ? static_cast<int>(width * PANGO_SCALE) : -1, align};
        const auto found = layouts_.find(key);
        if (found != layouts_.end()) return Layout(static_cast<PangoLayout*>(g_object_ref(found->second.get())));
        Layout l = make(text, font, key.width, align);
        // A bound on memory for a document of many distinct texts; forgetting
        // layouts changes no output, only the time.
        if (layouts_.size() >= max_layouts) layouts_.clear();
        layouts_.emplace(std::move(key), Layout(static_cast<PangoLayout*>(g_object_ref(l.get()))));
        return l;
    }

private:
    static constexpr std::size_t max_layouts = 1 << 16;
    struct Key {
        std::string text;
        double size;
        bool bold, italic;
        int width;  // Pango units, -1: no wrapping
        PangoAlignment align;
        bool operator==(const Key& o) const {
            return size == o.size && bold == o.bold && italic == o.italic && width == o.width && align == o.align && text == o.text;
        }
    };
    struct KeyHash {
        std::size_t operator()(const Key& k) const {
            std::size_t h = std::hash<std::string>()(k.text);
            for (const std::size_t part : {std::hash<double>()(k.size), std::size_t(k.bold) << 1 | std::size_t(k.italic),
                                           std::hash<int>()(k.width), std::size_t(k.align)})
                h ^= part + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
            return h;
        }
    };

    Layout make(const std::string& text, const Font& font, int width, PangoAlignment align) const {
        if (!g_utf8_validate(text.data(), static_cast<gssize>(text.size()), nullptr))
            throw std::invalid_argument("text is not valid UTF-8: \"" + text.substr(0, 40) + "\"");
        Layout l(pango_layout_new(context_));
        PangoFontDescription* description = pango_font_description_new();
        pango_font_description_set_family(description, font_family);
        pango_font_description_set_absolute_size(description, font.size * PANGO_SCALE);
        pango_font_description_set_weight(description, font.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
        pango_font_description_set_style(description, font.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
        pango_layout_set_font_description(l.get(), description);
        pango_font_description_free(description);
        if (width >= 0) {
            pango_layout_set_width(l.get(), width);
            pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
        }
        pango_layout_set_alignment(l.get(), align);
        pango_layout_set_text(l.get(), text.data(), static_cast<int>(text.size()));
        return l;
    }

    PangoFontMap* font_map_;
    PangoContext* context_;
    cairo_font_options_t* surface_options_ = nullptr;  // as of the last update of the context
    cairo_matrix_t matrix_{};
    std::unordered_map<Key, Layout, KeyHash> layouts_;
};

// Natural widths of a table's columns at one font size.
struct Measures {
    std::vector<double> content, header_full, header_word, group;
};

// The layouts of a table row's cells and the row's height.
struct RowLayout {
    std::vector<Layout> cells;
    double height = 0;
};

// The decisions of the page-count pass, taken over by the drawing pass,
// which would make the same ones: the tables measured per font size, and
// the rows laid out for the widths the table got. Keyed by the document's tables.
struct PassDecisions {
    std::map<std::pair<const ReportTable*, double>, Measures> measures;
    struct Rows {
        double font_size;
        std::vector<double> widths;
        std::vector<RowLayout> rows;
    };
    std::map<const ReportTable*, Rows> rows;
};

RowLayout shared_copy(const RowLayout& row) {
    RowLayout copy;
    copy.height = row.height;
    for (const Layout& l : row.cells) copy.cells.emplace_back(static_cast<PangoLayout*>(g_object_ref(l.get())));
    return copy;
}

// The layout caches of the process's PDF writers, each lent to one writer at
// a time: the reports of a run share their labels and many figures, so a
// cache serves one PDF after another, on whichever thread. Never destroyed:
// freeing some 100,000 layouts one by one as the process exits is wasted work.
class TextLayoutPool {
public:
    static TextLayoutPool& instance() {
        static TextLayoutPool* const pool = new TextLayoutPool;
        return *pool;
    }
    class Lease {
    public:
        Lease() : layouts_(instance().take()) {}
        ~Lease() { instance().give_back(std::move(layouts_)); }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        TextLayouts& operator*() const { return *layouts_; }

    private:
        std::unique_ptr<TextLayouts> layouts_;
    };

private:
    std::unique_ptr<TextLayouts> take() {
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            if (!idle_.empty()) {
                std::unique_ptr<TextLayouts> layouts = std::move(idle_.back());
                idle_.pop_back();
                return layouts;
            }
        }
        return std::make_unique<TextLayouts>();
    }
    void give_back(std::unique_ptr<TextLayouts> layouts) {
        const std::lock_guard<std::mutex> lock(mutex_);
        idle_.push_back(std::move(layouts));
    }

    std::mutex mutex_;
    std::vector<std::unique_ptr<TextLayouts>> idle_;
};

class Renderer {
public:
    // total_pages 0: the pass that counts the pages; it makes every layout
    // decision but draws no text, rule or fill (the charts are drawn).
    Renderer(const ReportDocument& document, cairo_surface_t* surface, int total_pages, TextLayouts& layouts, PassDecisions& decisions)
        : document_(document),
          labels_(labels_for(document.language)),
          surface_(surface),
          layouts_(layouts),
          decisions_(decisions),
          total_pages_(total_pages),
          counting_(total_pages == 0) {
        cr_ = cairo_create(surface_);
        layouts_.use_with(cr_);
    }
    ~Renderer() { cairo_destroy(cr_); }
    Renderer(const Renderer&) = delete;
    Renderer& operator=(const Renderer&) = delete;

    // Lays out and draws the whole document; returns the number of pages.
    // Tables follow one another on a page (a report of a few subprojects is a
    // few pages, not one page per table); a table that needs a landscape page
    // starts one.
    int run() {
        if (!document_.summary.empty()) draw_summary_page();
        // One orientation for the tables: landscape when any needs it, so a
        // narrow table shares a page with a wide one.
        std::vector<TablePlan> plans;
        bool landscape = false;
        for (const ReportTable& table : document_.tables) {
            if (table.workbook_only) continue;  // a detail sheet of the XLSX
            plans.push_back(plan_table(table));
            landscape = landscape || plans.back().landscape;
        }
        for (TablePlan& plan : plans) {
            // A table that wrapped to fit a portrait page gets the landscape width.
            if (landscape && !plan.landscape) plan = plan_table(*plan.table, true);
            place_table(plan);
            draw_table(plan);
        }
        if (!document_.about.empty()) {
            std::vector<TablePlan> about_plans;
            bool about_landscape = false;
            for (const ReportTable& table : document_.about) {
                about_plans.push_back(plan_table(table, landscape));
                about_landscape = about_landscape || about_plans.back().landscape;
            }
            const std::string heading = document_.about_sheet_name.empty()
                                            ? (document_.language == Language::sv ? "Om rapporten" : "About")
                                            : document_.about_sheet_name;
            // No section heading when the first about table already says it.
            const bool own_heading = document_.about.front().title != heading;
            Layout l = layout(heading, {12, true, false}, content_width(), PANGO_ALIGN_LEFT);
            TablePlan first = about_plans.front();
            first.landscape = about_landscape;
            place_table(first, own_heading ? height(l.get()) + 8 : 0);
            if (own_heading) {
                draw(l.get(), margin_x, y_, black);
                y_ += height(l.get()) + 8;
            }
            for (std::size_t i = 0; i < about_plans.size(); ++i) {
                if (i > 0) y_ += 14;
                draw_table(about_plans[i]);
            }
        }
        if (page_ == 0) {
            new_page(false);
            draw_document_heading();
        }
        cairo_show_page(cr_);
        return page_;
    }

    cairo_status_t status() const { return cairo_status(cr_); }

    // The first page: the key figures, then the charts (chart_cairo.cpp) in
    // the room left on the page.
    void draw_summary_page() {
        new_page(false);
        draw_document_heading();
        const ReportSummary& summary = document_.summary;
        if (!summary.key_figures.rows.empty()) draw_table(plan_table(summary.key_figures));
        y_ += 12;
        if (bottom() - y_ < chart_detail::chart_grid_min_height(summary.charts.size())) new_page(false);
        y_ = chart_detail::draw_chart_grid(cr_, summary.charts, margin_x, y_, content_width(), bottom() - y_, document_.language);
    }

private:
    double page_width() const { return landscape_ ? a4_long : a4_short; }
    double page_height() const { return landscape_ ? a4_short : a4_long; }
    double content_width() const { return page_width() - 2 * margin_x; }
    double bottom() const { return page_height() - content_bottom; }

    Layout layout(const std::string& text, const Font& font, double width, PangoAlignment align) const {
        return layouts_.get(text, font, width, align);
    }
    static double width(PangoLayout* l) {
        int w = 0, h = 0;
        pango_layout_get_size(l, &w, &h);
        return static_cast<double>(w) / PANGO_SCALE;
    }
    static double height(PangoLayout* l) {
        int w = 0, h = 0;
        pango_layout_get_size(l, &w, &h);
        return static_cast<double>(h) / PANGO_SCALE;
    }
    void draw(PangoLayout* l, double x, double y, Rgb color) {
        if (counting_) return;
        cairo_set_source_rgb(cr_, color.r, color.g, color.b);
        cairo_move_to(cr_, x, y);
        pango_cairo_show_layout(cr_, l);
    }
    void rule(double x0, double x1, double y, double line_width, Rgb color) {
        if (counting_) return;
        cairo_set_source_rgb(cr_, color.r, color.g, color.b);
        cairo_set_line_width(cr_, line_width);
        cairo_move_to(cr_, x0, y);
        cairo_line_to(cr_, x1, y);
        cairo_stroke(cr_);
    }
    void fill(double x, double y, double w, double h, Rgb color) {
        if (counting_) return;
        cairo_set_source_rgb(cr_, color.r, color.g, color.b);
        cairo_rectangle(cr_, x, y, w, h);
        cairo_fill(cr_);
    }

    void new_page(bool landscape) {
        if (page_ > 0) cairo_show_page(cr_);
        landscape_ = landscape;
        cairo_pdf_surface_set_size(surface_, page_width(), page_height());
        ++page_;
        draw_page_furniture();
        y_ = content_top;
    }

    void draw_page_furniture() {
        const Font small{note_font, false, false};
        const double x1 = page_width() - margin_x;
        std::string left = document_.project;
        if (!document_.registration_number.empty()) left += " (" + document_.registration_number + ")";
        if (!document_.scope.empty()) left += (left.empty() ? "" : " \u2013 ") + document_.scope;
        Layout header_left = layout(left, small, content_width() * 0.6, PANGO_ALIGN_LEFT);
        Layout header_right = layout(document_.period, small, content_width() * 0.4, PANGO_ALIGN_RIGHT);
        draw(header_left.get(), margin_x, 24, grey);
        draw(header_right.get(), margin_x + content_width() * 0.6, 24, grey);
        rule(margin_x, x1, 24 + std::max(height(header_left.get()), height(header_right.get())) + 3, 0.5, rule_grey);

        const double footer_y = page_height() - content_bottom + 18;
        rule(margin_x, x1, footer_y - 4, 0.5, rule_grey);
        char page_text[64];
        std::snprintf(page_text, sizeof page_text, labels_.page_of, page_, total_pages_ > 0 ? total_pages_ : page_);
        Layout footer_left = layout(std::string(labels_.generated) + " " + utc_date(document_.generated_at, "%Y-%m-%d"), small,
                                    content_width() / 2, PANGO_ALIGN_LEFT);
        Layout footer_right = layout(page_text, small, content_width() / 2, PANGO_ALIGN_RIGHT);
        draw(footer_left.get(), margin_x, footer_y, grey);
        draw(footer_right.get(), margin_x + content_width() / 2, footer_y, grey);
    }

    void draw_document_heading() {
        Layout title = layout(document_.title, {15, true, false}, content_width(), PANGO_ALIGN_LEFT);
        draw(title.get(), margin_x, y_, black);
        y_ += height(title.get()) + 3;
        std::string line = document_.scope;
        if (!document_.period.empty()) line += (line.empty() ? "" : ", ") + document_.period;
        if (!line.empty()) {
            Layout sub = layout(line, {9.5, false, false}, content_width(), PANGO_ALIGN_LEFT);
            draw(sub.get(), margin_x, y_, grey);
            y_ += height(sub.get());
        }
        y_ += 16;
    }

    double longest_word(const std::string& text, const Font& font) const {
        double w = 0;
        std::size_t start = 0;
        while (start <= text.size()) {
            const std::size_t end = std::min(text.find(' ', start), text.size());
            if (end > start) w = std::max(w, width(layout(text.substr(start, end - start), font, -1, PANGO_ALIGN_LEFT).get()));
            start = end + 1;
        }
        return w;
    }

    Measures measure(const ReportTable& table, double size) const {
        const std::size_t ncols = table.columns.size();
        Measures m{std::vector<double>(ncols, 0), std::vector<double>(ncols, 0), std::vector<double>(ncols, 0), {}};
        for (const ReportRow& row : table.rows) {
            const Font font{size, row.style == RowStyle::total, row.style == RowStyle::note};
            for (std::size_t c = 0; c < row.cells.size(); ++c) {
                const std::string text = format_cell(row.cells[c], document_.language);
                if (!text.empty()) m.content[c] = std::max(m.content[c], width(layout(text, font, -1, PANGO_ALIGN_LEFT).get()));
            }
        }
        const Font header_font{size, true, false};
        for (std::size_t c = 0; c < ncols; ++c) {
            const std::string& label = table.columns[c].label;
            m.header_full[c] = width(layout(label, header_font, -1, PANGO_ALIGN_LEFT).get());
            m.header_word[c] = longest_word(label, header_font);
        }
        // A group label wraps over its columns: only its longest word must fit.
        for (const ColumnGroup& g : table.groups) m.group.push_back(longest_word(g.label, header_font));
        return m;
    }

    const Measures& measured(const ReportTable& table, double size) const {
        const auto [at, fresh] = decisions_.measures.try_emplace({&table, size});
        if (fresh) at->second = measure(table, size);
        return at->second;
    }

    // Column widths for one font size; a text column wider than its cap
    // (text_caps[c]) wraps (never below its header's longest word).
    TablePlan fit(const ReportTable& table, const Measures& m, double size, const std::vector<double>& text_caps) const {
        const std::size_t ncols = table.columns.size();
        TablePlan plan;
        plan.table = &table;
        plan.font_size = size;
        plan.widths.assign(ncols, 0);
        const double k = size / base_font;
        // Slack so that a measured line never wraps through rounding.
        const double slack = 2 * cell_pad_x + 1;
        for (std::size_t c = 0; c < ncols; ++c) {
            const double header = std::max(m.header_word[c], std::min(m.header_full[c], 95.0 * k));
            double w = std::max(m.content[c], header);
            if (!table.columns[c].numeric) w = std::min(w, std::max(header, text_caps[c]));
            plan.widths[c] = w + slack;
        }
        std::size_t c = 0;
        for (std::size_t g = 0; g < table.groups.size(); ++g) {
            const auto span = static_cast<std::size_t>(table.groups[g].span);
            double have = 0;
            for (std::size_t i = c; i < c + span; ++i) have += plan.widths[i];
            const double need = m.group[g] + slack;
            if (need > have)
                for (std::size_t i = c; i < c + span; ++i) plan.widths[i] += (need - have) / static_cast<double>(span);
            c += span;
        }
        for (double w : plan.widths) plan.width += w;
        return plan;
    }

    // Portrait at the normal size if the table fits, else landscape, else
    // landscape with smaller type; long text columns wrap before type shrinks.
    TablePlan plan_table(const ReportTable& table, bool landscape_only = false) const {
        const std::size_t ncols = table.columns.size();
        int spanned = 0;
        for (const ColumnGroup& g : table.groups) {
            if (g.span < 1) throw std::invalid_argument("table " + table.id + ": column group \"" + g.label + "\" spans less than one column");
            spanned += g.span;
        }
        if (spanned > static_cast<int>(ncols))
            throw std::invalid_argument("table " + table.id + ": column groups span more columns than the table has");
        for (std::size_t r = 0; r < table.rows.size(); ++r)
            if (table.rows[r].cells.size() > ncols)
                throw std::invalid_argument("table " + table.id + ": row " + std::to_string(r + 1) + " has " +
                                            std::to_string(table.rows[r].cells.size()) + " cells, the table has " + std::to_string(ncols) +
                                            " columns");
        const double portrait = a4_short - 2 * margin_x;
        const double landscape = a4_long - 2 * margin_x;
        // Text columns wrap only as much as needed, down to this width.
        auto narrowest = [](double size) { return 90.0 * size / base_font; };
        // The widest text column gives way first, a few points at a time.
        auto fit_into = [&](const Measures& m, double size, double available) {
            std::vector<double> caps = m.content;
            TablePlan plan = fit(table, m, size, caps);
            while (plan.width > available) {
                std::size_t widest = ncols;
                for (std::size_t c = 0; c < ncols; ++c)
                    if (!table.columns[c].numeric && caps[c] - 4 >= narrowest(size) && (widest == ncols || caps[c] > caps[widest])) widest = c;
                if (widest == ncols) break;
                caps[widest] -= 4;
                plan = fit(table, m, size, caps);
            }
            return plan;
        };
        const Measures& base = measured(table, base_font);
        for (const bool landscape_page : {false, true}) {
            if (landscape_only && !landscape_page) continue;
            TablePlan plan = fit_into(base, base_font, landscape_page ? landscape : portrait);
            if (plan.width <= (landscape_page ? landscape : portrait)) {
                plan.landscape = landscape_page;
                return plan;
            }
        }
        TablePlan plan;
        for (double size = base_font - 0.5; size >= smallest_font; size -= 0.5) {
            plan = fit_into(measured(table, size), size, landscape);
            if (plan.width <= landscape) break;
        }
        plan.landscape = true;
        return plan;
    }

    // Where a table starts: on the first page under the document heading, on
    // a new landscape page when it needs one and this page is portrait, else
    // below the table before it. draw_table() moves it on when its start
    // (and `extra` points above it) does not fit.
    void place_table(const TablePlan& plan, double extra = 0) {
        if (page_ == 0) {
            new_page(plan.landscape);
            draw_document_heading();
        } else if (plan.landscape && !landscape_) {
            new_page(true);
        } else {
            y_ += table_gap;
            if (y_ + extra + start_height(plan) > bottom()) new_page(plan.landscape);
        }
    }

    // Title, subtitle, header and the rows kept with them: a short table
    // (kept_together rows or fewer) as a whole, else its first rows.
    static constexpr std::size_t kept_together = 8;
    static constexpr std::size_t first_rows_kept = 3;
    double caption_width(const TablePlan& plan) const { return std::min(content_width(), std::max(plan.width, 420.0)); }
    double start_height(const TablePlan& plan) const {
        const ReportTable& table = *plan.table;
        double h = 6 + header_height(plan);
        if (!table.title.empty()) h += height(layout(table.title, {11, true, false}, caption_width(plan), PANGO_ALIGN_LEFT).get()) + 2;
        if (!table.subtitle.empty()) h += height(layout(table.subtitle, {8.5, false, false}, caption_width(plan), PANGO_ALIGN_LEFT).get());
        std::size_t n = table.rows.size() <= kept_together ? table.rows.size() : first_rows_kept;
        // A table of blocks (the same first cell) starts with its first block whole.
        if (n < table.rows.size()) {
            std::size_t block_end = 1;
            while (block_end < table.rows.size() && repeats_block_label(table, block_end)) ++block_end;
            n = std::clamp(block_end, n, std::size_t{12});
        }
        for (std::size_t r = 0; r < n; ++r) h += layout_row(plan, table.rows[r], false).height;
        if (n == table.rows.size()) h += notes_height(plan);  // a short table stays with its notes
        return h;
    }
    double notes_height(const TablePlan& plan) const {
        double h = 4;
        for (const std::string& note : plan.table->notes)
            h += height(layout(note, {note_font, false, false}, caption_width(plan), PANGO_ALIGN_LEFT).get()) + 1.5;
        return h;
    }

    // The group row and the column label row of a table, drawn at y_.
    double header_height(const TablePlan& plan) const { return group_row_height(plan) + label_row_height(plan); }
    double group_row_height(const TablePlan& plan) const {
        if (plan.table->groups.empty()) return 0;
        double h = 0;
        std::size_t c = 0;
        for (const ColumnGroup& g : plan.table->groups) {
            double w = 0;
            for (std::size_t i = c; i < c + static_cast<std::size_t>(g.span); ++i) w += plan.widths[i];
            h = std::max(h, height(layout(g.label, {plan.font_size, true, false}, w - 2 * cell_pad_x, PANGO_ALIGN_CENTER).get()));
            c += static_cast<std::size_t>(g.span);
        }
        return h + 2 * cell_pad_y;
    }
    double label_row_height(const TablePlan& plan) const {
        double h = 0;
        for (std::size_t c = 0; c < plan.widths.size(); ++c)
            h = std::max(h, height(layout(plan.table->columns[c].label, {plan.font_size, true, false}, plan.widths[c] - 2 * cell_pad_x,
                                          PANGO_ALIGN_LEFT)
                                       .get()));
        return h + 2 * cell_pad_y;
    }

    void draw_header(const TablePlan& plan) {
        const ReportTable& table = *plan.table;
        const Font font{plan.font_size, true, false};
        const double top = y_;
        const double total = header_height(plan);
        fill(margin_x, top, plan.width, total, header_fill);
        rule(margin_x, margin_x + plan.width, top, 0.8, black);
        if (!table.groups.empty()) {
            const double h = group_row_height(plan);
            double x = margin_x;
            std::size_t c = 0;
            for (const ColumnGroup& g : table.groups) {
                double w = 0;
                for (std::size_t i = c; i < c + static_cast<std::size_t>(g.span); ++i) w += plan.widths[i];
                if (!g.label.empty()) {
                    Layout l = layout(g.label, font, w - 2 * cell_pad_x, PANGO_ALIGN_CENTER);
                    draw(l.get(), x + cell_pad_x, y_ + cell_pad_y, black);
                    rule(x + cell_pad_x, x + w - cell_pad_x, y_ + h - 0.5, 0.5, rule_grey);
                }
                x += w;
                c += static_cast<std::size_t>(g.span);
            }
            y_ += h;
        }
        const double h = label_row_height(plan);
        double x = margin_x;
        for (std::size_t c = 0; c < plan.widths.size(); ++c) {
            const ReportColumn& column = table.columns[c];
            Layout l = layout(column.label, font, plan.widths[c] - 2 * cell_pad_x, column.numeric ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
            // Labels sit on the bottom of the row, like a spreadsheet header.
            draw(l.get(), x + cell_pad_x, y_ + h - cell_pad_y - height(l.get()), black);
            x += plan.widths[c];
        }
        y_ += h;
        rule(margin_x, margin_x + plan.width, y_, 0.8, black);
    }

    // `folded` leaves the first cell blank: the same block label as the row
    // above on the same page.
    RowLayout layout_row(const TablePlan& plan, const ReportRow& row, bool folded) const {
        RowLayout out;
        const Font font{plan.font_size, row.style == RowStyle::total, row.style == RowStyle::note};
        for (std::size_t c = 0; c < plan.widths.size(); ++c) {
            const Cell cell = c < row.cells.size() && !(c == 0 && folded) ? row.cells[c] : Cell::blank();
            const ReportColumn& column = plan.table->columns[c];
            out.cells.push_back(layout(format_cell(cell, document_.language), font, plan.widths[c] - 2 * cell_pad_x,
                                       right_aligned(column, cell) ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT));
            out.height = std::max(out.height, height(out.cells.back().get()));
        }
        if (out.cells.empty()) out.height = plan.font_size;
        out.height += 2 * cell_pad_y;
        return out;
    }

    // True when row r repeats the block label (first cell) of the row above:
    // printed once per block, and again at the top of a page.
    static bool repeats_block_label(const ReportTable& table, std::size_t r) {
        if (r == 0) return false;
        const ReportRow& row = table.rows[r];
        const ReportRow& above = table.rows[r - 1];
        if (row.cells.empty() || above.cells.empty()) return false;
        const Cell& a = row.cells.front();
        const Cell& b = above.cells.front();
        return a.kind == CellKind::text && b.kind == CellKind::text && !a.text.empty() && a.text == b.text;
    }

    void draw_caption(const std::string& text, const Font& font, Rgb color, double w) {
        Layout l = layout(text, font, w, PANGO_ALIGN_LEFT);
        draw(l.get(), margin_x, y_, color);
        y_ += height(l.get());
    }

    void draw_table(const TablePlan& plan) {
        const ReportTable& table = *plan.table;
        // Captions and notes wrap at the table's width, never past the page.
        const double caption_w = caption_width(plan);
        if (y_ + start_height(plan) > bottom() && y_ > content_top) new_page(plan.landscape);
        if (!table.title.empty()) {
            Layout title = layout(table.title, {11, true, false}, caption_w, PANGO_ALIGN_LEFT);
            draw(title.get(), margin_x, y_, black);
            y_ += height(title.get()) + 2;
        }
        if (!table.subtitle.empty()) {
            Layout subtitle = layout(table.subtitle, {8.5, false, false}, caption_w, PANGO_ALIGN_LEFT);
            draw(subtitle.get(), margin_x, y_, grey);
            y_ += height(subtitle.get());
        }
        y_ += 6;
        draw_header(plan);
        const std::size_t n = table.rows.size();
        const double notes_h = notes_height(plan);
        bool blocks = false;  // some rows share their first cell with the row above
        for (std::size_t r = 0; r < n; ++r) blocks = blocks || repeats_block_label(table, r);
        std::vector<RowLayout> rows;
        const auto counted = decisions_.rows.find(&table);
        if (counted != decisions_.rows.end() && counted->second.font_size == plan.font_size && counted->second.widths == plan.widths) {
            rows = std::move(counted->second.rows);
            decisions_.rows.erase(counted);
        } else {
            rows.reserve(n);
            for (std::size_t r = 0; r < n; ++r) rows.push_back(layout_row(plan, table.rows[r], repeats_block_label(table, r)));
            if (counting_) {
                PassDecisions::Rows& kept = decisions_.rows[&table];
                kept = {plan.font_size, plan.widths, {}};
                kept.rows.reserve(n);
                for (const RowLayout& row : rows) kept.rows.push_back(shared_copy(row));
            }
        }
        std::size_t rows_on_page = 0;
        for (std::size_t r = 0; r < n; ++r) {
            const ReportRow& row = table.rows[r];
            bool page_break = y_ + rows[r].height > bottom();
            // No page holds a single row of a table, nor only its notes: the
            // last row never goes over alone (the one above goes with it).
            // The last two rows go over together with the notes.
            if (!page_break && r + 2 == n && rows_on_page >= 2)
                page_break = y_ + rows[r].height + rows[r + 1].height + notes_h > bottom();
            if (page_break && rows_on_page > 0) {
                rule(margin_x, margin_x + plan.width, y_, 0.5, rule_grey);
                new_page(landscape_);
                draw_caption(table.title + " " + labels_.continued, {8.5, false, true}, grey, caption_w);
                y_ += 4;
                draw_header(plan);
                rows_on_page = 0;
                // The block label is printed again at the top of a page.
                if (repeats_block_label(table, r)) rows[r] = layout_row(plan, row, false);
            }
            const RowLayout& cells = rows[r];
            if (row.style == RowStyle::highlight) fill(margin_x, y_, plan.width, cells.height, highlight_fill);
            if (row.style == RowStyle::total) rule(margin_x, margin_x + plan.width, y_ + 0.3, 0.6, black);
            // A new block (another first cell) gets a darker rule than a row.
            else if (blocks && rows_on_page > 0 && !repeats_block_label(table, r))
                rule(margin_x, margin_x + plan.width, y_, 0.6, rule_grey);
            else if (rows_on_page > 0) rule(margin_x, margin_x + plan.width, y_, 0.25, row_rule);
            double x = margin_x;
            for (std::size_t c = 0; c < cells.cells.size(); ++c) {
                draw(cells.cells[c].get(), x + cell_pad_x, y_ + cell_pad_y, black);
                x += plan.widths[c];
            }
            y_ += cells.height;
            ++rows_on_page;
        }
        rule(margin_x, margin_x + plan.width, y_, 0.8, black);
        y_ += 4;
        for (const std::string& note : table.notes) {
            Layout l = layout(note, {note_font, false, false}, caption_w, PANGO_ALIGN_LEFT);
            if (y_ + height(l.get()) > bottom()) new_page(landscape_);
            draw(l.get(), margin_x, y_, grey);
            y_ += height(l.get()) + 1.5;
        }
    }

    const ReportDocument& document_;
    Labels labels_;
    cairo_surface_t* surface_;
    TextLayouts& layouts_;
    PassDecisions& decisions_;
    cairo_t* cr_ = nullptr;
    int total_pages_;
    bool counting_;
    int page_ = 0;
    bool landscape_ = false;
    double y_ = content_top;
};

struct SurfaceUnref {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
using Surface = std::unique_ptr<cairo_surface_t, SurfaceUnref>;

[[noreturn]] void fail(const fs::path& path, const std::string& what, cairo_status_t status) {
    throw std::runtime_error("cannot write " + path.string() + ": " + what + ": " + cairo_status_to_string(status));
}

void set_metadata(cairo_surface_t* surface, const ReportDocument& document) {
    const std::string date = utc_date(document.generated_at, "%Y-%m-%dT%H:%M:%SZ");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, document.title.c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, document.author.c_str());
    std::string subject = document.project;
    if (!document.registration_number.empty()) subject += " (" + document.registration_number + ")";
    if (!document.scope.empty()) subject += (subject.empty() ? "" : ", ") + document.scope;
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, subject.c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "esfreport");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date.c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date.c_str());
}

}  // namespace

void write_report_pdf(const ReportDocument& document, const fs::path& path) {
    const TextLayoutPool::Lease lease;
    TextLayouts& layouts = *lease;
    // Pass 1 counts the pages ("page x of y"), pass 2 draws them; both make
    // the same layout decisions, so the counts agree.
    PassDecisions decisions;
    int total_pages = 0;
    {
        Surface surface(cairo_pdf_surface_create(nullptr, a4_short, a4_long));
        Renderer renderer(document, surface.get(), 0, layouts, decisions);
        total_pages = renderer.run();
        if (renderer.status() != CAIRO_STATUS_SUCCESS) fail(path, "layout", renderer.status());
        cairo_surface_finish(surface.get());
    }

    Surface surface(cairo_pdf_surface_create(path.c_str(), a4_short, a4_long));
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) fail(path, "creating the file", cairo_surface_status(surface.get()));
    cairo_pdf_surface_restrict_to_version(surface.get(), CAIRO_PDF_VERSION_1_5);
    set_metadata(surface.get(), document);
    {
        Renderer renderer(document, surface.get(), total_pages, layouts, decisions);
        renderer.run();
        if (renderer.status() != CAIRO_STATUS_SUCCESS) fail(path, "drawing", renderer.status());
    }
    cairo_surface_finish(surface.get());
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) fail(path, "finishing", cairo_surface_status(surface.get()));
}

}  // namespace esfreport
