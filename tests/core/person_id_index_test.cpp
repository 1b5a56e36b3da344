// Dataset::person_by_id: an open-addressing table of identity texts (core/model.hpp).
#include <esfreport/core/model.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <stdexcept>
#include <string>

using namespace esfreport;

TEST_CASE("PersonIdIndex finds every identity it was given - short and long - across growth") {
    PersonIdIndex index;
    std::map<std::string, PersonIndex> expected;
    // Twelve-character numbers (inline in a slot), 16 characters (the longest
    // inline) and protected codes of 17 to 32 characters (kept apart).
    for (PersonIndex i = 0; i < 5000; ++i) {
        std::string id = std::to_string(199000000000ULL + i * 7919ULL);
        if (i % 5 == 1) id += "ABCD";
        if (i % 5 == 2) id += "-protected-" + std::to_string(i);
        const auto [it, inserted] = index.try_emplace(id, i);
        CHECK(inserted);
        CHECK(it->first == id);
        CHECK(it->second == i);
        expected.emplace(id, i);
    }
    REQUIRE(index.size() == expected.size());
    for (const auto& [id, i] : expected) {
        const auto found = index.find(id);
        REQUIRE(found != index.end());
        CHECK(found->first == id);
        CHECK(found->second == i);
        CHECK(index.at(id) == i);
    }
    // An identity already there keeps its index.
    const auto [again, inserted] = index.try_emplace("199000000000", 77);
    CHECK_FALSE(inserted);
    CHECK(again->second == 0);
    // A prefix, an extension or another length is another identity.
    CHECK(index.find("19900000000") == index.end());
    CHECK(index.find("1990000000000") == index.end());
    CHECK(index.find("") == index.end());
    CHECK_THROWS_AS(index.at("no such person"), std::out_of_range);

    // Iteration visits every entry once.
    std::size_t visited = 0;
    for (const auto& [id, i] : index) {
        ++visited;
        CHECK(expected.at(std::string(id)) == i);
    }
    CHECK(visited == expected.size());
}

TEST_CASE("PersonIdIndex operator[] inserts 0 for a new identity and sets it") {
    PersonIdIndex index;
    CHECK(index.find("x") == index.end());
    CHECK(index.empty());
    index["200001012384"] = 3;
    index["a protected code of more than sixteen characters"] = 4;
    CHECK(index["200001012384"] == 3);
    CHECK(index.at("a protected code of more than sixteen characters") == 4);
    CHECK(index["199001012389"] == 0);
    CHECK(index.size() == 3);
}
