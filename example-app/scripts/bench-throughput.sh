#!/usr/bin/env bash
# Service throughput against the database's own speed, in one run on one PostgreSQL server:
#   GET /users/{id} of the example app (wrk, loopback)   vs   pgbench -S -M prepared (same client concurrency)
# Prints req/s and tps of each round, their ratio, the app's p99 latency, its peak RSS and its CPU time per request.
#
#   example-app/scripts/bench-throughput.sh [--rounds N] [--seconds S] [--warmup S] [--clients C] [--threads T]
#                                           [--jar PATH] [--baseline-jar PATH]
#
# Rounds alternate pgbench and the app (and the baseline jar, when given, as a second app), so that a burst of load
# from elsewhere on the machine hits every side alike; report the ratios, not the absolute figures.
# Needs: a PostgreSQL server it may create databases on (PGHOST/PGPORT/PGUSER, default 127.0.0.1:5432 postgres, trust
# or a ~/.pgpass), pgbench and psql (PostgreSQL's client packages), wrk (installed from Debian's packages when
# missing), a JDK 21+. Builds the app's jar when missing. Everything listens on loopback on free ports; the databases
# it creates (random names) are dropped and the app is stopped when it ends, also on Ctrl-C or failure.
#
# JVM options of the app: WINDSURF_JAVA_OPTS (default below: what the launcher should use under this load).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
app_dir=$(dirname "$here")
root=$(dirname "$app_dir")
rounds=3 seconds=20 clients=16 threads=2 warmup=10 users=1000
jar="$app_dir/target/windsurf-example-app.jar"
baseline_jar=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --jar) jar=$2; shift 2 ;;
    --baseline-jar) baseline_jar=$2; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
java_opts=${WINDSURF_JAVA_OPTS-"-Xms64m -Xmx128m -XX:+UseSerialGC -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=48m -Xss512k"}

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}

# --- tools --------------------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  echo "Installing wrk from Debian's packages..." >&2
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
  else sudo apt-get install -y -qq wrk >/dev/null; fi
fi
for tool in pgbench psql curl; do
  command -v "$tool" >/dev/null || { echo "$tool is needed (Debian: postgresql-client, curl)" >&2; exit 1; }
done
java_bin=${JAVA_HOME:+$JAVA_HOME/bin/java}
[ -n "$java_bin" ] && [ -x "$java_bin" ] || java_bin=$(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV | head -1)
if [ ! -f "$jar" ]; then
  echo "Building the app..." >&2
  (cd "$root" && JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$java_bin")")") ./mvnw -q -B -pl example-app -am package -DskipTests -Dinvoker.skip=true)
fi

