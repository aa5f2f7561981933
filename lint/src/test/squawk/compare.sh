#!/usr/bin/env bash
# Runs squawk (PostgreSQL migration linter, npm package squawk-cli) and `db lint --json` on the lint corpus
# (lint/src/test/resources/lint-corpus) and prints a Markdown table: for each statement, the hazard it plants
# (its `-- expect:` comment), what `db lint` reports and what squawk reports. Not part of the build: it needs
# node/npm and network access to the npm registry. Usage: lint/src/test/squawk/compare.sh [squawk-version]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
corpus="$root/lint/src/test/resources/lint-corpus"
version=${1:-2.66.0}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

command -v npm >/dev/null || { echo "compare.sh needs npm (apt-get install npm)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "compare.sh needs python3" >&2; exit 2; }
npm install --prefix "$work" --no-audit --no-fund --silent "squawk-cli@$version" >&2
squawk="$work/node_modules/.bin/squawk"

if [ -z "${JAVA_HOME:-}" ]; then
  for j in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    if "$j/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then JAVA_HOME=${j%/}; break; fi
  done
fi
export JAVA_HOME
(cd "$root" && ./mvnw -q -B -ntp -pl example-app -am package -DskipTests >&2)
db() { "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$root/example-app/target/windsurf-example-app.jar" db "$@"; }

db lint --json --target postgresql --dir "$corpus/postgres/migration" > "$work/windsurf-postgres.json" || true
db lint --json --target portable --dir "$corpus/portable/migration" > "$work/windsurf-portable.json" || true
"$squawk" --version >&2 || true
# Flyway runs each migration in a transaction (a CONCURRENTLY migration alone outside one): squawk cannot know
# which, so it runs both ways. The corpus is checked against PostgreSQL 15, as the project's tests are.
for flavour in postgres portable; do
  "$squawk" --pg-version=15.0 --reporter json "$corpus/$flavour/migration"/*.sql > "$work/squawk-$flavour.json" || true
  "$squawk" --pg-version=15.0 --assume-in-transaction --reporter json "$corpus/$flavour/migration"/*.sql \
    > "$work/squawk-tx-$flavour.json" || true
done

python3 - "$corpus" "$work" "$version" <<'PY'
import json, os, re, sys
corpus, work, version = sys.argv[1:4]
# db lint rule -> squawk rules that report the same hazard
same = {
    "require-concurrent-index": {"require-concurrent-index-creation"},
    "require-concurrent-index-drop": {"require-concurrent-index-deletion"},
    "concurrently-in-transaction": {"ban-concurrent-index-creation-in-transaction"},
    "unique-constraint": {"disallowed-unique-constraint", "adding-primary-key-constraint",
                          "adding-serial-primary-key-field"},
    "constraint-not-valid": {"adding-foreign-key-constraint", "constraint-missing-not-valid"},
    "add-required-column": {"adding-required-field"},
    "add-column-volatile-default": {"adding-field-with-default"},
    "set-not-null": {"adding-not-nullable-field"},
    "change-column-type": {"changing-column-type"},
    "rename-column": {"renaming-column"},
    "rename-table": {"renaming-table"},
    "drop-column": {"ban-drop-column"},
    "drop-table": {"ban-drop-table"},
    "prefer-text": {"prefer-text-field", "ban-char-field"},
    "prefer-timestamptz": {"prefer-timestamptz", "prefer-timestamp-tz"},
    "prefer-bigint-key": {"prefer-bigint-over-int", "prefer-bigint-over-smallint", "prefer-big-int"},
    "prefer-identity": {"prefer-identity"},
    "transaction-control": {"transaction-nesting", "ban-uncommitted-transaction"},
    "require-lock-timeout": {"require-lock-timeout"},
}

def blocks(path):
    lines = open(path).read().split("\n")
    out = []
    for i, line in enumerate(lines):
        m = re.match(r"^-- expect: (.*)$", line)
        if m:
            stmt = next((l.strip() for l in lines[i + 1:] if l.strip() and not l.startswith("--")), "")
            rules = [r.strip() for r in m.group(1).split(",") if r.strip() != "none"]
            out.append({"line": i + 1, "sql": stmt, "expect": rules, "windsurf": [], "squawk": [], "squawk-tx": []})
    return out

def place(bs, line, key, rule):
    cands = [b for b in bs if b["line"] <= line]
    (cands[-1] if cands else bs[0])[key].append(rule)

rows, totals = [], {"planted": 0, "windsurf": 0, "squawk": 0, "squawk-tx": 0, "squawk_applicable": 0}
extra = {"squawk": {}, "squawk-tx": {}}
for flavour in ("postgres", "portable"):
    d = os.path.join(corpus, flavour, "migration")
    files = sorted(os.listdir(d), key=lambda f: int(re.match(r"V(\d+)", f).group(1)))
    table = {f: blocks(os.path.join(d, f)) for f in files}
    ours = json.load(open(os.path.join(work, "windsurf-%s.json" % flavour)))["findings"]
    for f in ours:
        if f["file"] in table:
            place(table[f["file"]], f["line"], "windsurf", ("allowed " if f["silenced"] else "") + f["rule"])
    for key in ("squawk", "squawk-tx"):
        try:
            theirs = json.load(open(os.path.join(work, "%s-%s.json" % (key, flavour))))
        except ValueError:
            theirs = []
        for f in theirs:
            name = os.path.basename(f["file"])
            if name in table:
                place(table[name], f["line"] + 1, key, f["rule_name"])
    for name in files:
        for b in table[name]:
            for rule in b["expect"]:
                r = rule.replace("allowed ", "")
                totals["planted"] += 1
                if rule in b["windsurf"]:
                    totals["windsurf"] += 1
                if r in same:
                    totals["squawk_applicable"] += 1
                    for key in ("squawk", "squawk-tx"):
                        if same[r] & set(b[key]):
                            totals[key] += 1
            if not b["expect"]:
                for key in ("squawk", "squawk-tx"):
                    for s in set(b[key]):
                        extra[key][s] = extra[key].get(s, 0) + 1
            sql = b["sql"] if len(b["sql"]) <= 70 else b["sql"][:67] + "..."
            rows.append("| %s `%s:%d` | `%s` | %s | %s | %s | %s |" % (flavour, name, b["line"],
                        sql.replace("|", "\\|"), ", ".join(b["expect"]) or "safe",
                        ", ".join(sorted(set(b["windsurf"]))) or "-", ", ".join(sorted(set(b["squawk"]))) or "-",
                        ", ".join(sorted(set(b["squawk-tx"]))) or "-"))

print("squawk-cli %s vs `db lint`; %d statements.\n" % (version, len(rows)))
print("| corpus | statement | planted hazard | db lint | squawk | squawk --assume-in-transaction |")
print("|---|---|---|---|---|---|")
print("\n".join(rows))
print()
print("Planted hazards: %d. Found by db lint: %d. Of the %d that squawk has a rule for, squawk found %d "
      "(%d with --assume-in-transaction)."
      % (totals["planted"], totals["windsurf"], totals["squawk_applicable"], totals["squawk"], totals["squawk-tx"]))
for key, label in (("squawk", "squawk"), ("squawk-tx", "squawk --assume-in-transaction")):
    print("\n%s findings on statements the corpus marks safe: " % label +
          (", ".join("%s x%d" % kv for kv in sorted(extra[key].items())) or "none") + ".")
PY
