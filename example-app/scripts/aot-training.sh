#!/usr/bin/env bash
# Trains one of the launcher's start-up caches: aot-training.sh JAVA JAR CACHE KIND [JVM options...]
# KIND is "commands" (db commands, status, help) or "serve" (the server answering a few requests): a JDK 25 cache
# loads every class it holds when the JVM starts, so each kind of run gets a cache of what it uses. Runs
# dev.windsurf.example.AotTraining KIND once with -XX:AOTCacheOutput (JDK 25+), which writes CACHE when the run
# ends, on a throwaway SQLite database. The JVM options must be the ones the launcher runs with: the cache is only
# used by runs whose options fit it.
set -euo pipefail
java_bin=$1 jar=$2 cache=$3 kind=$4
shift 4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DATABASE_URL="sqlite:///$work/training.db"
unset WINDSURF_ADMIN_TOKEN # no operator routes: their token is not trained
if [ "$kind" = serve ]; then
  # Migrated beforehand in a JVM of its own: a server on an up-to-date schema does not load the migration engine.
  (cd "$work" && "$java_bin" "$@" -jar "$jar" db upgrade head)
fi
# Written beside the final name and moved into place when complete: a run that starts meanwhile sees no cache, never
# half of one.
partial="$cache.$$.partial"
(cd "$work" && "$java_bin" "$@" -XX:AOTCacheOutput="$partial" -Xlog:aot=off -Xlog:cds=off -cp "$jar" \
  dev.windsurf.example.AotTraining "$kind")
mv -f "$partial" "$cache"
# SQLite's native library for this platform, copied out of sqlite-jdbc's jar beside the caches: the launcher has
# sqlite-jdbc load it from there instead of extracting and checking it on every run. Best effort: without it,
# sqlite-jdbc extracts it as usual. Copied once per build, by whichever training comes first.
native="$(dirname "$cache")/native"
for lib in "$native"/libsqlitejdbc.*; do
  if [ -f "$lib" ] && [ ! "$jar" -nt "$lib" ]; then
    exit 0
  fi
done
"$java_bin" -cp "$jar" dev.windsurf.example.AotTraining native "$native" >/dev/null 2>&1 || true
