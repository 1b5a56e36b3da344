#!/bin/sh
# The plugin template built out of tree, as a plugin author builds it: installs
# this esfreport build into a fresh prefix, configures examples/plugin-template
# against that prefix alone, builds it and runs its own test (which links
# esfreport::testing). The conformance test then loads the .so it made.
#
#   build_plugin_template.sh <esfreport build dir> <template source> <work dir> <C++ compiler> [<launcher>]
#
# The template is built without sanitizers even when esfreport is (the asan
# preset): a plugin author's build has none, and the sanitized host loads an
# uninstrumented plugin as it would any library. Its test links the installed
# esfreport::testing, which then carries the sanitizer runtime in its link
# options (host/CMakeLists.txt). umask 002 shows the SDK's helper leaves the
# plugin and its folder writable by their owner only, as the host requires.
set -eu
build=$1 template=$2 work=$3 compiler=$4 launcher=${5:-}
umask 002
rm -rf "$work"
mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" > "$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }
cmake -S "$template" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER="$compiler" ${launcher:+-DCMAKE_CXX_COMPILER_LAUNCHER="$launcher"} > "$work/configure.log" 2>&1 ||
  { cat "$work/configure.log"; exit 1; }
cmake --build "$work/build" -j2
ctest --test-dir "$work/build" --output-on-failure
