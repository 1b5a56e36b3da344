// The files one command writes, made visible all at once. Each file is written
// to a temporary name in the output folder; commit() renames them all into
// place. A run that fails before commit() leaves no file behind.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace esfreport {

class OutputSet {
public:
    explicit OutputSet(std::filesystem::path dir);
    ~OutputSet();  // removes every temporary file not committed
    OutputSet(const OutputSet&) = delete;
    OutputSet& operator=(const OutputSet&) = delete;

    // Reserves `name` (relative to the folder) and returns the temporary path to
    // write it to. `personal` files (holding personnummer) are created 0600
    // before anything is written to them.
    std::filesystem::path stage(const std::string& name, bool personal = false);
    // Writes `bytes` to a staged file in one go.
    void write(const std::string& name, const std::string& bytes, bool personal = false);

    // Renames every staged file to its final name, in the order staged.
    void commit();

    const std::filesystem::path& dir() const { return dir_; }
    struct Entry {
        std::string name;
        std::filesystem::path temp;
        bool personal;
    };
    const std::vector<Entry>& entries() const { return entries_; }

private:
    std::filesystem::path dir_;
    std::vector<Entry> entries_;
    bool committed_ = false;
};

// Writes one file atomically on its own (temporary file, fsync, rename).
void write_file_atomically(const std::filesystem::path& path, const std::string& bytes, bool personal = false);

}  // namespace esfreport
