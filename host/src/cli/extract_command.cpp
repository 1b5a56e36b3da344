// esfreport extract CONFIG --out DIR [--k N] [--lang sv|en]: the evaluator's
// outcome tables with disclosure control, their codebook and a manifest,
// written atomically through an OutputSet like `run` (docs/extract.md).
#include "commands.hpp"

#include <esfreport/core/outcome_figures.hpp>
#include <esfreport/core/results.hpp>
#include <esfreport/export/outcome_tables.hpp>
#include <esfreport/export/pseudonymised_extract.hpp>
#include <esfreport/runtime/errors.hpp>
#include <esfreport/runtime/manifest.hpp>
#include <esfreport/runtime/output_set.hpp>
#include <esfreport/runtime/pseudonym_key_file.hpp>
#include <esfreport/runtime/sha256.hpp>

#include "help.hpp"
#include "report_outputs.hpp"

#include <charconv>
#include <iostream>
#include <memory>

namespace esfreport::cli {
namespace {

// --k N: a whole number from 1 (1 = suppression off).
int parse_k(const std::string& text) {
    int k = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), k);
    if (text.empty() || r.ec != std::errc() || r.ptr != text.data() + text.size() || k < 1)
        throw UsageError("--k must be a whole number from 1 (1 turns suppression off), not '" + text + "'");
    return k;
}

}  // namespace

int extract_command(int argc, char** argv) {
    const Args args = parse_command_args(argc, argv, 2, "extract");
    if (args.value("--out").empty()) throw UsageError("'extract' needs --out DIR");
    const std::string lang = args.value("--lang", "sv");
    if (lang != "sv" && lang != "en") throw UsageError("--lang must be sv or en");
    const std::optional<int> k_option = args.has("--k") ? std::optional<int>(parse_k(args.value("--k"))) : std::nullopt;
    const std::time_t generated_at = run_time();

    // Before any data is read: the pseudonym key (a key file others can read
    // stops the command here) and the folder's lock, so a second extract into
    // the folder fails at once. The names are fixed (evaluators script them).
    std::unique_ptr<OutputSet> set;
    std::optional<PseudonymKey> key;
    bool key_created = false;
    std::string warnings_listed_in;  // read by open_session after this is set
    auto session = open_session(
        args,
        [&](const ProjectConfig& config) {
            key = load_or_create_pseudonym_key(config.pseudonym_key_file, &key_created);
            set = std::make_unique<OutputSet>(args.value("--out"), "extract");
            warnings_listed_in = "\"warnings\" in " + (set->dir() / "manifest.json").string();
        },
        warnings_listed_in);
    OutputSet& out = *set;
    const Dataset& data = session->project.dataset;
    const int k = k_option.value_or(session->config.disclosure_k);

    const std::unique_ptr<ProjectResults> results = project_results(*session);
    const OutcomeFigures figures = outcome_figures(*results, k);
    // Pseudonymised data is still personal data: owner-only (0600).
    const PseudonymisedExtract participants = pseudonymised_participants(*results, *key, k);
    ExtractFacts extract_facts{ESFREPORT_VERSION, generated_at, participants.rows_written, participants.rows_left_out,
                               generalisation_text(participants.level)};
    out.write("outcome-tables.csv", outcome_tables_csv(figures));
    out.write("outcome-tables.json", outcome_tables_json(figures, session->config, extract_facts));
    out.write("codebook.csv", codebook_csv());
    out.write("codebook.md", codebook_md(lang == "en" ? Language::en : Language::sv));
    out.write(kPseudonymisedParticipantsFile, participants.csv, /*personal=*/true);

    ManifestFacts facts;
    facts.tool_version = ESFREPORT_VERSION;
    facts.command = "extract";
    facts.generated_at = generated_at;
    for (const OutputSet::Entry& e : out.entries()) facts.outputs.push_back({e.name, sha256_file(e.temp)});
    out.write("manifest.json", manifest_json(data, session->project.plugins, facts));  // staged last: put in place last
    out.commit();

    if (!args.has("--quiet")) {
        std::cerr << "esfreport: wrote";
        for (const OutputSet::Entry& e : out.entries()) std::cerr << " " << e.name;
        std::cerr << " to " << out.dir().string() << "\n";
        if (key_created) print_note("created the pseudonym key " + session->config.pseudonym_key_file.string() + " (mode 0600; keep it private)");
        if (participants.rows_left_out)
            print_note(std::to_string(participants.rows_left_out) + " participation period(s) left out of " + kPseudonymisedParticipantsFile +
                       ": no generalisation put them among at least k = " + std::to_string(k) + " persons");
        if (figures.k > 1)
            std::cerr << "esfreport: disclosure control k = " << figures.k << ": " << figures.suppressed << " of " << figures.figures.size()
                      << " figures suppressed\n";
        else
            std::cerr << "esfreport: disclosure control off (k = 1)\n";
    }
    return kExitOk;
}

}  // namespace esfreport::cli
