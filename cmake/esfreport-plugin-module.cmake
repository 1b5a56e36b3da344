# esfreport_plugin_module(<target> <plugin name> <source>...)
#
# Builds an esfreport plugin the way the host finds and trusts it (docs/plugins.md,
# docs/plugin-authors.md). The bundled plugins and plugins built against the
# installed SDK (find_package(esfreport-sdk)) get exactly these rules:
# - the file is esfreport_plugin_<plugin name>.so, the only name the host
#   looks for; the name is 1 to 63 of a-z, 0-9 and _ and must be the name given
#   to ESFREPORT_SOURCE_PLUGIN, which also writes the ".esfreport_plugin"
#   section the host reads without loading the library;
# - C++17, hidden visibility, and a version script exporting the two entry
#   points only (esfreport-plugin-exports.map): nothing of the plugin's copies
#   of the standard library, Boost or the SDK's inline code is exported;
# - no undefined symbols: a missing dependency fails the link, not the run;
# - the compiler the SDK was built with: the host refuses a plugin built with
#   another compiler or C++ library, so the configure step does too;
# - writable by its owner only, file and folder: the host refuses a plugin that
#   group or others could replace (a umask of 002 would otherwise leave both
#   group-writable).
function(esfreport_plugin_module target name)
  if(NOT name MATCHES "^[a-z0-9_]+$")
    message(FATAL_ERROR "esfreport plugin name '${name}': expected 1 to 63 of a-z, 0-9 and _")
  endif()
  string(LENGTH "${name}" length)
  if(length GREATER 63)
    message(FATAL_ERROR "esfreport plugin name '${name}': longer than 63 characters")
  endif()
  esfreport_compiler_id(compiler)
  if(ESFREPORT_SDK_COMPILER_ID AND NOT compiler STREQUAL ESFREPORT_SDK_COMPILER_ID)
    message(FATAL_ERROR "esfreport plugin '${name}': this build uses ${compiler}, the esfreport SDK was built with "
                        "${ESFREPORT_SDK_COMPILER_ID}; the host refuses a plugin of another compiler "
                        "(set CMAKE_CXX_COMPILER to the SDK's)")
  endif()
  add_library(${target} MODULE ${ARGN})
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME esfreport_plugin_${name}
    SUFFIX ".so"
    CXX_VISIBILITY_PRESET hidden
    C_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_link_libraries(${target} PRIVATE esfreport::sdk)
  set(exports ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/esfreport-plugin-exports.map)
  target_link_options(${target} PRIVATE "-Wl,--version-script=${exports}")
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${exports})
  if(NOT ESFREPORT_SANITIZE AND NOT ESFREPORT_FUZZ)
    # Under the esfreport tree's sanitizer build the runtimes resolve their
    # symbols from the host executable.
    target_link_options(${target} PRIVATE -Wl,--no-undefined)
  endif()
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND chmod go-w $<TARGET_FILE:${target}> $<TARGET_FILE_DIR:${target}>
    VERBATIM)
endfunction()

# The compiler as esfreport/sdk/abi.h names it in ESFREPORT_BUILD_ID
# ("gcc-12", "clang-16").
function(esfreport_compiler_id out)
  string(REGEX MATCH "^[0-9]+" major "${CMAKE_CXX_COMPILER_VERSION}")
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    set(${out} "gcc-${major}" PARENT_SCOPE)
  elseif(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    set(${out} "clang-${major}" PARENT_SCOPE)
  else()
    set(${out} "${CMAKE_CXX_COMPILER_ID}-${major}" PARENT_SCOPE)
  endif()
endfunction()
