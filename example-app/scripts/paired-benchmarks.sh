#!/usr/bin/env bash
# Paired whole-process timings, printed as ratios measured side by side in one run:
#   1. `db upgrade` (nothing pending), `db current`, `db history` against Alembic 1.8.1 (Debian's python3-alembic) on
#      an equivalent three-revision project that this script creates, on SQLite and PostgreSQL (hyperfine);
#   2. service start: `serve` on SQLite, from the process start to the first answered GET /health, >= 5 runs, with
#      the launcher's start-up cache and without it (WINDSURF_AOT=off), against BASELINE_LAUNCHER when given (the
#      launcher of another checkout, e.g. a git worktree of an earlier commit, with its own start-up cache), and
#      against BASELINE_JAR when given (a jar of an earlier build, run without a cache);
#   3. example-app/scripts/bench-throughput.sh, when it exists (the app against pgbench).
# Usage: example-app/scripts/paired-benchmarks.sh [runs]   (default 10; PG_HOST, PG_PORT, PG_USER: the PostgreSQL
#        server, default 127.0.0.1:5432 as postgres; SECTIONS="commands start throughput", the parts to run)
# Needs hyperfine, python3-alembic, python3-psycopg2 and curl: installed with apt-get when missing (as root).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-10}
pg_host=${PG_HOST:-127.0.0.1}
pg_port=${PG_PORT:-5432}
pg_user=${PG_USER:-postgres}
windsurf="$here/windsurf"
# Debian's Python, where python3-alembic is installed (another python3 may come first on the PATH)
py=/usr/bin/python3
alembic=("$py" -m alembic)

need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
"$py" -c 'import alembic' 2>/dev/null || need+=(python3-alembic)
"$py" -c 'import psycopg2' 2>/dev/null || need+=(python3-psycopg2)
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]} ..." >&2
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

work=$(mktemp -d)
pg_dbs=()
cleanup() {
  for d in "${pg_dbs[@]}"; do
    psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -d postgres -qc "DROP DATABASE IF EXISTS $d" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

# ---------------------------------------------------------------- machine
echo "## Machine"
echo "- $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/Mem:/ {print $2}') GiB, $(. /etc/os-release && echo "$PRETTY_NAME")"
echo "- load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
jv=${JAVA_HOME:+$JAVA_HOME/bin/java}
[ -x "${jv:-}" ] || jv=$(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV | head -1)
echo "- $("$windsurf" --version 2>/dev/null | head -1) on $("$jv" -version 2>&1 | head -1), JVM options ${WINDSURF_JAVA_OPTS-"the launcher's defaults ($(sed -n 's/^  java_opts=(\(.*\))$/\1/p' "$windsurf" | tr -d '"'), heap by processor count)"} (+ -XX:TieredStopAtLevel=1 for commands other than serve)"
echo "- alembic $("$py" -c 'import alembic; print(alembic.__version__)'), python $("$py" -c 'import sys; print(sys.version.split()[0])'), $(hyperfine --version)"
echo

# ---------------------------------------------------------------- the Alembic project: the same three tables
alembic_dir="$work/alembic"
mkdir -p "$alembic_dir/versions"
cat > "$alembic_dir/env.py" <<'EOF'
from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
connectable = engine_from_config(config.get_section(config.config_ini_section), prefix="sqlalchemy.",
                                 poolclass=pool.NullPool)
with connectable.connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
EOF
cat > "$alembic_dir/script.py.mako" <<'EOF'
"""${message}"""
from alembic import op
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
def upgrade():
    pass
def downgrade():
    pass
EOF
previous=None
n=0
for f in "$here/../src-migrations/src/main/resources/db/migration"/V*.sql; do
  n=$((n + 1))
  name=$(basename "$f" .sql)
  "$py" - "$f" "$alembic_dir/versions/${n}_${name#*__}.py" "$n" "$previous" <<'EOF'
