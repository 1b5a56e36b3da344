#include <esfreport/core/sex.hpp>

#include <catch2/catch.hpp>

using namespace esfreport;

TEST_CASE("to_string names every sex", "[sex]") {
    CHECK(to_string(Sex::female) == "female");
    CHECK(to_string(Sex::male) == "male");
    CHECK(to_string(Sex::non_binary) == "non_binary");
    CHECK(to_string(Sex::unknown) == "unknown");
}

TEST_CASE("parse_sex accepts Swedish and English words and letters", "[sex]") {
    for (const char* text : {"K", "k", "kvinna", "Kvinna", "KVINNA", "F", "f", "female", "Female", " K ", "\tkvinna "}) {
        INFO(text);
        CHECK(parse_sex(text) == Sex::female);
    }
    for (const char* text : {"M", "m", "man", "Man", "MAN", "male", "MALE", "  m"}) {
        INFO(text);
        CHECK(parse_sex(text) == Sex::male);
    }
    for (const char* text : {"X", "x", "icke-bin\xC3\xA4r", "Icke-Bin\xC3\xA4r", "ICKE-BIN\xC3\x84R",
                             "icke-bin\xC3\x84r", "non_binary", "NON_BINARY", " icke-bin\xC3\xA4r "}) {
        INFO(text);
        CHECK(parse_sex(text) == Sex::non_binary);
    }
}

TEST_CASE("parse_sex rejects anything else", "[sex]") {
    for (const char* text : {"", " ", "kv", "woman", "kvinnor", "men", "icke-binar", "icke binär", "non-binary",
                             "unknown", "KM", "icke-bin\xC3\xA4r-men-l\xC3\xA4ngre-text", "1", "2"}) {
        INFO(text);
        CHECK_FALSE(parse_sex(text).has_value());
    }
}
