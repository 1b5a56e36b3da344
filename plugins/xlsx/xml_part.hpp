// One XML part of a workbook parsed as a stream with expat, with the parser
// hardened for files from outside: a DTD is refused at `<!DOCTYPE`, before
// any entity is declared, so there is no external entity to fetch and no
// entity expansion (billion laughs); a single token (a name, an attribute)
// longer than a limit stops the parse instead of growing expat's buffer.
//
// expat rather than Poco's SAX parser: expat can be fed piece by piece and
// suspended after any element, so a sheet is read one row at a time by a pull
// loop (Poco's SAXParser takes a whole istream and reports through callbacks
// only, with exceptions thrown through the C parser to stop it).
#pragma once

#include "zip_archive.hpp"

#include <cstdint>
#include <string>
#include <string_view>

struct XML_ParserStruct;

namespace esfreport::plugins::xlsx {

// Receives the events of a part. Names are local names (any prefix removed).
class XmlHandler {
public:
    virtual void start_element(std::string_view name, const char** attributes) = 0;
    virtual void end_element(std::string_view name) = 0;
    // Character data, possibly in several pieces.
    virtual void text(std::string_view data) = 0;

protected:
    ~XmlHandler() = default;
};

// The value of the attribute with this local name, or nullptr.
const char* attribute(const char** attributes, std::string_view local_name);

class XmlPartParser {
public:
    static constexpr std::size_t kMaxTokenBytes = std::size_t{16} << 20;

    XmlPartParser(ZipEntryStream& input, XmlHandler& handler);
    ~XmlPartParser();
    XmlPartParser(const XmlPartParser&) = delete;
    XmlPartParser& operator=(const XmlPartParser&) = delete;

    // Parses until a handler calls suspend() (true) or the part ends (false).
    // Throws WorkbookError naming the part and line of malformed XML.
    bool parse_some();
    void parse_all() {
        while (parse_some()) {
        }
    }

    // From a handler: stop after the current event; parse_some() returns.
    void suspend();
    // From a handler: stop with this reason (thrown by parse_some()).
    void fail(std::string reason);

    std::uint64_t line() const;
    const std::string& part() const { return input_.name(); }

private:
    static void on_start(void* self, const char* name, const char** attributes);
    static void on_end(void* self, const char* name);
    static void on_text(void* self, const char* data, int length);
    static void on_doctype(void* self, const char*, const char*, const char*, int);
    static void on_entity(void* self, const char*, int, const char*, int, const char*, const char*, const char*,
                          const char*);
    [[noreturn]] void throw_parse_error();

    ZipEntryStream& input_;
    XmlHandler& handler_;
    XML_ParserStruct* parser_;
    bool suspended_ = false;
    bool final_fed_ = false;
    bool done_ = false;
    std::string failure_;
    std::size_t bytes_since_event_ = 0;
};

}  // namespace esfreport::plugins::xlsx
