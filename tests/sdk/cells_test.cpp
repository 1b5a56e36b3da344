// The SDK's spreadsheet addresses (esfreport/sdk/cells.hpp): the one spelling
// of a cell in the host's and the plugins' messages.
#include <esfreport/sdk/cells.hpp>

#include <catch2/catch.hpp>

namespace sdk = esfreport::sdk;

TEST_CASE("SDK cells: columns are lettered as in Excel") {
    CHECK(sdk::column_letters(1) == "A");
    CHECK(sdk::column_letters(26) == "Z");
    CHECK(sdk::column_letters(27) == "AA");
    CHECK(sdk::column_letters(702) == "ZZ");
    CHECK(sdk::column_letters(703) == "AAA");
    CHECK(sdk::column_letters(16384) == "XFD");
    CHECK(sdk::column_letters(0).empty());
    CHECK(sdk::cell_reference(3, 17) == "C17");
    CHECK(sdk::cell_reference(16384, 1048576) == "XFD1048576");
}

TEST_CASE("SDK cells: a sheet's cell is quoted where Excel quotes the sheet name") {
    CHECK(sdk::sheet_cell_reference("Deltagare", 3, 17) == "Deltagare!C17");
    CHECK(sdk::sheet_cell_reference("Närvaro", 1, 2) == "Närvaro!A2");
    CHECK(sdk::sheet_cell_reference("Blad1", 1, 2) == "Blad1!A2");
    CHECK(sdk::sheet_cell_reference("KAA", 2, 9) == "KAA!B9");
    CHECK(sdk::sheet_cell_reference("deltagare_2024", 1, 2) == "deltagare_2024!A2");
    // Spaces, punctuation, a leading digit, names that read as a cell.
    CHECK(sdk::sheet_cell_reference("Deltagare 2024", 3, 17) == "'Deltagare 2024'!C17");
    CHECK(sdk::sheet_cell_reference("Kim's lista", 1, 2) == "'Kim''s lista'!A2");
    CHECK(sdk::sheet_cell_reference("2024", 1, 2) == "'2024'!A2");
    CHECK(sdk::sheet_cell_reference("Del-1", 1, 2) == "'Del-1'!A2");
    CHECK(sdk::sheet_cell_reference("AB12", 1, 2) == "'AB12'!A2");
    CHECK(sdk::sheet_cell_reference("R2C3", 1, 2) == "'R2C3'!A2");
    CHECK(sdk::sheet_cell_reference("C", 1, 2) == "'C'!A2");
    CHECK(sdk::sheet_cell_reference("Rapport", 1, 2) == "Rapport!A2");
}

TEST_CASE("SDK cells: a sheet as an input is named after its workbook and itself") {
    CHECK(sdk::sheet_input_name("/data/kumla.xlsx", "Deltagare") == "/data/kumla.xlsx!Deltagare");
}
