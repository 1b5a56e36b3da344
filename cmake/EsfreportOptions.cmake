# Warnings and sanitizers for every target of the project.
option(ESFREPORT_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(ESFREPORT_WERROR "Treat warnings as errors" OFF)
# The fuzz preset: clang, libFuzzer coverage instrumentation plus the
# sanitizers; only the fuzz targets (tests/fuzz) and what they link are built.
option(ESFREPORT_FUZZ "Build the libFuzzer harnesses of tests/fuzz (clang only)" OFF)
if(ESFREPORT_FUZZ AND NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "ESFREPORT_FUZZ needs clang (libFuzzer): configure with the fuzz preset")
endif()

add_compile_options(-Wall -Wextra)
if(ESFREPORT_WERROR)
  add_compile_options(-Werror)
endif()
if(ESFREPORT_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
if(ESFREPORT_SANITIZE OR ESFREPORT_FUZZ)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# A plugin: a MODULE library with hidden visibility and no undefined symbols,
# written where the host looks for bundled plugins.
function(esfreport_add_plugin target)
  add_library(${target} MODULE ${ARGN})
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY ${ESFREPORT_PLUGIN_OUTPUT_DIR})
  target_link_libraries(${target} PRIVATE esfreport::sdk)
  if(NOT ESFREPORT_SANITIZE AND NOT ESFREPORT_FUZZ)
    # The sanitizer runtimes resolve their symbols from the host executable.
    target_link_options(${target} PRIVATE -Wl,--no-undefined)
  endif()
  install(TARGETS ${target} LIBRARY DESTINATION ${ESFREPORT_PLUGIN_SUBDIR})
  set_property(GLOBAL APPEND PROPERTY ESFREPORT_BUNDLED_PLUGINS ${target})
endfunction()
