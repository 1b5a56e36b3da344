// What a plugin author includes: the base class and the registration macro.
//
//   class MySource : public esfreport::sdk::SourcePluginBase {
//       void do_read(const SourceRequest&, RecordSink&) override;   // may throw
//   };
//   static const esfreport_option_spec kOptions[] = {{"delimiter", "...", nullptr, 0}};
//   ESFREPORT_SOURCE_PLUGIN(MySource, "mysource", "1.0.0", "What it reads", kOptions)
//
// The name, version and description must be string literals: they are also
// written into the library's ".esfreport_plugin" section, which the host reads
// without loading the library. The library's file must be named
// esfreport_plugin_<name>.so (esfreport_add_plugin() in the SDK's CMake package
// does that).
#pragma once

#include <esfreport/sdk/abi.h>
#include <esfreport/sdk/source.hpp>

#include <boost/config.hpp>
#include <boost/dll/alias.hpp>

#include <cstddef>

#include <exception>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>

namespace esfreport::sdk {

// Thrown by plugin code when the source as a whole cannot be read.
class SourceUnreadable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Thrown by plugin code when an option has a value it cannot use.
class BadOption : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Thrown (by HeaderMatcher, columns.hpp) when a header the configuration maps
// a field to is not in the source: a configuration error, not a data error.
class BadColumnMapping : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Base for plugin implementations. read() is compiled into the plugin, so the
// exceptions of do_read() are caught on the plugin's side of the boundary.
class SourcePluginBase : public SourcePlugin {
public:
    Status read(const SourceRequest& request, RecordSink& sink) noexcept final {
        try {
            do_read(request, sink);
            return Status::ok();
        } catch (const SourceUnreadable& e) {
            return {StatusCode::source_unreadable, e.what()};
        } catch (const BadOption& e) {
            return {StatusCode::bad_option, e.what()};
        } catch (const BadColumnMapping& e) {
            return {StatusCode::bad_column_mapping, e.what()};
        } catch (const std::exception& e) {
            return {StatusCode::plugin_error, e.what()};
        } catch (...) {
            return {StatusCode::plugin_error, "unknown exception"};
        }
    }

protected:
    virtual void do_read(const SourceRequest& request, RecordSink& sink) = 0;
};

// The factory the host imports with boost::dll::import_alias. It never throws.
using SourceFactory = SourcePlugin*(Status& status);

template <class Impl>
SourcePlugin* create_source(Status& status) noexcept {
    try {
        return new Impl();
    } catch (const std::exception& e) {
        status = {StatusCode::plugin_error, e.what()};
    } catch (...) {
        status = {StatusCode::plugin_error, "unknown exception while creating the plugin"};
    }
    return nullptr;
}

}  // namespace esfreport::sdk

namespace esfreport::sdk {

// What the host accepts as a plugin name, which is also the file name's stem:
// esfreport_plugin_<name>.so. Checked at compile time by the registration macro.
constexpr bool is_valid_plugin_name(const char* name) {
    std::size_t length = 0;
    for (; name[length] != '\0'; ++length) {
        const char c = name[length];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    }
    return length >= 1 && length <= ESFREPORT_PLUGIN_NAME_MAX;
}

}  // namespace esfreport::sdk

#define ESFREPORT_PLUGIN_EXPORT extern "C" __attribute__((visibility("default")))

#define ESFREPORT_OPTION_COUNT_(table) (sizeof(table) / sizeof((table)[0]))

// The plugin's identity in the section the host reads without loading the
// library (abi.h). name, version, kind and description must be string
// literals: a literal longer than its field does not compile. `used` keeps the
// unreferenced object; the descriptor below points into it, which also keeps
// it when the plugin is linked with --gc-sections. Exposed for the fixture
// plugins that declare another ABI version; plugins use the macros below.
#define ESFREPORT_PLUGIN_IDENTITY_(plugin_name, plugin_version, plugin_kind, plugin_description, plugin_abi)   \
    static_assert(esfreport::sdk::is_valid_plugin_name(plugin_name),                                           \
                  "an esfreport plugin name is 1 to 63 of a-z, 0-9 and _ (the file is esfreport_plugin_<name>.so)"); \
    __attribute__((section(ESFREPORT_PLUGIN_SECTION_NAME), used)) static const esfreport_plugin_section        \
        esfreport_plugin_identity = {ESFREPORT_PLUGIN_SECTION_MAGIC, ESFREPORT_PLUGIN_SECTION_FORMAT, plugin_abi, plugin_name, \
                                     plugin_version, plugin_kind, ESFREPORT_BUILD_ID, plugin_description};

// Registers Impl as source plugin `name`. `options` is a static array of
// esfreport_option_spec (use ESFREPORT_SOURCE_PLUGIN_NO_OPTIONS when none).
#define ESFREPORT_SOURCE_PLUGIN_(Impl, plugin_name, plugin_version, plugin_description, options, count)        \
    ESFREPORT_PLUGIN_IDENTITY_(plugin_name, plugin_version, "source", plugin_description, ESFREPORT_PLUGIN_ABI_VERSION) \
    namespace esfreport_plugin_registration {                                                                  \
    static esfreport::sdk::SourcePlugin* esfreport_create(esfreport::sdk::Status& s) noexcept {                \
        return esfreport::sdk::create_source<Impl>(s);                                                         \
    }                                                                                                          \
    }                                                                                                          \
    BOOST_DLL_ALIAS(esfreport_plugin_registration::esfreport_create, esfreport_create_source)                  \
    ESFREPORT_PLUGIN_EXPORT const esfreport_plugin_descriptor* esfreport_plugin_describe(void) {               \
        static const esfreport_plugin_descriptor d = {ESFREPORT_PLUGIN_ABI_VERSION,                            \
                                                      sizeof(esfreport_plugin_descriptor),                     \
                                                      esfreport_plugin_identity.name,                          \
                                                      esfreport_plugin_identity.version,                       \
                                                      esfreport_plugin_identity.kind,                          \
                                                      esfreport_plugin_identity.description,                   \
                                                      esfreport_plugin_identity.build_id,                      \
                                                      options,                                                 \
                                                      count};                                                  \
        return &d;                                                                                             \
    }

#define ESFREPORT_SOURCE_PLUGIN(Impl, name, version, description, options)                                     \
    ESFREPORT_SOURCE_PLUGIN_(Impl, name, version, description, options, ESFREPORT_OPTION_COUNT_(options))
#define ESFREPORT_SOURCE_PLUGIN_NO_OPTIONS(Impl, name, version, description)                                   \
    ESFREPORT_SOURCE_PLUGIN_(Impl, name, version, description, nullptr, 0)
