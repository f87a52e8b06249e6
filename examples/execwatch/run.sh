#!/usr/bin/env bash
# Builds and runs the example. Needs ebee-core and ebee-maven-plugin in the local Maven repository
# (from the ebee checkout: mvn install -DskipTests), JDK 25, clang-19 and libbpf-dev, and root.
#   ./run.sh            build, then print each exec for 10 seconds, then the count
#   ./run.sh --build    only build (what CI does)
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -ntp -q package
if [ "${1:-}" = "--build" ]; then
  exit 0
fi
exec java --enable-native-access=ALL-UNNAMED -jar target/execwatch-0.1.0-SNAPSHOT.jar
