# find_package(esfreport-sdk) for plugins built outside this tree.
include(CMakeFindDependencyMacro)
find_dependency(Boost 1.74)
include(${CMAKE_CURRENT_LIST_DIR}/esfreport-sdk-targets.cmake)
