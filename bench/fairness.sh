#!/usr/bin/env bash
# The tenant fairness benchmark (see BENCHMARKS.md, "One tenant's bulk work and the others"): tenant B posts
# single events (closed loop) alone, then while tenant A imports a large suppression list with 10 webhooks on
# "*", so every imported address becomes a suppression.created event owed to 10 receivers. Reports B's request
# p50/p99 and throughput in both phases, per 10 s of the import phase, and how soon B's own webhook deliveries
# arrive while A's backlog is owed: B's webhook takes only the email.opened probes B posts every PROBE_MS
# beside its load, few enough for one endpoint, so their latency is time spent queued behind other work.
#
#   bench/fairness.sh                          # sqlite pg
#   bench/fairness.sh sqlite                   # a subset
#   JAR=/elsewhere/postcard.jar bench/fairness.sh sqlite   # another build (the code before a change)
#
# Environment (defaults in brackets):
#   SUPPRESSIONS [100000]       addresses in tenant A's CSV import
#   QUIET [20] DURATION [120]   seconds of B's load alone, then from the start of A's import
#   WORKERS [8]                 B's clients, each one request at a time
#   BUCKET [10]                 seconds per line of the import phase's breakdown
#   PROBE_MS [500]              B's probe: one email.opened (delivered to B's webhook) this often
#   B_DRAIN [120]               seconds to wait, after the load, for B's deliveries to have all arrived
#   JAR [postcard-server/target/postcard.jar]
#   SERVER_JAVA_OPTS [-Xmx384m] PG_JAVA_OPTS []
#   BASE_PORT [18380] PG_PORT [25460] MAX_SECONDS [1500]   (ports below the ephemeral range: the
#                               deliveries' own connections take ephemeral ports by the thousand)
# Raw outputs: bench/results/fairness-<timestamp>/ (summary.md, logs, load and receiver outputs).
set -Eeuo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export JAVA_HOME="${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"; JAVAC="$JAVA_HOME/bin/javac"
SUPPRESSIONS="${SUPPRESSIONS:-100000}"; QUIET="${QUIET:-20}"; DURATION="${DURATION:-120}"; WORKERS="${WORKERS:-8}"
BUCKET="${BUCKET:-10}"; PROBE_MS="${PROBE_MS:-500}"; B_DRAIN="${B_DRAIN:-120}"; JAR="${JAR:-postcard-server/target/postcard.jar}"
SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:--Xmx384m}"; PG_JAVA_OPTS="${PG_JAVA_OPTS:-}"
BASE_PORT="${BASE_PORT:-18380}"; PG_PORT="${PG_PORT:-25460}"; MAX_SECONDS="${MAX_SECONDS:-1500}"
HOST=127.0.0.1
A_RECEIVERS=10
A_CONTROL="http://$HOST:$((BASE_PORT + A_RECEIVERS))"
B_PORT=$((BASE_PORT + 20)); B_CONTROL="http://$HOST:$((B_PORT + 1))"
POSTCARD_PORT=$((BASE_PORT + 50))
ADMIN_KEY="pck_bench_$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
LIBS="postcard-server/target/libs/*"; CLASSES="bench/target/classes"; PG_CLASSPATH_FILE="bench/target/pg.classpath"
[ $# -eq 0 ] && set -- sqlite pg

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="bench/results/fairness-$STAMP"; WORK="bench/target/fairness-$STAMP"
mkdir -p "$RESULTS" "$WORK"
PIDS=(); PG_PM=""; PG_PID=""; SERVER_PID=""; WATCHDOG=""; IMPORT_PID=""
log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$RESULTS/run.log" >&2; }
. bench/processes.sh # alive, stop_pid, stop_postmaster
cleanup() {
  local status=$? p
  trap - EXIT INT TERM
  [ -n "$IMPORT_PID" ] && stop_pid "$IMPORT_PID"
  for p in "${PIDS[@]}"; do stop_pid "$p"; done
  [ -n "$PG_PM" ] && stop_postmaster "$PG_PM"
  [ -n "$WATCHDOG" ] && { kill "$WATCHDOG" 2>/dev/null || true; wait "$WATCHDOG" 2>/dev/null || true; }
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'log interrupted; exit 130' INT TERM
( trap 'kill "$nap" 2>/dev/null; exit 0' TERM; sleep "$MAX_SECONDS" & nap=$!
  wait "$nap" && { echo "fairness: over MAX_SECONDS=$MAX_SECONDS, stopping" >&2; kill -TERM $$; } ) &
WATCHDOG=$!

[ -f "$JAR" ] || { log "no $JAR: build Postcard first (./mvnw -q -B -DskipTests package)"; exit 1; }
mkdir -p "$CLASSES"
"$JAVAC" -d "$CLASSES" -cp "$LIBS" bench/FanoutReceivers.java bench/FairnessLoad.java
if [[ " $* " == *" pg "* ]]; then
  [ -s "$PG_CLASSPATH_FILE" ] || ./mvnw -q -B -DskipTests package dependency:build-classpath -pl postcard-core -am \
    -Dmdep.outputFile="$ROOT/$PG_CLASSPATH_FILE" >"$RESULTS/pg-classpath.log" 2>&1
  "$JAVAC" -d "$CLASSES" -cp "$(cat "$PG_CLASSPATH_FILE")" bench/EmbeddedPg.java
fi

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "command: bench/fairness.sh $* (SUPPRESSIONS=$SUPPRESSIONS QUIET=$QUIET DURATION=$DURATION WORKERS=$WORKERS JAR=$JAR SERVER_JAVA_OPTS='$SERVER_JAVA_OPTS')"
  echo "jar: $(sha256sum "$JAR" | cut -c1-16) $(unzip -p "$JAR" META-INF/MANIFEST.MF 2>/dev/null | tr -d '\r' | grep -i '^Implementation-Version' || true)"
  echo "commit: $(git -C "$(dirname "$JAR")" rev-parse --short HEAD 2>/dev/null || echo unknown) $(git -C "$(dirname "$JAR")" status --porcelain 2>/dev/null | grep -q . && echo '(with uncommitted changes)')"
  echo "nproc: $(nproc); cpu: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "java: $("$JAVA" -version 2>&1 | sed -n 2p)"
  echo "loadavg before: $(cat /proc/loadavg)"
} >"$RESULTS/machine.txt"

CSV="$WORK/import.csv"
{ echo address,reason,note; seq 1 "$SUPPRESSIONS" | awk '{printf "user%d@import.example.com,manual,bench\n", $1}'; } >"$CSV"

now_ms() { date +%s%3N; }
wait_line() { local f="$1" re="$2" pid="$3" t="$4" i
  for ((i = 0; i < t * 10; i++)); do grep -q "$re" "$f" 2>/dev/null && return 0
    alive "$pid" || { log "process $pid exited: $f"; tail -20 "$f" >&2; return 1; }; sleep 0.1; done
  log "timed out waiting for $re in $f"; return 1; }
field() { sed -n "s/.*\b$2=\([^ ]*\).*/\1/p" <<<"$1" | head -1; }
api() { curl -s --max-time 15 -X "$1" "http://$HOST:$POSTCARD_PORT$2" -H "Authorization: Bearer $ADMIN_KEY" \
  ${4:+-H "X-Tenant-ID: $4"} ${3:+-H 'Content-Type: application/json' --data-binary "$3"}; }
stored() { curl -s --max-time 15 "http://$HOST:$POSTCARD_PORT/metrics" | awk -v t="$1" '/^postcard_events_stored_total\{/ && index($0, t) {s += $NF} END {printf "%d", s}'; }

"$JAVA" -Xmx768m -cp "$CLASSES" FanoutReceivers "$BASE_PORT" "$A_RECEIVERS" >"$RESULTS/receivers-a.log" 2>&1 &
PIDS+=("$!"); wait_line "$RESULTS/receivers-a.log" 'receivers listening' "$!" 30
"$JAVA" -Xmx256m -cp "$CLASSES" FanoutReceivers "$B_PORT" 1 >"$RESULTS/receivers-b.log" 2>&1 &
PIDS+=("$!"); wait_line "$RESULTS/receivers-b.log" 'receivers listening' "$!" 30

declare -A R=()
scenario() { # $1 sqlite|pg
  local s="$1" db=() i
  curl -s "$A_CONTROL/reset" >/dev/null; curl -s "$B_CONTROL/reset" >/dev/null
  if [ "$s" = pg ]; then
    "$JAVA" $PG_JAVA_OPTS -cp "$CLASSES:$(cat "$PG_CLASSPATH_FILE")" EmbeddedPg "$PG_PORT" "$ROOT/$WORK/pgdata" >"$RESULTS/pg.log" 2>&1 &
    PG_PID=$!; PIDS+=("$PG_PID")
    wait_line "$RESULTS/pg.log" '^postmaster-pid ' "$PG_PID" 120
    PG_PM="$(awk '/^postmaster-pid / {print $2}' "$RESULTS/pg.log")"
    db=(--database-url "jdbc:postgresql://$HOST:$PG_PORT/postgres?user=postgres")
  fi
  # shellcheck disable=SC2086
  env -u POSTCARD_DATABASE_URL -u POSTCARD_BASE_PATH "$JAVA" $SERVER_JAVA_OPTS -jar "$JAR" serve \
    --port "$POSTCARD_PORT" --data-dir "$ROOT/$WORK/data-$s" --public-url "http://$HOST:$POSTCARD_PORT" \
    --admin-key "$ADMIN_KEY" --allow-private-networks "${db[@]}" >"$RESULTS/$s.server.log" 2>&1 &
  SERVER_PID=$!; PIDS+=("$SERVER_PID")
  wait_line "$RESULTS/$s.server.log" 'Postcard is running on port' "$SERVER_PID" 90
  api POST /v1/tenants '{"id":"tenant-a","name":"A"}' >/dev/null
  api POST /v1/tenants '{"id":"tenant-b","name":"B"}' >/dev/null
  for ((i = 0; i < A_RECEIVERS; i++)); do
    api POST /v1/webhooks "{\"url\":\"http://$HOST:$((BASE_PORT + i))/a$i\",\"events\":[\"*\"]}" tenant-a >>"$RESULTS/$s.webhooks.json"
    echo >>"$RESULTS/$s.webhooks.json"
  done
  api POST /v1/webhooks "{\"url\":\"http://$HOST:$B_PORT/b\",\"events\":[\"email.opened\"]}" tenant-b >>"$RESULTS/$s.webhooks.json"
  local url="http://$HOST:$POSTCARD_PORT/v1/events"

  log "$s: B alone, ${QUIET}s, $WORKERS clients"
  "$JAVA" -cp "$CLASSES" FairnessLoad "$url" "$ADMIN_KEY" tenant-b "$WORKERS" "$QUIET" "$QUIET" "${STAMP}${s}q" "$PROBE_MS" >"$RESULTS/$s.quiet.txt" 2>&1
  local quiet; quiet="$(grep '^LOAD all' "$RESULTS/$s.quiet.txt")"

  log "$s: A imports $SUPPRESSIONS suppressions; B's load for ${DURATION}s from the start of the import"
  local t0 t1; t0="$(now_ms)"
  curl -s --max-time "$MAX_SECONDS" -o "$RESULTS/$s.import.json" -w 'status=%{http_code} seconds=%{time_total}\n' \
    -X POST "http://$HOST:$POSTCARD_PORT/v1/suppressions" -H "Authorization: Bearer $ADMIN_KEY" -H 'X-Tenant-ID: tenant-a' \
    -H 'Content-Type: text/csv' --data-binary @"$CSV" >"$RESULTS/$s.import.txt" 2>&1 &
  IMPORT_PID=$!
  "$JAVA" -cp "$CLASSES" FairnessLoad "$url" "$ADMIN_KEY" tenant-b "$WORKERS" "$DURATION" "$BUCKET" "${STAMP}${s}i" "$PROBE_MS" >"$RESULTS/$s.import-load.txt" 2>&1
  t1="$(now_ms)"
  local during; during="$(grep '^LOAD all' "$RESULTS/$s.import-load.txt")"
  local announced; announced="$(stored suppression.created)"
  local a_window; a_window="$(curl -s "$A_CONTROL/stats?from=$t0&to=$t1")"
  local b_window; b_window="$(curl -s "$B_CONTROL/stats?from=$t0&to=$t1")"
  if alive "$IMPORT_PID"; then log "$s: the import still runs after ${DURATION}s; waiting for it"; fi
  wait "$IMPORT_PID" || true; IMPORT_PID=""
  local import; import="$(cat "$RESULTS/$s.import.txt")"
  # B's deliveries: every probe B had accepted (both phases) owes one delivery to B's receiver.
  local b_quiet; b_quiet="$(curl -s "$B_CONTROL/stats?from=0&to=$t0")"
  local b_events; b_events=$(( $(field "$quiet" probes) + $(field "$during" probes) ))
  local b_got="" waited=0
  for ((i = 0; i < B_DRAIN * 4; i++)); do
    b_got="$(field "$(curl -s "$B_CONTROL/stats")" distinct)"
    [ "$b_got" -ge "$b_events" ] 2>/dev/null && break
    sleep 0.25
  done
  waited="$(( ($(now_ms) - t1) / 1000 ))"
  local b_all; b_all="$(curl -s "$B_CONTROL/stats?from=$t0&to=$(now_ms)")"
  R[$s.quiet]="$(field "$quiet" per_s) req/s, p50 $(field "$quiet" p50_ms) ms, p99 $(field "$quiet" p99_ms) ms, max $(field "$quiet" max_ms) ms; B's deliveries p50 $(field "$b_quiet" p50_ms) ms, p99 $(field "$b_quiet" p99_ms) ms"
  R[$s.during]="$(field "$during" per_s) req/s, p50 $(field "$during" p50_ms) ms, p99 $(field "$during" p99_ms) ms, max $(field "$during" max_ms) ms, failed $(field "$during" failed)"
  R[$s.import]="$import; $(tr -d '\n' <"$RESULTS/$s.import.json" | cut -c1-120)"
  R[$s.announced]="$announced suppression.created stored when B's load ended"
  R[$s.a]="A's receivers got $(field "$a_window" window_deliveries) deliveries in the window"
  R[$s.b]="B's receiver got $(field "$b_window" window_deliveries) probes in the window (p50 $(field "$b_window" p50_ms) ms, p99 $(field "$b_window" p99_ms) ms event-to-delivery); all $b_events by ${waited}s after the load: $([ "$b_got" -ge "$b_events" ] 2>/dev/null && echo yes || echo "no ($b_got)"); from the import's start to then: p50 $(field "$b_all" p50_ms) ms, p99 $(field "$b_all" p99_ms) ms, max $(field "$b_all" max_ms) ms"
  R[$s.buckets]="$(grep '^LOAD t' "$RESULTS/$s.import-load.txt" | sed 's/^LOAD //')"
  log "$s: quiet ${R[$s.quiet]} | import ${R[$s.during]} | ${R[$s.import]} | ${R[$s.b]}"
  stop_pid "$SERVER_PID"; SERVER_PID=""
  if [ -n "$PG_PID" ]; then stop_pid "$PG_PID"; stop_postmaster "$PG_PM"; PG_PID=""; PG_PM=""; fi
}

for s in "$@"; do
  log "=== $s"
  case "$s" in
    sqlite|pg) scenario "$s" ;;
    *) log "unknown scenario $s (sqlite, pg)"; exit 2 ;;
  esac
done

{
  echo "# Tenant fairness $STAMP"; echo; sed 's/^/    /' "$RESULTS/machine.txt"; echo
  echo "| database | B alone | B during A's import (${DURATION} s from its start) |"
  echo "|---|---|---|"
  for s in "$@"; do echo "| $s | ${R[$s.quiet]:-–} | ${R[$s.during]:-–} |"; done
  echo
  for s in "$@"; do
    echo "- $s: import ${R[$s.import]:-}"
    echo "  ${R[$s.announced]:-}; ${R[$s.a]:-}"
    echo "  ${R[$s.b]:-}"
    echo "  B per ${BUCKET} s of the import phase:"
    sed 's/^/    /' <<<"${R[$s.buckets]:-}"
  done
} >"$RESULTS/summary.md"
cat "$RESULTS/summary.md"
echo "raw outputs: $RESULTS"