import sys
src, out, rev, prev = sys.argv[1:5]
sql = "\n".join(l for l in open(src).read().splitlines() if not l.lstrip().startswith("--"))
statements = [s.strip() for s in sql.split(";") if s.strip()]
with open(out, "w") as f:
    f.write('from alembic import op\n')
    f.write('revision = %r\ndown_revision = %s\n' % (rev, "None" if prev == "None" else repr(prev)))
    f.write('STATEMENTS = %r\n' % statements)
    f.write('def upgrade():\n    for s in STATEMENTS:\n        op.execute(s)\n')
    f.write('def downgrade():\n    pass\n')
EOF
  previous=$n
done
ini() { printf '[alembic]\nscript_location = %s\nsqlalchemy.url = %s\n' "$alembic_dir" "$2" > "$1"; }

ratio_table() { # hyperfine JSON files...: prints "name | mean ± sd | ratio"
  "$py" - "$@" <<'EOF'
import json, sys
for path in sys.argv[1:]:
    results = json.load(open(path))["results"]
    base = results[0]
    for r in results:
        print("| %s | %.3f ± %.3f s | %.3f s | %.2f× | %.2f× |" % (r["command"], r["mean"], r["stddev"],
              r["user"] + r["system"], r["mean"] / base["mean"],
              (r["user"] + r["system"]) / (base["user"] + base["system"])))
EOF
}

bench() { # label json-file alembic-command windsurf-command
  hyperfine -N --style none --warmup 2 --runs "$runs" --export-json "$2" -n "alembic $1" "$3" -n "windsurf $1" "$4" \
    >/dev/null 2>&1
}

# The launcher builds and trains its start-up caches (one for the commands, one for serve) on the first run of each
# kind: not part of any measurement.
(cd "$work" && DATABASE_URL="sqlite:///$work/warm.db" "$windsurf" db upgrade head >/dev/null)
(cd "$work" && DATABASE_URL="sqlite:///$work/warm.db" "$windsurf" serve --help >/dev/null)

sections=" ${SECTIONS:-commands start throughput} "
if [[ $sections == *" commands "* ]]; then
echo "## db commands vs Alembic ($runs runs each, hyperfine, paired; ratio = windsurf / alembic, ≤ 2 is the target)"
echo
echo "| command | wall mean ± sd | CPU (user+sys) | wall ratio | CPU ratio |"
echo "|---|---|---|---|---|"
for engine in sqlite postgresql; do
  if [ "$engine" = sqlite ]; then
    a_url="sqlite:///$work/alembic.db"
    w_url="sqlite:///$work/windsurf.db"
  else
    if ! psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -d postgres -qc 'select 1' >/dev/null 2>&1; then
      echo "| PostgreSQL at $pg_host:$pg_port unreachable: skipped | | | | |"
      continue
    fi
    a_db="bench_alembic_$$"
    w_db="bench_windsurf_$$"
    pg_dbs+=("$a_db" "$w_db")
    psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -d postgres -qc "CREATE DATABASE $a_db" -c "CREATE DATABASE $w_db" >/dev/null
    a_url="postgresql://$pg_user@$pg_host:$pg_port/$a_db"
    w_url="postgresql://$pg_user@$pg_host:$pg_port/$w_db"
  fi
  ini "$work/$engine.ini" "$a_url"
  "${alembic[@]}" -c "$work/$engine.ini" upgrade head >/dev/null
  (cd "$work" && DATABASE_URL=$w_url "$windsurf" db upgrade head >/dev/null)
  export DATABASE_URL=$w_url
  for cmd in "upgrade head" current history; do
    bench "$engine $cmd" "$work/$engine-${cmd%% *}.json" "${alembic[*]} -c $work/$engine.ini $cmd" "$windsurf db $cmd"
    ratio_table "$work/$engine-${cmd%% *}.json"
  done
  unset DATABASE_URL
done
echo

fi

