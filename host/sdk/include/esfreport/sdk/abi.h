/* esfreport plugin ABI: the plain C description every plugin exports.
 *
 * The host reads this before it creates any C++ object from the plugin, so a
 * plugin built against another SDK, compiler or C++ library is refused with a
 * clear message instead of crashing on a mismatched vtable or std::string. */
#ifndef ESFREPORT_SDK_ABI_H
#define ESFREPORT_SDK_ABI_H

#include <stddef.h>
#include <stdint.h>
#ifdef __cplusplus
/* Any C++ library header defines the library's ABI macros used below. */
#include <cstddef>
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever anything in esfreport/sdk/ changes layout or meaning.
 *   1  participant periods, assessments, attendance, hours
 *   2  + RecordKind::kaa (the municipality's activity-responsibility register)
 *   3  + SourceRequest::columns (the configuration's header mapping),
 *        StatusCode::bad_column_mapping
 *   4  + RecordSink::begin_sheet (a workbook's sheet as an input: the host
 *        names rejected values by their cell, "Deltagare!C17")
 *   5  + the participant period's field `activity` (period_activity) */
#define ESFREPORT_PLUGIN_ABI_VERSION 5u

/* Name of the exported C function returning the descriptor. */
#define ESFREPORT_DESCRIBE_SYMBOL "esfreport_plugin_describe"
/* Name of the Boost.DLL alias of the C++ factory (see plugin.hpp). */
#define ESFREPORT_FACTORY_ALIAS "esfreport_create_source"

#define ESFREPORT_STRINGIFY_(x) #x
#define ESFREPORT_STRINGIFY(x) ESFREPORT_STRINGIFY_(x)

/* The compiler and C++ library ABI the SDK's C++ interface depends on. Host
 * and plugin must agree on it exactly. */
#if defined(__clang__)
#define ESFREPORT_COMPILER_ID "clang-" ESFREPORT_STRINGIFY(__clang_major__)
#elif defined(__GNUC__)
#define ESFREPORT_COMPILER_ID "gcc-" ESFREPORT_STRINGIFY(__GNUC__)
#else
#define ESFREPORT_COMPILER_ID "unknown-compiler"
#endif
#if defined(_GLIBCXX_USE_CXX11_ABI)
#define ESFREPORT_CXXABI_ID "libstdc++-cxx11abi" ESFREPORT_STRINGIFY(_GLIBCXX_USE_CXX11_ABI)
#elif defined(_LIBCPP_VERSION)
#define ESFREPORT_CXXABI_ID "libc++"
#else
#define ESFREPORT_CXXABI_ID "unknown-cxxlib"
#endif
#define ESFREPORT_BUILD_ID ESFREPORT_COMPILER_ID ";" ESFREPORT_CXXABI_ID

/* One option a plugin accepts under [subproject.options] (Fluent Bit style
 * options table). The host rejects unknown keys and missing required ones. */
typedef struct esfreport_option_spec {
    const char* name;
    const char* description;
    const char* default_value; /* NULL: no default */
    int required;              /* non-zero: must be given */
} esfreport_option_spec;

typedef struct esfreport_plugin_descriptor {
    uint32_t abi_version;  /* ESFREPORT_PLUGIN_ABI_VERSION at build time */
    uint32_t struct_size;  /* sizeof(esfreport_plugin_descriptor) */
    const char* name;      /* what `plugin = "..."` in the configuration names */
    const char* version;   /* the plugin's own version */
    const char* kind;      /* "source" */
    const char* description;
    const char* build_id;  /* ESFREPORT_BUILD_ID at build time */
    const esfreport_option_spec* options;
    size_t option_count;
} esfreport_plugin_descriptor;

typedef const esfreport_plugin_descriptor* (*esfreport_describe_fn)(void);
/* The entry point the registration macro (plugin.hpp) defines. Declared here
 * so a plugin's own tests, which compile the plugin in, can pass its
 * descriptor to esfreport::testing (host_validation.hpp). */
__attribute__((visibility("default"))) const esfreport_plugin_descriptor* esfreport_plugin_describe(void);

/* The plugin's identity as data in its file, so the host can list and check a
 * plugin without loading it (loading runs the library's constructors). The
 * registration macro (plugin.hpp) puts one of these in the ELF section
 * ESFREPORT_PLUGIN_SECTION_NAME. Its layout has its own format number and does
 * not change with the ABI version: a host reads the section of a plugin built
 * for any ABI and says which ABI that is.
 * Every text is NUL-terminated within its array; the sizes bound what a plugin
 * may declare (a longer literal does not compile). */
#define ESFREPORT_PLUGIN_SECTION_NAME ".esfreport_plugin"
#define ESFREPORT_PLUGIN_SECTION_MAGIC "esfreport-plugin"
#define ESFREPORT_PLUGIN_SECTION_FORMAT 1u
#define ESFREPORT_PLUGIN_NAME_MAX 63 /* name: 1 to 63 of a-z, 0-9 and _ */

typedef struct esfreport_plugin_section {
    char magic[24];        /* ESFREPORT_PLUGIN_SECTION_MAGIC, NUL-padded */
    uint32_t format;       /* ESFREPORT_PLUGIN_SECTION_FORMAT */
    uint32_t abi_version;  /* ESFREPORT_PLUGIN_ABI_VERSION at build time */
    char name[ESFREPORT_PLUGIN_NAME_MAX + 1];
    char version[32];
    char kind[16];
    char build_id[64];
    char description[512];
} esfreport_plugin_section;

#ifdef __cplusplus
}
#endif

#endif
