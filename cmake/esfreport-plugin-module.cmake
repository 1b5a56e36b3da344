# esfreport_plugin_module(<target> <plugin name> <source>...)
#
# Builds an esfreport plugin the way the host finds and trusts it (docs/plugins.md):
# - the file is esfreport_plugin_<plugin name>.so, the only name the host
#   looks for; the name is 1 to 63 of a-z, 0-9 and _ and must be the name given
#   to ESFREPORT_SOURCE_PLUGIN, which also writes the ".esfreport_plugin"
#   section the host reads without loading the library;
# - hidden visibility: the module exports its entry points only;
# - no undefined symbols: a missing dependency fails the link, not the run;
# - writable by its owner only, file and folder: the host refuses a plugin that
#   group or others could replace (a umask of 002 would otherwise leave both
#   group-writable).
# Used by the esfreport tree and installed with the SDK for plugins built
# outside it (find_package(esfreport-sdk)).
function(esfreport_plugin_module target name)
  if(NOT name MATCHES "^[a-z0-9_]+$")
    message(FATAL_ERROR "esfreport plugin name '${name}': expected 1 to 63 of a-z, 0-9 and _")
  endif()
  string(LENGTH "${name}" length)
  if(length GREATER 63)
    message(FATAL_ERROR "esfreport plugin name '${name}': longer than 63 characters")
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
  if(NOT ESFREPORT_SANITIZE AND NOT ESFREPORT_FUZZ)
    # Under the esfreport tree's sanitizer build the runtimes resolve their
    # symbols from the host executable.
    target_link_options(${target} PRIVATE -Wl,--no-undefined)
  endif()
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND chmod go-w $<TARGET_FILE:${target}> $<TARGET_FILE_DIR:${target}>
    VERBATIM)
endfunction()
