# Warnings and sanitizers for every target of the project.
option(ESFREPORT_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(ESFREPORT_WERROR "Treat warnings as errors" OFF)
# The tsan preset: ThreadSanitizer for the concurrent reader (--jobs).
option(ESFREPORT_TSAN "Build with ThreadSanitizer" OFF)
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
if(ESFREPORT_TSAN)
  if(ESFREPORT_SANITIZE OR ESFREPORT_FUZZ)
    message(FATAL_ERROR "ESFREPORT_TSAN cannot be combined with AddressSanitizer (ESFREPORT_SANITIZE, ESFREPORT_FUZZ)")
  endif()
  add_compile_options(-fsanitize=thread)
  add_link_options(-fsanitize=thread)
endif()

# Plugins: the same rules in the tree as for plugins built against the
# installed SDK (exact file name, hidden visibility, owner-only write).
include(${CMAKE_CURRENT_LIST_DIR}/esfreport-plugin-module.cmake)
# Folders made by `cmake --install` get 0755 whatever the umask: the host
# refuses a plugin folder that group or others can write to.
set(CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
  OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

# A bundled plugin: target esfreport_plugin_<name>, written where the host
# looks for bundled plugins and installed there.
function(esfreport_add_plugin target)
  string(REGEX REPLACE "^esfreport_plugin_" "" name "${target}")
  if(name STREQUAL target)
    message(FATAL_ERROR "bundled plugin target '${target}': expected esfreport_plugin_<name>")
  endif()
  esfreport_plugin_module(${target} ${name} ${ARGN})
  set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${ESFREPORT_PLUGIN_OUTPUT_DIR})
  install(TARGETS ${target} LIBRARY DESTINATION ${ESFREPORT_PLUGIN_SUBDIR})
  set_property(GLOBAL APPEND PROPERTY ESFREPORT_BUNDLED_PLUGINS ${target})
endfunction()
