#!/usr/bin/env bash
# The webhook fan-out benchmark (see BENCHMARKS.md, "Webhook fan-out"): events fanned out to 10 local
# receivers, deliveries/s and event-to-delivery latency p50/p99, for a bare fan-out (the JDK HttpClient on
# virtual threads posting signed envelopes, nothing stored), Postcard on SQLite and Postcard on PostgreSQL.
#
#   bench/fanout.sh                       # bare sqlite pg
#   bench/fanout.sh bare sqlite           # a subset
#   WARMUP=5 DURATION=15 bench/fanout.sh  # shorter
#
# Environment (defaults in brackets):
#   WARMUP [30] DURATION [30]   seconds of warm-up and of measured load, per scenario
#   RECEIVERS [10]              receivers (webhooks), one port each
#   RATE [600] BATCH [20]       Postcard: events/s offered (open loop) in POST /v1/events batches of BATCH
#   LAT_RATE [100] LAT_DURATION [15] LAT_BATCH [1]  Postcard: then a latency run below capacity (0: none)
#   BARE_WORKERS [8]            bare: events in flight (each to all receivers at once)
#   DRAIN [90]                  seconds to wait after the load for every delivery to arrive
#   SERVER_JAVA_OPTS [-Xmx384m] PG_JAVA_OPTS []
#   BASE_PORT [18280]           receivers on BASE_PORT.., their control port after them, Postcard on BASE_PORT+50
#   PG_PORT [55450] MAX_SECONDS [900]
# Raw outputs: bench/results/fanout-<timestamp>/ (summary.md, logs, receiver stats).
set -Eeuo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export JAVA_HOME="${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"; JAVAC="$JAVA_HOME/bin/javac"
WARMUP="${WARMUP:-30}"; DURATION="${DURATION:-30}"; RECEIVERS="${RECEIVERS:-10}"
RATE="${RATE:-600}"; LAT_RATE="${LAT_RATE:-100}"; LAT_DURATION="${LAT_DURATION:-15}"; LAT_BATCH="${LAT_BATCH:-1}"; BATCH="${BATCH:-20}"; BARE_WORKERS="${BARE_WORKERS:-8}"; DRAIN="${DRAIN:-90}"
SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:--Xmx384m}"; PG_JAVA_OPTS="${PG_JAVA_OPTS:-}"
BASE_PORT="${BASE_PORT:-18280}"; PG_PORT="${PG_PORT:-55450}"; MAX_SECONDS="${MAX_SECONDS:-900}"
WARMUP="${WARMUP%s}"; DURATION="${DURATION%s}"
HOST=127.0.0.1
CONTROL="http://$HOST:$((BASE_PORT + RECEIVERS))"
POSTCARD_PORT=$((BASE_PORT + 50))
ADMIN_KEY="pck_bench_$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
LIBS="postcard-server/target/libs/*"; CLASSES="bench/target/classes"; PG_CLASSPATH_FILE="bench/target/pg.classpath"
[ $# -eq 0 ] && set -- bare sqlite pg

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="bench/results/fanout-$STAMP"; WORK="bench/target/fanout-$STAMP"
mkdir -p "$RESULTS" "$WORK"
PIDS=(); PG_PM=""; PG_PID=""; SERVER_PID=""; WATCHDOG=""
log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$RESULTS/run.log" >&2; }
. bench/processes.sh # alive, stop_pid, stop_postmaster
cleanup() {
  local status=$? p
  trap - EXIT INT TERM
  for p in "${PIDS[@]}"; do stop_pid "$p"; done
  [ -n "$PG_PM" ] && stop_postmaster "$PG_PM"
  [ -n "$WATCHDOG" ] && { kill "$WATCHDOG" 2>/dev/null || true; wait "$WATCHDOG" 2>/dev/null || true; }
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'log interrupted; exit 130' INT TERM
( trap 'kill "$nap" 2>/dev/null; exit 0' TERM; sleep "$MAX_SECONDS" & nap=$!
  wait "$nap" && { echo "fanout: over MAX_SECONDS=$MAX_SECONDS, stopping" >&2; kill -TERM $$; } ) &
WATCHDOG=$!

[ -f postcard-server/target/postcard.jar ] || { log "build Postcard first (./mvnw -q -B -DskipTests package)"; exit 1; }
mkdir -p "$CLASSES"
"$JAVAC" -d "$CLASSES" -cp "$LIBS" bench/FanoutReceivers.java bench/BareFanout.java bench/EventLoad.java
if [[ " $* " == *" pg "* ]]; then
  [ -s "$PG_CLASSPATH_FILE" ] || ./mvnw -q -B -DskipTests package dependency:build-classpath -pl postcard-core -am \
    -Dmdep.outputFile="$ROOT/$PG_CLASSPATH_FILE" >"$RESULTS/pg-classpath.log" 2>&1
  "$JAVAC" -d "$CLASSES" -cp "$(cat "$PG_CLASSPATH_FILE")" bench/EmbeddedPg.java
fi

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "command: bench/fanout.sh $* (WARMUP=$WARMUP DURATION=$DURATION RECEIVERS=$RECEIVERS RATE=$RATE BATCH=$BATCH BARE_WORKERS=$BARE_WORKERS SERVER_JAVA_OPTS='$SERVER_JAVA_OPTS')"
  echo "nproc: $(nproc); cpu: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "java: $("$JAVA" -version 2>&1 | sed -n 2p)"
  echo "loadavg before: $(cat /proc/loadavg)"
} >"$RESULTS/machine.txt"

proc_ticks() { local s; s="$(cat "/proc/$1/stat" 2>/dev/null)" || { echo 0; return; }; s="${s##*) }"
  # shellcheck disable=SC2086
  set -- $s; echo "$(( ${12} + ${13} + ${14} + ${15} ))"; }
pg_ticks() { local t=0 c; [ -n "$PG_PM" ] || { echo 0; return; }; t="$(proc_ticks "$PG_PM")"
  for c in $(ps -o pid= --ppid "$PG_PM" 2>/dev/null); do t=$((t + $(proc_ticks "$c"))); done; echo "$t"; }
all_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
CLK="$(getconf CLK_TCK)"
now_ms() { date +%s%3N; }
wait_line() { local f="$1" re="$2" pid="$3" t="$4" i
  for ((i = 0; i < t * 10; i++)); do grep -q "$re" "$f" 2>/dev/null && return 0
    alive "$pid" || { log "process $pid exited: $f"; tail -20 "$f" >&2; return 1; }; sleep 0.1; done
  log "timed out waiting for $re in $f"; return 1; }
stats() { curl -s --max-time 30 "$CONTROL/stats${1:+?$1}"; }
field() { sed -n "s/.*\b$2=\([^ ]*\).*/\1/p" <<<"$1"; }
api() { curl -s --max-time 15 -X "$1" "http://$HOST:$POSTCARD_PORT$2" -H "Authorization: Bearer $ADMIN_KEY" \
  ${3:+-H 'Content-Type: application/json' --data-binary "$3"}; }
metric_sum() { curl -s --max-time 15 "http://$HOST:$POSTCARD_PORT/metrics" | awk -v m="$1" 'index($0, m) == 1 {s += $NF} END {printf "%d", s}'; }

# ---- receivers
"$JAVA" -Xmx512m -cp "$CLASSES" FanoutReceivers "$BASE_PORT" "$RECEIVERS" >"$RESULTS/receivers.log" 2>&1 &
RECV_PID=$!; PIDS+=("$RECV_PID")
wait_line "$RESULTS/receivers.log" 'receivers listening' "$RECV_PID" 30

declare -A R=()
cpu_begin() { C0_ALL="$(all_ticks)"; C0_SRV="$(proc_ticks "${SERVER_PID:-0}")"; C0_PG="$(pg_ticks)"; C0_RECV="$(proc_ticks "$RECV_PID")"; }
cpu_end() { # $1 scenario, $2 load pid (already exited: its ticks are in $3), $4 wall s
  local s="$1" all srv pg recv load="$3" wall="$4"
  all=$(( $(all_ticks) - C0_ALL )); srv=$(( $(proc_ticks "${SERVER_PID:-0}") - C0_SRV ))
  pg=$(( $(pg_ticks) - C0_PG )); recv=$(( $(proc_ticks "$RECV_PID") - C0_RECV ))
  R[$s.cpu]="$(awk -v a="$all" -v sv="$srv" -v p="$pg" -v r="$recv" -v l="$load" -v w="$wall" -v k="$CLK" \
    'function f(x) {return sprintf("%.0f %%", 100 * x / k / w)} BEGIN {printf "sender/server %s, PostgreSQL %s, receivers %s, load %s, other %s", f(sv), f(p), f(r), f(l), f(a - sv - p - r - l)}')"
}

bare() {
  curl -s "$CONTROL/reset" >/dev/null
  log "bare: ${WARMUP}s warm-up then ${DURATION}s measured, one JVM"
  SERVER_PID=""
  "$JAVA" -cp "$CLASSES:$LIBS" BareFanout "$BASE_PORT" "$RECEIVERS" "$WARMUP" "$DURATION" "$BARE_WORKERS" >"$RESULTS/bare.txt" 2>&1 &
  local bp=$!; PIDS+=("$bp")
  sleep "$WARMUP"; cpu_begin; local b0; b0="$(proc_ticks "$bp")"
  sleep "$DURATION"; local b1; b1="$(proc_ticks "$bp")"
  cpu_end bare "" "$((b1 - b0))" "$DURATION"
  wait "$bp" || true
  sleep 1
  local line from to st
  line="$(cat "$RESULTS/bare.txt")"; from="$(field "$line" from)"; to="$(field "$line" to)"
  st="$(stats "from=$from&to=$to")"
  echo "$st" >"$RESULTS/bare.stats"
  R[bare.rate]="$(field "$st" deliveries_per_s)"
  R[bare.p50]="$(field "$st" p50_ms)"; R[bare.p99]="$(field "$st" p99_ms)"; R[bare.dups]="$(field "$st" duplicates)"
  R[bare.check]="events $(field "$line" events), deliveries answered 2xx $(field "$line" deliveries_ok), failed $(field "$line" failed) (warm-up + run); receivers distinct $(field "$st" distinct), requests $(field "$st" requests), duplicates $(field "$st" duplicates)"
  log "bare: ${R[bare.rate]} deliveries/s; $st"
}

postcard() { # $1 sqlite|pg
  local s="$1" db=()
  curl -s "$CONTROL/reset" >/dev/null
  if [ "$s" = pg ]; then
    "$JAVA" $PG_JAVA_OPTS -cp "$CLASSES:$(cat "$PG_CLASSPATH_FILE")" EmbeddedPg "$PG_PORT" "$ROOT/$WORK/pgdata" >"$RESULTS/pg.log" 2>&1 &
    PG_PID=$!; PIDS+=("$PG_PID")
    wait_line "$RESULTS/pg.log" '^postmaster-pid ' "$PG_PID" 120
    PG_PM="$(awk '/^postmaster-pid / {print $2}' "$RESULTS/pg.log")"
    db=(--database-url "jdbc:postgresql://$HOST:$PG_PORT/postgres?user=postgres")
  fi
  # shellcheck disable=SC2086
  env -u POSTCARD_DATABASE_URL -u POSTCARD_BASE_PATH "$JAVA" $SERVER_JAVA_OPTS -jar postcard-server/target/postcard.jar serve \
    --port "$POSTCARD_PORT" --data-dir "$ROOT/$WORK/data-$s" --public-url "http://$HOST:$POSTCARD_PORT" \
    --admin-key "$ADMIN_KEY" --allow-private-networks "${db[@]}" >"$RESULTS/$s.server.log" 2>&1 &
  SERVER_PID=$!; PIDS+=("$SERVER_PID")
  wait_line "$RESULTS/$s.server.log" 'Postcard is running on port' "$SERVER_PID" 90
  local i
  for ((i = 0; i < RECEIVERS; i++)); do
    api POST /v1/webhooks "{\"url\":\"http://$HOST:$((BASE_PORT + i))/r$i\",\"events\":[\"email.delivered\"]}" >>"$RESULTS/$s.webhooks.json"
    echo >>"$RESULTS/$s.webhooks.json"
  done
  local url="http://$HOST:$POSTCARD_PORT/v1/events"
  log "$s: warm-up ${WARMUP}s at $RATE events/s"
  "$JAVA" -cp "$CLASSES" EventLoad "$url" "$ADMIN_KEY" "$RATE" "$BATCH" "$WARMUP" "${STAMP}w" >"$RESULTS/$s.warmup.txt" 2>&1
  local warm; warm="$(field "$(cat "$RESULTS/$s.warmup.txt")" accepted)"
  drain_to $((warm * RECEIVERS)) >/dev/null || true
  log "$s: measured ${DURATION}s at $RATE events/s, $BATCH per request"
  cpu_begin
  local t0 t1 t2; t0="$(now_ms)"
  /usr/bin/time -f 'cpu %U %S' -o "$RESULTS/$s.time" "$JAVA" -cp "$CLASSES" EventLoad "$url" "$ADMIN_KEY" "$RATE" "$BATCH" "$DURATION" "${STAMP}m" >"$RESULTS/$s.load.txt" 2>&1
  t1="$(now_ms)"
  local lt; lt="$(awk -v k="$CLK" '/^cpu/ {printf "%d", ($2 + $3) * k}' "$RESULTS/$s.time")"
  cpu_end "$s" "" "$lt" "$(awk -v a="$t0" -v b="$t1" 'BEGIN {print (b - a) / 1000}')"
  local loadl acc; loadl="$(cat "$RESULTS/$s.load.txt")"; acc="$(field "$loadl" accepted)"
  local want=$(( (warm + acc) * RECEIVERS )) got
  got="$(drain_to "$want")"; t2="$(now_ms)"
  local st stw stored attempts ok_attempts
  st="$(stats "from=$t0&to=$t1")"; stw="$(stats "from=$t0&to=$t2")"
  echo "window: $st" >"$RESULTS/$s.stats"; echo "window+drain: $stw" >>"$RESULTS/$s.stats"
  stored="$(curl -s --max-time 15 "http://$HOST:$POSTCARD_PORT/metrics" | awk '/^postcard_events_stored_total\{/ && /email.delivered/ {printf "%d", $NF}')"
  sleep 1
  attempts="$(metric_sum 'postcard_webhook_attempts_seconds_count')"
  curl -s --max-time 15 "http://$HOST:$POSTCARD_PORT/metrics" | grep '^postcard_webhook_attempts_seconds_count' >"$RESULTS/$s.attempts.txt" || true
  R[$s.rate]="$(awk -v n="$(field "$st" window_deliveries)" -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f", n / ((b - a) / 1000)}')"
  R[$s.rate_all]="$(awk -v n="$(field "$stw" window_deliveries)" -v a="$t0" -v b="$t2" 'BEGIN {printf "%.0f", n / ((b - a) / 1000)}')"
  R[$s.p50]="$(field "$st" p50_ms)"; R[$s.p99]="$(field "$st" p99_ms)"; R[$s.dups]="$(field "$st" duplicates)"
  R[$s.p50_all]="$(field "$stw" p50_ms)"; R[$s.p99_all]="$(field "$stw" p99_ms)"
  R[$s.ingest]="$(field "$loadl" events_per_s)"
  R[$s.drain]="$(awk -v a="$t1" -v b="$t2" 'BEGIN {printf "%.1f", (b - a) / 1000}')"
  local verdict=no
  [ "$got" = "$want" ] && [ "$stored" = "$((warm + acc))" ] && [ "$(field "$stw" requests)" = "$attempts" ] && verdict=yes
  R[$s.all]="$verdict"
  R[$s.check]="accepted $((warm + acc)) events (warm-up $warm + run $acc), stored $stored; receivers distinct $got of $want, requests $(field "$stw" requests), duplicates $(field "$stw" duplicates); attempts recorded (postcard_webhook_attempts) $attempts; load: $loadl"
  if [ "$LAT_RATE" != 0 ]; then
    log "$s: latency run ${LAT_DURATION}s at $LAT_RATE events/s (below capacity)"
    local l0 l1 ll la lst; l0="$(now_ms)"
    "$JAVA" -cp "$CLASSES" EventLoad "$url" "$ADMIN_KEY" "$LAT_RATE" "$LAT_BATCH" "$LAT_DURATION" "${STAMP}l" >"$RESULTS/$s.latload.txt" 2>&1
    l1="$(now_ms)"; ll="$(cat "$RESULTS/$s.latload.txt")"; la="$(field "$ll" accepted)"
    got="$(drain_to $(( (warm + acc + la) * RECEIVERS )))"
    lst="$(stats "from=$l0&to=$l1")"; echo "latency run: $lst" >>"$RESULTS/$s.stats"
    R[$s.lat]="$(field "$ll" events_per_s) events/s ($(field "$lst" deliveries_per_s) deliveries/s): p50 $(field "$lst" p50_ms) ms, p99 $(field "$lst" p99_ms) ms, max $(field "$lst" max_ms) ms; all $(( (warm + acc + la) * RECEIVERS )) delivered: $([ "$got" = "$(( (warm + acc + la) * RECEIVERS ))" ] && echo yes || echo "no ($got)"); duplicates $(field "$lst" duplicates)"
    log "$s: latency run: ${R[$s.lat]}"
  fi
  log "$s: ${R[$s.rate]} deliveries/s in the run, p50 ${R[$s.p50]} ms p99 ${R[$s.p99]} ms; drain ${R[$s.drain]} s; ${R[$s.check]}"
  stop_pid "$SERVER_PID"; SERVER_PID=""
  if [ -n "$PG_PID" ]; then stop_pid "$PG_PID"; stop_postmaster "$PG_PM"; PG_PID=""; PG_PM=""; fi
}

