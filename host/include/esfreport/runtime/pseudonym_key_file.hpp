// The project's pseudonym key on disk: 32 raw random bytes in a file only its
// owner can read ([project] pseudonym_key_file, see docs/pseudonyms.md). This
// module alone reads, creates and checks it.
#pragma once

#include <esfreport/core/pseudonym.hpp>

#include <filesystem>

namespace esfreport {

// Reads the key at `path`. When no file is there, creates it first with 256
// bits from getrandom() (O_CREAT|O_EXCL|O_NOFOLLOW, mode 0600) and says so in
// *created. Throws ConfigError naming the file when it is a symbolic link or
// not a regular file, is not owned by this user, is readable or writable by
// group or others, or does not hold exactly 32 bytes.
PseudonymKey load_or_create_pseudonym_key(const std::filesystem::path& path, bool* created = nullptr);

}  // namespace esfreport