# --- scratch space, cleaned up whatever happens ---------------------------------------------------------------------
work=$(mktemp -d)
suffix=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
app_db="wsf_bench_app_$suffix" pgb_db="wsf_bench_pgbench_$suffix"
app_pid=""
cleanup() {
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; fi
  dropdb --if-exists "$app_db" 2>/dev/null || true
  dropdb --if-exists "$pgb_db" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# --- the databases: the app's schema with seeded users, and pgbench's tables --------------------------------------
createdb "$app_db"
createdb "$pgb_db"
pgbench -q -i -s 10 "$pgb_db" >/dev/null 2>&1

start_app() { # jar -> sets app_pid, app_port
  app_port=$(free_port)
  # shellcheck disable=SC2086
  DATABASE_URL="jdbc:postgresql://$PGHOST:$PGPORT/$app_db?user=$PGUSER" WINDSURF_SCHEMA_POLICY=MIGRATE \
    "$java_bin" --enable-native-access=ALL-UNNAMED $java_opts -jar "$1" serve --host 127.0.0.1 --port "$app_port" \
    >"$work/app.log" 2>&1 &
  app_pid=$!
  for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$app_port/health" >/dev/null 2>&1 && return 0
    kill -0 "$app_pid" 2>/dev/null || { echo "the app did not start:" >&2; tail -20 "$work/app.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "the app did not answer within 30 s" >&2; exit 1
}
stop_app() {
  kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""
}

# The schema comes from the app's own migrations at its first start; then the users are seeded in SQL (a POST would
# hash a password with Argon2id per user, which is not what is measured here).
start_app "$jar"
stop_app
psql -q -v ON_ERROR_STOP=1 -d "$app_db" -c "INSERT INTO users (id, username, email, password_hash, is_active,
  is_admin, created_at, updated_at) SELECT gen_random_uuid()::text, 'bench' || i, 'bench' || i || '@example.com',
  '\$argon2id\$v=19\$m=19456,t=2,p=1\$' || md5(i::text), true, false, now(), now() FROM generate_series(1, $users) i"
psql -qAt -d "$app_db" -c "SELECT id FROM users ORDER BY id" >"$work/ids"
cat >"$work/get.lua" <<EOF
local ids = {}
for line in io.lines("$work/ids") do ids[#ids + 1] = line end
math.randomseed(os.time())
request = function() return wrk.format("GET", "/users/" .. ids[math.random(#ids)]) end
EOF

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

run_pgbench() { # -> tps
  local tps
  tps=$(pgbench -n -S -M prepared -c "$clients" -j "$threads" -T "$seconds" "$pgb_db" 2>/dev/null \
    | awk '/^tps/ { print int($3); exit }')
  [ -n "$tps" ] || { echo "pgbench failed" >&2; return 1; }
  echo "$tps"
}

run_app() { # jar -> writes "req/s p99_ms rss_mib cpu_us_per_request" to $work/result (no subshell: a failure stops the script)
  start_app "$1"
  wrk -t"$threads" -c"$clients" -d"${warmup}s" -s "$work/get.lua" "http://127.0.0.1:$app_port" >/dev/null
  local before after out
  before=$(cpu_ticks "$app_pid")
  out=$(wrk -t"$threads" -c"$clients" -d"${seconds}s" --latency -s "$work/get.lua" "http://127.0.0.1:$app_port")
  after=$(cpu_ticks "$app_pid")
  local rss requests rps p99 non2xx
  rss=$(awk '/^VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$app_pid/status")
  stop_app
  non2xx=$(awk '/Non-2xx/ { print $NF }' <<<"$out")
  if [ -n "$non2xx" ]; then echo "the app answered $non2xx requests with an error: see $work/app.log" >&2; exit 1; fi
  requests=$(awk '/requests in/ { print $1 }' <<<"$out")
  rps=$(awk '/^Requests\/sec/ { print int($2) }' <<<"$out")
  p99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) }
            else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; printf "%.2f", v }' <<<"$out")
  awk -v r="$rps" -v p="$p99" -v m="$rss" -v t=$((after - before)) -v hz="$hz" -v n="$requests" \
    'BEGIN { printf "%d %s %d %.1f\n", r, p, m, t / hz * 1e6 / n }' >"$work/result"
}

echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "PostgreSQL $(psql -qAt -d "$pgb_db" -c 'SHOW server_version') on $PGHOST:$PGPORT; $clients clients, $threads threads, ${seconds} s a run"
echo "App JVM options: $java_opts"
printf '%-6s %-10s %10s %10s %8s %9s %9s %12s\n' round side "req/s|tps" "vs pgbench" "p99 ms" "RSS MiB" "" "CPU µs/req"
summary=""
for round in $(seq 1 "$rounds"); do
  tps=$(run_pgbench) || exit 1
  printf '%-6s %-10s %10s\n' "$round" pgbench "$tps"
  for side in app baseline; do
    side_jar=$jar
    if [ "$side" = baseline ]; then [ -n "$baseline_jar" ] || continue; side_jar=$baseline_jar; fi
    run_app "$side_jar"
    read -r rps p99 rss cpu <"$work/result"
    ratio=$(awk -v a="$rps" -v b="$tps" 'BEGIN { printf "%.2f", a / b }')
    printf '%-6s %-10s %10s %9sx %8s %9s %9s %12s\n' "$round" "$side" "$rps" "$ratio" "$p99" "$rss" "" "$cpu"
    summary+="$side $ratio $p99 $rss $cpu"$'\n'
  done
done
echo
awk 'NF { n[$1]++; r[$1] += $2; if ($3 > p[$1]) p[$1] = $3; if ($4 > m[$1]) m[$1] = $4; c[$1] += $5 }
     END { for (s in n) printf "%-9s mean ratio to pgbench %.2fx, worst p99 %.2f ms, peak RSS %d MiB, CPU %.1f µs/request\n",
           s, r[s] / n[s], p[s], m[s], c[s] / n[s] }' <<<"$summary" | sort