drain_to() { # waits up to DRAIN s until the receivers hold $1 distinct deliveries; prints the count
  local want="$1" got="" i
  for ((i = 0; i < DRAIN * 4; i++)); do
    got="$(field "$(stats)" distinct)"
    [ "$got" -ge "$want" ] 2>/dev/null && break
    sleep 0.25
  done
  echo "$got"
}

for s in "$@"; do
  log "=== $s"
  case "$s" in
    bare) bare ;;
    sqlite|pg) postcard "$s" ;;
    *) log "unknown scenario $s (bare, sqlite, pg)"; exit 2 ;;
  esac
done

{
  echo "# Webhook fan-out $STAMP"; echo; sed 's/^/    /' "$RESULTS/machine.txt"; echo
  echo "| scenario | offered events/s | deliveries/s (run) | vs bare | p50 ms | p99 ms | p50/p99 incl. drain | drain s | duplicates | all delivered and recorded |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  for s in "$@"; do
    vs="–"; [ "$s" != bare ] && [ -n "${R[bare.rate]:-}" ] && vs="$(awk -v a="${R[$s.rate]}" -v b="${R[bare.rate]}" 'BEGIN {printf "%.0f %%", 100 * a / b}')"
    echo "| $s | ${R[$s.ingest]:-–} | ${R[$s.rate]:-–} | $vs | ${R[$s.p50]:-–} | ${R[$s.p99]:-–} | ${R[$s.p50_all]:-–}/${R[$s.p99_all]:-–} | ${R[$s.drain]:-–} | ${R[$s.dups]:-–} | ${R[$s.all]:-–} |"
  done
  echo; for s in "$@"; do echo "- $s: ${R[$s.check]:-}"; echo "  CPU during the run: ${R[$s.cpu]:-}"; if [ -n "${R[$s.lat]:-}" ]; then echo "  latency run: ${R[$s.lat]}"; fi; done
} >"$RESULTS/summary.md"
cat "$RESULTS/summary.md"
echo "raw outputs: $RESULTS"
