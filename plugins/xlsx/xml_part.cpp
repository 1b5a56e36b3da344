#include "xml_part.hpp"

#include <expat.h>

#include <cstring>

namespace esfreport::plugins::xlsx {

namespace {

constexpr int kChunkBytes = 64 * 1024;

std::string_view local_name(const char* qualified) {
    std::string_view name(qualified);
    if (const auto colon = name.rfind(':'); colon != std::string_view::npos) name.remove_prefix(colon + 1);
    return name;
}

}  // namespace

const char* attribute(const char** attributes, std::string_view name) {
    for (const char** a = attributes; a && a[0]; a += 2)
        if (local_name(a[0]) == name) return a[1];
    return nullptr;
}

XmlPartParser::XmlPartParser(ZipEntryStream& input, XmlHandler& handler)
    : input_(input), handler_(handler), parser_(XML_ParserCreate(nullptr)) {
    if (!parser_) throw WorkbookError("cannot start the XML parser (out of memory)");
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &XmlPartParser::on_start, &XmlPartParser::on_end);
    XML_SetCharacterDataHandler(parser_, &XmlPartParser::on_text);
    XML_SetStartDoctypeDeclHandler(parser_, &XmlPartParser::on_doctype);
    XML_SetEntityDeclHandler(parser_, &XmlPartParser::on_entity);
    XML_SetParamEntityParsing(parser_, XML_PARAM_ENTITY_PARSING_NEVER);
}

XmlPartParser::~XmlPartParser() { XML_ParserFree(parser_); }

void XmlPartParser::on_start(void* self, const char* name, const char** attributes) {
    auto* p = static_cast<XmlPartParser*>(self);
    p->bytes_since_event_ = 0;
    p->handler_.start_element(local_name(name), attributes);
}

void XmlPartParser::on_end(void* self, const char* name) {
    auto* p = static_cast<XmlPartParser*>(self);
    p->bytes_since_event_ = 0;
    p->handler_.end_element(local_name(name));
}

void XmlPartParser::on_text(void* self, const char* data, int length) {
    auto* p = static_cast<XmlPartParser*>(self);
    p->bytes_since_event_ = 0;
    p->handler_.text(std::string_view(data, static_cast<std::size_t>(length)));
}

void XmlPartParser::on_doctype(void* self, const char*, const char*, const char*, int) {
    static_cast<XmlPartParser*>(self)->fail(
        "holds a document type declaration (<!DOCTYPE>), which no workbook needs; refused (its entities are "
        "neither fetched nor expanded)");
}

void XmlPartParser::on_entity(void* self, const char*, int, const char*, int, const char*, const char*, const char*,
                              const char*) {
    static_cast<XmlPartParser*>(self)->fail("declares an XML entity; refused");
}

void XmlPartParser::suspend() {
    XML_StopParser(parser_, XML_TRUE);  // parse_some() sees XML_STATUS_SUSPENDED
}

void XmlPartParser::fail(std::string reason) {
    if (failure_.empty()) failure_ = std::move(reason);
    XML_StopParser(parser_, XML_FALSE);
}

std::uint64_t XmlPartParser::line() const { return XML_GetCurrentLineNumber(parser_); }

void XmlPartParser::throw_parse_error() {
    const std::string where = "part '" + part() + "', line " + std::to_string(line());
    if (!failure_.empty()) throw WorkbookError(where + ": " + failure_);
    throw WorkbookError(where + ": not well-formed XML (" + XML_ErrorString(XML_GetErrorCode(parser_)) + ")");
}

bool XmlPartParser::parse_some() {
    if (done_) return false;
    while (true) {
        XML_Status status;
        if (suspended_) {
            suspended_ = false;
            status = XML_ResumeParser(parser_);
        } else if (final_fed_) {
            done_ = true;
            return false;
        } else {
            void* buffer = XML_GetBuffer(parser_, kChunkBytes);
            if (!buffer) throw WorkbookError("part '" + part() + "': out of memory while parsing");
            const std::size_t got = input_.read(static_cast<char*>(buffer), kChunkBytes);
            final_fed_ = got == 0;
            bytes_since_event_ += got;
            status = XML_ParseBuffer(parser_, static_cast<int>(got), final_fed_ ? XML_TRUE : XML_FALSE);
            if (status != XML_STATUS_ERROR && bytes_since_event_ > kMaxTokenBytes)
                throw WorkbookError("part '" + part() + "', line " + std::to_string(line()) +
                                    ": a single XML token is longer than " +
                                    std::to_string(kMaxTokenBytes >> 20) + " MiB; refused");
        }
        if (status == XML_STATUS_ERROR) throw_parse_error();
        if (!failure_.empty()) throw_parse_error();
        if (status == XML_STATUS_SUSPENDED) {
            suspended_ = true;
            return true;
        }
    }
}

}  // namespace esfreport::plugins::xlsx
