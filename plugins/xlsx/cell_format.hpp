// How a cell's stored value becomes the text the host parses: numbers as
// Excel shows them (integral values digit for digit, so a 12-digit
// personnummer stored as a number stays those 12 digits), date serial numbers
// under a date format as YYYY-MM-DD in the workbook's date system.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace esfreport::plugins::xlsx {

// Excel's date systems: serial 1 is 1900-01-01 (with the non-existent
// 1900-02-29 as serial 60, a Lotus 1-2-3 quirk Excel keeps) or, with
// workbookPr date1904, serial 0 is 1904-01-01.
enum class DateSystem { excel1900, excel1904 };

// The text of a number cell's <v> (e.g. "189001019802", "7.5",
// "1.99701011234E+11") as Excel would show it in General format: integral
// values below 2^53 exactly, others rounded to 15 significant digits.
// False when `stored` is not a number.
bool format_number(std::string_view stored, std::string& out);

// True for a number format that shows a date: built-in ids 14-22 and custom
// format codes with a day, month or year part (quoted text, [colour]
// sections and escaped characters aside; 'm' next to hours or seconds is
// minutes).
bool is_date_format(std::uint32_t format_id, std::string_view format_code);

// A date serial number as YYYY-MM-DD (a time of day is dropped). Returns
// false with `problem` set when the serial is no date: below the first day,
// beyond 9999-12-31, or 60 in the 1900 system. `problem` never shows the
// number (it may be a personnummer under a date format).
bool serial_to_iso_date(double serial, DateSystem system, std::string& out, std::string& problem);

}  // namespace esfreport::plugins::xlsx
