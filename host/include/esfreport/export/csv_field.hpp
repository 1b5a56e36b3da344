// One CSV field as the files for people to open write it (SCB files, the
// evaluators' files): quoted per RFC 4180 where needed, and a value starting
// with = + - @ tab or carriage return (OWASP "CSV injection") written as
// "'..." so that a spreadsheet reads it as text.
#pragma once

#include <string>

namespace esfreport {

std::string csv_field(const std::string& value, char delimiter = ',');

}  // namespace esfreport
