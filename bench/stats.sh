#!/usr/bin/env bash
# The stats benchmark (see BENCHMARKS.md, "Stats"): for SQLite and PostgreSQL, load EVENTS synthetic events
# (90 days, 5 tags, 50 recipient domains, 3 providers) through the engine in batches of 1,000, so the stats
# aggregates are kept as in production; start the Postcard server on that database and time GET /v1/stats
# over 30 days with interval=day, grouped by each dimension (p50/p99 of CALLS calls); then measure ingestion
# events/s with the stats step on and off, COST_ROUNDS times each, alternating, each into a fresh database.
#
#   bench/stats.sh                          # sqlite pg, 10 million events
#   EVENTS=1000000 bench/stats.sh sqlite    # fewer events, one database
#
# Environment (defaults in brackets):
#   EVENTS [10000000]  events in the queried database     CALLS [50]  timed calls per query
#   COST_EVENTS [500000] COST_ROUNDS [3]   events per ingestion run, on/off pairs
#   PG_THREADS [2]     recording threads on PostgreSQL (SQLite has one writer)
#   LOAD_JAVA_OPTS [-Xmx2g] SERVER_JAVA_OPTS [-Xmx512m]
#   PORT [18380] PG_PORT [55460]
# Raw outputs: bench/results/stats-<timestamp>/ (summary.md and logs).
set -Eeuo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export JAVA_HOME="${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"; JAVAC="$JAVA_HOME/bin/javac"
EVENTS="${EVENTS:-10000000}"; CALLS="${CALLS:-50}"; COST_EVENTS="${COST_EVENTS:-500000}"; COST_ROUNDS="${COST_ROUNDS:-3}"
PG_THREADS="${PG_THREADS:-2}"; LOAD_JAVA_OPTS="${LOAD_JAVA_OPTS:--Xmx2g}"; SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:--Xmx512m}"
PORT="${PORT:-18380}"; PG_PORT="${PG_PORT:-55460}"
HOST=127.0.0.1
ADMIN_KEY="pck_bench_$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
LIBS="postcard-server/target/libs/*:postcard-server/target/postcard.jar"; CLASSES="bench/target/classes"
PG_CLASSPATH_FILE="bench/target/pg.classpath"
[ $# -eq 0 ] && set -- sqlite pg

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="bench/results/stats-$STAMP"; WORK="bench/target/stats-$STAMP"
mkdir -p "$RESULTS" "$WORK"
PIDS=(); PG_PM=""
log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$RESULTS/run.log" >&2; }
. bench/processes.sh # alive, stop_pid, stop_postmaster
cleanup() {
  local status=$? p
  trap - EXIT INT TERM
  for p in "${PIDS[@]}"; do stop_pid "$p"; done
  if alive "$PG_PM"; then kill -INT "$PG_PM" 2>/dev/null || true; fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'log interrupted; exit 130' INT TERM
wait_line() { # file regex pid seconds
  local f="$1" re="$2" pid="$3" i
  for ((i = 0; i < $4 * 10; i++)); do
    grep -qE "$re" "$f" 2>/dev/null && return 0
    alive "$pid" || { log "process $pid exited; see $f"; return 1; }
    sleep 0.1
  done
  log "timed out waiting for $re in $f"; return 1; }
field() { sed -n "s/.*\b$2=\([^ ]*\).*/\1/p" <<<"$1"; }

[ -f postcard-server/target/postcard.jar ] || { log "build Postcard first (./mvnw -q -B -DskipTests package)"; exit 1; }
mkdir -p "$CLASSES"
"$JAVAC" -d "$CLASSES" -cp "$LIBS" bench/StatsBench.java
if [[ " $* " == *" pg "* ]]; then
  [ -s "$PG_CLASSPATH_FILE" ] || ./mvnw -q -B -DskipTests package dependency:build-classpath -pl postcard-core -am \
    -Dmdep.outputFile="$ROOT/$PG_CLASSPATH_FILE" >"$RESULTS/pg-classpath.log" 2>&1
  "$JAVAC" -d "$CLASSES" -cp "$(cat "$PG_CLASSPATH_FILE")" bench/EmbeddedPg.java
fi

load() { # url events on|off threads log -> "events=.. seconds=.. events_per_s=.."
  # shellcheck disable=SC2086
  "$JAVA" $LOAD_JAVA_OPTS -cp "$CLASSES:$LIBS" StatsBench load "$1" "$2" "$3" "$4" 2>"$5" | tail -1
}

declare -A R=()
run() { # sqlite|pg
  local s="$1" url threads=1 base
  if [ "$s" = pg ]; then
    "$JAVA" -cp "$CLASSES:$(cat "$PG_CLASSPATH_FILE")" EmbeddedPg "$PG_PORT" "$ROOT/$WORK/pgdata" >"$RESULTS/pg.log" 2>&1 &
    local pg=$!; PIDS+=("$pg")
    wait_line "$RESULTS/pg.log" '^postmaster-pid ' "$pg" 120
    PG_PM="$(awk '/^postmaster-pid / {print $2}' "$RESULTS/pg.log")"
    base="jdbc:postgresql://$HOST:$PG_PORT/postgres?user=postgres"
    url="$base&currentSchema=loaded"; threads="$PG_THREADS"
  else
    url="jdbc:sqlite:$ROOT/$WORK/$s-loaded.db"
  fi
  log "$s: loading $EVENTS events ($threads recording thread(s))"
  local line; line="$(load "$url" "$EVENTS" on "$threads" "$RESULTS/$s.load.log")"
  log "$s: $line"; R[$s.load]="$line"
  if [ "$s" = sqlite ]; then R[$s.size]="$(du -sh "$ROOT/$WORK/$s-loaded.db" | cut -f1)"; fi

  # shellcheck disable=SC2086
  env -u POSTCARD_DATABASE_URL -u POSTCARD_BASE_PATH "$JAVA" $SERVER_JAVA_OPTS -jar postcard-server/target/postcard.jar serve \
    --port "$PORT" --data-dir "$ROOT/$WORK/data-$s" --public-url "http://$HOST:$PORT" --admin-key "$ADMIN_KEY" \
    --database-url "$url" >"$RESULTS/$s.server.log" 2>&1 &
  local server=$!; PIDS+=("$server")
  wait_line "$RESULTS/$s.server.log" 'Postcard is running on port' "$server" 120
  log "$s: timing GET /v1/stats, $CALLS calls per query"
  "$JAVA" -cp "$CLASSES:$LIBS" StatsBench query "http://$HOST:$PORT" "$ADMIN_KEY" "$CALLS" >"$RESULTS/$s.query.txt" 2>>"$RESULTS/$s.query.log"
  cat "$RESULTS/$s.query.txt" >&2
  R[$s.query]="$(cat "$RESULTS/$s.query.txt")"
  stop_pid "$server"

  local pattern
  if [ "$s" = pg ]; then pattern="$base&currentSchema=cost_%s"; else pattern="jdbc:sqlite:$ROOT/$WORK/$s-cost-%s.db"; fi
  log "$s: ingestion with stats on and off, $COST_ROUNDS rounds of $COST_EVENTS events, one JVM"
  # shellcheck disable=SC2086
  "$JAVA" $LOAD_JAVA_OPTS -cp "$CLASSES:$LIBS" StatsBench cost "$pattern" "$COST_EVENTS" "$COST_ROUNDS" "$threads" \
    >"$RESULTS/$s.cost.txt" 2>"$RESULTS/$s.cost.log"
  cat "$RESULTS/$s.cost.txt" >&2
  R[$s.cost]="$(grep -E '^events=' "$RESULTS/$s.cost.txt" | tail -n $((2 * COST_ROUNDS)) | sed 's/^/  - /')"
  R[$s.costsum]="$(tail -n 1 "$RESULTS/$s.cost.txt")"
  if [ "$s" = pg ]; then stop_pid "$pg"; fi
}

for s in "$@"; do run "$s"; done

{
  echo "# Stats benchmark $STAMP"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr), $("$JAVA" -version 2>&1 | head -1)"
  echo "Command: EVENTS=$EVENTS CALLS=$CALLS COST_EVENTS=$COST_EVENTS COST_ROUNDS=$COST_ROUNDS bench/stats.sh $*"
  for s in "$@"; do
    echo
    echo "## $s"
    echo
    echo "- load (stats on): ${R[$s.load]}${R[$s.size]:+, database file ${R[$s.size]}}"
    echo "- GET /v1/stats, last 30 days, interval=day:"
    sed 's/^/  - /' <<<"${R[$s.query]}"
    echo "- ingestion (after a warm-up load with stats on and one off, same JVM): ${R[$s.costsum]}"
    echo "${R[$s.cost]}"
  done
} >"$RESULTS/summary.md"
cat "$RESULTS/summary.md"
