// What a plugin author includes: the base class and the registration macro.
//
//   class MySource : public esfreport::sdk::SourcePluginBase {
//       void do_read(const SourceRequest&, RecordSink&) override;   // may throw
//   };
//   static const esfreport_option_spec kOptions[] = {{"delimiter", "...", nullptr, 0}};
//   ESFREPORT_SOURCE_PLUGIN(MySource, "mysource", "1.0.0", "What it reads", kOptions)
#pragma once

#include <esfreport/sdk/abi.h>
#include <esfreport/sdk/source.hpp>

#include <boost/config.hpp>
#include <boost/dll/alias.hpp>

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

#define ESFREPORT_PLUGIN_EXPORT extern "C" __attribute__((visibility("default")))

#define ESFREPORT_OPTION_COUNT_(table) (sizeof(table) / sizeof((table)[0]))

// Registers Impl as source plugin `name`. `options` is a static array of
// esfreport_option_spec (use ESFREPORT_SOURCE_PLUGIN_NO_OPTIONS when none).
#define ESFREPORT_SOURCE_PLUGIN_(Impl, name, version, description, options, count)          \
    namespace esfreport_plugin_registration {                                                \
    static esfreport::sdk::SourcePlugin* esfreport_create(esfreport::sdk::Status& s) noexcept { \
        return esfreport::sdk::create_source<Impl>(s);                                       \
    }                                                                                        \
    }                                                                                        \
    BOOST_DLL_ALIAS(esfreport_plugin_registration::esfreport_create, esfreport_create_source) \
    ESFREPORT_PLUGIN_EXPORT const esfreport_plugin_descriptor* esfreport_plugin_describe(void) { \
        static const esfreport_plugin_descriptor d = {ESFREPORT_PLUGIN_ABI_VERSION,          \
                                                      sizeof(esfreport_plugin_descriptor),   \
                                                      name,                                  \
                                                      version,                               \
                                                      "source",                              \
                                                      description,                           \
                                                      ESFREPORT_BUILD_ID,                    \
                                                      options,                               \
                                                      count};                                \
        return &d;                                                                           \
    }

#define ESFREPORT_SOURCE_PLUGIN(Impl, name, version, description, options) \
    ESFREPORT_SOURCE_PLUGIN_(Impl, name, version, description, options, ESFREPORT_OPTION_COUNT_(options))
#define ESFREPORT_SOURCE_PLUGIN_NO_OPTIONS(Impl, name, version, description) \
    ESFREPORT_SOURCE_PLUGIN_(Impl, name, version, description, nullptr, 0)
