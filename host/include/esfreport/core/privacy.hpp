// What messages, logs and manifests may show of a value read from the data.
// One policy, one owner: every text that quotes a data value (rejection
// reasons, plugin warnings and rejections, aggregate keys, header names) goes
// through mask_digit_runs before it is stored or printed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace esfreport {

// A run of this many digits or more may be (part of) a personnummer:
// YYMMDD, YYYYMMDD, YYMMDDNNNC, YYYYMMDDNNNC.
inline constexpr std::size_t kMaskedDigitRun = 6;

// Every run of six or more consecutive ASCII digits replaced by as many '*':
// "199801022394 Anna" -> "************ Anna", "19980102-2394" ->
// "********-2394" (a last four alone identifies no one). Shorter runs (days,
// months, years, amounts, line numbers) and everything else stay as they are.
//
// Occurrences of `keep` (when not empty) are left as they are: a plugin's
// message names the configured source folder, which is configuration, not
// data, and may hold digits ("/srv/esf/2017-2019/...").
std::string mask_digit_runs(std::string_view text, std::string_view keep = {});

// A text from the data or a plugin for a message or log: masked, then cut to
// `max_characters` (never inside a UTF-8 character; "…" marks the cut).
std::string shown_text(std::string_view text, std::size_t max_characters, std::string_view keep = {});

// A data value quoted in a message: shown_text in single quotes.
std::string quote_data_value(std::string_view text, std::size_t max_characters = 40);

}  // namespace esfreport
