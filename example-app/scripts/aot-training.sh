#!/usr/bin/env bash
# Trains the launcher's start-up cache: aot-training.sh JAVA JAR CACHE [JVM options...]
# Runs dev.windsurf.example.AotTraining (db commands, status and the HTTP API on a throwaway SQLite database) once
# with -XX:AOTCacheOutput (JDK 25+), which writes CACHE when the run ends. The JVM options must be the ones the
# launcher runs with: the cache is only used by runs whose options fit it.
set -euo pipefail
java_bin=$1 jar=$2 cache=$3
shift 3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Written beside the final name and moved into place when complete: a run that starts meanwhile sees no cache, never
# half of one.
partial="$cache.$$.partial"
(cd "$work" && DATABASE_URL="sqlite:///$work/training.db" WINDSURF_ADMIN_TOKEN= "$java_bin" "$@" \
  -XX:AOTCacheOutput="$partial" -Xlog:aot=off -Xlog:cds=off -cp "$jar" dev.windsurf.example.AotTraining)
mv -f "$partial" "$cache"
