#include <esfreport/core/config.hpp>
#include <esfreport/export/outcome_tables.hpp>

#include <catch2/catch.hpp>

using namespace esfreport;

TEST_CASE("outcome tables: numbers in full precision that read back as the same double") {
    CHECK(full_precision(12.0) == "12");
    CHECK(full_precision(0.0) == "0");
    CHECK(full_precision(0.1) == "0.1");
    CHECK(full_precision(3.0 / 11.0) == "0.2727272727272727");
    CHECK(std::stod(full_precision(2.0 / 3.0)) == 2.0 / 3.0);
    CHECK(full_precision(-0.2644014026366909) == "-0.2644014026366909");
    CHECK(full_precision(8209462.0) == "8209462");
    CHECK(full_precision(std::nullopt).empty());
}

TEST_CASE("outcome tables: CSV rows quote text with commas and leave suppressed values empty") {
    OutcomeFigures figures;
    figures.k = 3;
    figures.suppressed = 1;
    figures.figures.push_back({Scope::Kind::subproject, "Region, north", "alpha", "t2", "status", "studies", FigureSex::female, 4.0, "count", false});
    figures.figures.push_back({Scope::Kind::region, "Region, north", "", "t2", "status", "work", FigureSex::other, std::nullopt, "count", true});
    figures.figures.push_back({Scope::Kind::programme, "", "", "t2", "status", "studies", FigureSex::total, 0.25, "share", false});
    CHECK(outcome_tables_csv(figures) ==
          "scope_kind,region,subproject,table,measure,category,sex,value,unit,suppressed\n"
          "subproject,\"Region, north\",alpha,t2,status,studies,female,4,count,false\n"
          "region,\"Region, north\",,t2,status,work,other,,count,true\n"
          "programme,,,t2,status,studies,total,0.25,share,false\n");

    ProjectConfig config;
    config.name = "Project \"A\"";
    config.sha256 = "abc";
    config.period_start = *Date::parse("2017-01-01");
    config.period_end = *Date::parse("2017-12-31");
    CHECK(outcome_tables_json(figures, config, {"1.2.3", 0, 0, 0, ""}) ==
          "{\n"
          "  \"project\": \"Project \\\"A\\\"\",\n"
          "  \"period\": {\"from\": \"2017-01-01\", \"to\": \"2017-12-31\"},\n"
          "  \"generated_at\": \"1970-01-01T00:00:00Z\",\n"
          "  \"tool\": {\"name\": \"esfreport\", \"version\": \"1.2.3\"},\n"
          "  \"configuration_sha256\": \"abc\",\n"
          "  \"disclosure\": {\"k\": 3, \"suppression\": true, \"suppressed_figures\": 1},\n"
          "  \"participants_file\": {\"rows_written\": 0, \"rows_left_out\": 0, \"generalisation\": \"\"},\n"
          "  \"figures\": [\n"
          "    {\"scope_kind\": \"subproject\", \"region\": \"Region, north\", \"subproject\": \"alpha\", \"table\": \"t2\", \"measure\": \"status\", "
          "\"category\": \"studies\", \"sex\": \"female\", \"value\": 4, \"unit\": \"count\", \"suppressed\": false},\n"
          "    {\"scope_kind\": \"region\", \"region\": \"Region, north\", \"subproject\": \"\", \"table\": \"t2\", \"measure\": \"status\", "
          "\"category\": \"work\", \"sex\": \"other\", \"value\": null, \"unit\": \"count\", \"suppressed\": true},\n"
          "    {\"scope_kind\": \"programme\", \"region\": \"\", \"subproject\": \"\", \"table\": \"t2\", \"measure\": \"status\", "
          "\"category\": \"studies\", \"sex\": \"total\", \"value\": 0.25, \"unit\": \"share\", \"suppressed\": false}\n"
          "  ]\n"
          "}\n");
}

TEST_CASE("outcome tables: the codebook has one entry per table measure and unit with both languages") {
    const auto& entries = codebook();
    REQUIRE(!entries.empty());
    for (const CodebookEntry& e : entries) {
        INFO(e.table << " " << e.measure << " " << e.unit);
        CHECK(find_codebook_entry(e.table, e.measure, e.unit) == &e);
        CHECK(!e.sv.empty());
        CHECK(!e.en.empty());
    }
    CHECK(find_codebook_entry("t2", "status", "share") != nullptr);
    CHECK(find_codebook_entry("t2", "active_at_end", "share") == nullptr);
    const std::string csv = codebook_csv();
    CHECK(csv.rfind("table,measure,unit,category,definition_sv,definition_en\n", 0) == 0);
    CHECK_THAT(csv, Catch::Contains("t2,cr02,count,,\"CR02, i utbildning vid avslut: studies + studies_and_work.\""));
    CHECK_THAT(codebook_md(Language::sv), Catch::StartsWith("# Kodbok för outcome-tables.csv\n"));
}
