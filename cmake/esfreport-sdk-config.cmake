# find_package(esfreport-sdk) for plugins built outside this tree: the target
# esfreport::sdk and esfreport_plugin_module() to build a plugin the host loads.
include(CMakeFindDependencyMacro)
find_dependency(Boost 1.74)
include(${CMAKE_CURRENT_LIST_DIR}/esfreport-sdk-targets.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/esfreport-plugin-module.cmake)