# ---------------------------------------------------------------- service start on SQLite
free_port() { "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
start_once() { # prints ms from launch to the first answered GET /health; args: env assignments for the launch
  local port db t0 pid ms
  port=$(free_port)
  db="$work/start-$RANDOM.db"
  [ -f "$work/warm.db" ] || (cd "$work" && DATABASE_URL="sqlite:///$work/warm.db" "$windsurf" db upgrade head >/dev/null 2>&1) # every run starts on the same migrated file
  cp "$work/warm.db" "$db"
  t0=$(date +%s%N)
  env "$@" DATABASE_URL="sqlite:///$db" "$windsurf" serve --port "$port" >/dev/null 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "failed"; return; fi
    sleep 0.01
  done
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "$ms"
}
baseline_launcher() { # a launcher for BASELINE_JAR: the same JVM options, no cache
  cat > "$work/baseline.sh" <<EOF
#!/usr/bin/env bash
exec $jv ${WINDSURF_JAVA_OPTS-"-Xmx256m -XX:+UseSerialGC"} --enable-native-access=ALL-UNNAMED -jar "$BASELINE_JAR" "\$@"
EOF
  chmod +x "$work/baseline.sh"
}
if [[ $sections == *" start "* ]]; then
start_runs=$(( runs < 5 ? 5 : runs ))
echo "## Service start on SQLite: process start to the first answered GET /health ($start_runs runs, alternating)"
echo
variants=("with start-up cache" "without cache (WINDSURF_AOT=off)")
if [ -n "${BASELINE_JAR:-}" ]; then
  baseline_launcher
  variants+=("baseline jar $(basename "$BASELINE_JAR")")
fi
if [ -n "${BASELINE_LAUNCHER:-}" ]; then
  variants+=("baseline launcher $BASELINE_LAUNCHER")
  "$BASELINE_LAUNCHER" --version >/dev/null 2>&1 # builds it and trains its cache: not part of any measurement
  (cd "$work" && DATABASE_URL="sqlite:///$work/baseline-warm.db" "$BASELINE_LAUNCHER" serve --help >/dev/null 2>&1 || true)
fi
declare -A times
for i in $(seq "$start_runs"); do
  times[0]+="$(start_once WINDSURF_AOT=on) "
  times[1]+="$(start_once WINDSURF_AOT=off) "
  k=2
  if [ -n "${BASELINE_JAR:-}" ]; then
    times[$k]+="$(windsurf=$work/baseline.sh start_once WINDSURF_AOT=off) "
    k=$((k + 1))
  fi
  if [ -n "${BASELINE_LAUNCHER:-}" ]; then
    times[$k]+="$(windsurf=$BASELINE_LAUNCHER start_once WINDSURF_AOT=on) "
  fi
done
echo "| variant | median | min | max | runs (ms) | ratio to the first |"
echo "|---|---|---|---|---|---|"
first=""
for k in "${!variants[@]}"; do
  "$py" - "${variants[$k]}" "${times[$k]}" "${first:-}" <<'EOF'
import statistics, sys
name, values, first = sys.argv[1], [int(v) for v in sys.argv[2].split() if v.isdigit()], sys.argv[3]
med = statistics.median(values)
ratio = "%.2f×" % (med / float(first)) if first else "1.00×"
print("| %s | %d ms | %d ms | %d ms | %s | %s |" % (name, med, min(values), max(values), " ".join(map(str, values)), ratio))
EOF
  if [ -z "$first" ]; then
    first=$("$py" -c 'import statistics,sys; print(statistics.median([int(v) for v in sys.argv[1].split() if v.isdigit()]))' "${times[0]}")
  fi
done
echo
fi
echo "- load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------- throughput, when its script exists
if [[ $sections == *" throughput "* ]] && [ -f "$here/scripts/bench-throughput.sh" ]; then
  echo
  echo "## Throughput (example-app/scripts/bench-throughput.sh)"
  bash "$here/scripts/bench-throughput.sh"
fi
