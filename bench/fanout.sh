#!/usr/bin/env bash
# The webhook fan-out benchmark (see BENCHMARKS.md, "Webhook fan-out"): events fanned out to 10 local
# receivers, deliveries/s and event-to-delivery latency p50/p99, for a bare fan-out (the JDK HttpClient on
# virtual threads posting signed envelopes, nothing stored), Postcard on SQLite and Postcard on PostgreSQL,
# and Postcard on SQLite with one receiver answering in 2 s ("slow").
#
#   bench/fanout.sh                       # bare sqlite pg slow, each REPEATS times; medians
#   bench/fanout.sh bare sqlite           # a subset
#   WARMUP=5 DURATION=15 REPEATS=1 bench/fanout.sh  # shorter
#
# Environment (defaults in brackets):
#   WARMUP [30] DURATION [30]   seconds of warm-up and of measured load, per run
#   REPEATS [3]                 runs of each scenario; the summary gives medians (and the range)
#   RECEIVERS [10]              receivers (webhooks), one port each
#   RATE [900] BATCH [30]       Postcard: events/s offered (open loop) in POST /v1/events batches of BATCH; 900
#                               events/s is 9,000 deliveries/s, over what Postcard delivers here, so the measured
#                               rate is its capacity
#   LAT_RATE [auto] LAT_DURATION [15] LAT_BATCH [BATCH]  Postcard: then a latency run; auto = 80 % of the capacity
#                               this run measured, in events/s; 0: none
#   SLOW_MS [2000]              slow: how long receiver 0 takes to answer; the other receivers' deliveries/s are
#                               compared with theirs in the sqlite runs
#   BARE_WORKERS [8]            bare: events in flight (each to all receivers at once)
#   DRAIN [90]                  seconds to wait after the load for every delivery to arrive
#   SERVER_JAVA_OPTS [-Xmx384m] PG_JAVA_OPTS []
#   BASE_PORT [18280]           receivers on BASE_PORT.., their control port after them, Postcard on BASE_PORT+50
#   PG_PORT [25450] (below the ephemeral ports, which the load's many connections may hold) MAX_SECONDS [3600]
# Raw outputs: bench/results/fanout-<timestamp>/ (summary.md, logs, receiver stats).
set -Eeuo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export JAVA_HOME="${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"; JAVAC="$JAVA_HOME/bin/javac"
WARMUP="${WARMUP:-30}"; DURATION="${DURATION:-30}"; RECEIVERS="${RECEIVERS:-10}"; REPEATS="${REPEATS:-3}"
RATE="${RATE:-900}"; LAT_RATE="${LAT_RATE:-auto}"; LAT_DURATION="${LAT_DURATION:-15}"; BATCH="${BATCH:-30}"; LAT_BATCH="${LAT_BATCH:-$BATCH}"; BARE_WORKERS="${BARE_WORKERS:-8}"; DRAIN="${DRAIN:-120}"
SLOW_MS="${SLOW_MS:-2000}"
SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:--Xmx384m}"; PG_JAVA_OPTS="${PG_JAVA_OPTS:-}"
BASE_PORT="${BASE_PORT:-18280}"; PG_PORT="${PG_PORT:-25450}"; MAX_SECONDS="${MAX_SECONDS:-3600}"
WARMUP="${WARMUP%s}"; DURATION="${DURATION%s}"
HOST=127.0.0.1
CONTROL="http://$HOST:$((BASE_PORT + RECEIVERS))"
POSTCARD_PORT=$((BASE_PORT + 50))
ADMIN_KEY="pck_bench_$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
LIBS="postcard-server/target/libs/*"; CLASSES="bench/target/classes"; PG_CLASSPATH_FILE="bench/target/pg.classpath"
[ $# -eq 0 ] && set -- bare sqlite pg slow

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
  echo "command: bench/fanout.sh $* (WARMUP=$WARMUP DURATION=$DURATION REPEATS=$REPEATS RECEIVERS=$RECEIVERS RATE=$RATE BATCH=$BATCH LAT_RATE=$LAT_RATE SLOW_MS=$SLOW_MS BARE_WORKERS=$BARE_WORKERS SERVER_JAVA_OPTS='$SERVER_JAVA_OPTS')"
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

bare() { # $1 run key (bare.N)
  local k="$1"
  curl -s "$CONTROL/reset" >/dev/null
  log "$k: ${WARMUP}s warm-up then ${DURATION}s measured, one JVM"
  SERVER_PID=""
  "$JAVA" -cp "$CLASSES:$LIBS" BareFanout "$BASE_PORT" "$RECEIVERS" "$WARMUP" "$DURATION" "$BARE_WORKERS" >"$RESULTS/$k.txt" 2>&1 &
  local bp=$!; PIDS+=("$bp")
  sleep "$WARMUP"; cpu_begin; local b0; b0="$(proc_ticks "$bp")"
  sleep "$DURATION"; local b1; b1="$(proc_ticks "$bp")"
  cpu_end "$k" "" "$((b1 - b0))" "$DURATION"
  wait "$bp" || true
  sleep 1
  local line from to st
  line="$(cat "$RESULTS/$k.txt")"; from="$(field "$line" from)"; to="$(field "$line" to)"
  st="$(stats "from=$from&to=$to")"
  echo "$st" >"$RESULTS/$k.stats"
  R[$k.rate]="$(field "$st" deliveries_per_s)"
  R[$k.p50]="$(field "$st" p50_ms)"; R[$k.p99]="$(field "$st" p99_ms)"; R[$k.dups]="$(field "$st" duplicates)"
  R[$k.all]="$([ "$(field "$st" duplicates)" = 0 ] && [ "$(field "$line" failed)" = 0 ] && echo yes || echo no)"
  R[$k.check]="events $(field "$line" events), deliveries answered 2xx $(field "$line" deliveries_ok), failed $(field "$line" failed) (warm-up + run); receivers distinct $(field "$st" distinct), requests $(field "$st" requests), duplicates $(field "$st" duplicates)"
  log "$k: ${R[$k.rate]} deliveries/s; $st"
}

start_postcard() { # $1 sqlite|pg, $2 run key: starts PostgreSQL when asked, then Postcard with RECEIVERS webhooks
  local db=() i
  if [ "$1" = pg ]; then
    "$JAVA" $PG_JAVA_OPTS -cp "$CLASSES:$(cat "$PG_CLASSPATH_FILE")" EmbeddedPg "$PG_PORT" "$ROOT/$WORK/pgdata-$2" >"$RESULTS/$2.pg.log" 2>&1 &
    PG_PID=$!; PIDS+=("$PG_PID")
    wait_line "$RESULTS/$2.pg.log" '^postmaster-pid ' "$PG_PID" 120
    PG_PM="$(awk '/^postmaster-pid / {print $2}' "$RESULTS/$2.pg.log")"
    db=(--database-url "jdbc:postgresql://$HOST:$PG_PORT/postgres?user=postgres")
  fi
  # shellcheck disable=SC2086
  env -u POSTCARD_DATABASE_URL -u POSTCARD_BASE_PATH "$JAVA" $SERVER_JAVA_OPTS -jar postcard-server/target/postcard.jar serve \
    --port "$POSTCARD_PORT" --data-dir "$ROOT/$WORK/data-$2" --public-url "http://$HOST:$POSTCARD_PORT" \
    --admin-key "$ADMIN_KEY" --allow-private-networks "${db[@]}" >"$RESULTS/$2.server.log" 2>&1 &
  SERVER_PID=$!; PIDS+=("$SERVER_PID")
  wait_line "$RESULTS/$2.server.log" 'Postcard is running on port' "$SERVER_PID" 90
  for ((i = 0; i < RECEIVERS; i++)); do
    api POST /v1/webhooks "{\"url\":\"http://$HOST:$((BASE_PORT + i))/r$i\",\"events\":[\"email.delivered\"]}" >>"$RESULTS/$2.webhooks.json"
    echo >>"$RESULTS/$2.webhooks.json"
  done
}

stop_postcard() { # $1 run key: its data is deleted
  stop_pid "$SERVER_PID"; SERVER_PID=""
  if [ -n "$PG_PID" ]; then stop_pid "$PG_PID"; stop_postmaster "$PG_PM"; PG_PID=""; PG_PM=""; fi
  rm -rf "${ROOT:?}/$WORK/data-$1" "${ROOT:?}/$WORK/pgdata-$1"
}

postcard() { # $1 sqlite|pg, $2 run key (sqlite.N, pg.N)
  local s="$1" k="$2"
  curl -s "$CONTROL/reset" >/dev/null
  start_postcard "$s" "$k"
  local url="http://$HOST:$POSTCARD_PORT/v1/events"
  log "$k: warm-up ${WARMUP}s at $RATE events/s"
  "$JAVA" -cp "$CLASSES" EventLoad "$url" "$ADMIN_KEY" "$RATE" "$BATCH" "$WARMUP" "${STAMP}${k//./_}w" >"$RESULTS/$k.warmup.txt" 2>&1
  local warm; warm="$(field "$(cat "$RESULTS/$k.warmup.txt")" accepted)"
  drain_to $((warm * RECEIVERS)) >/dev/null || true
  log "$k: measured ${DURATION}s at $RATE events/s, $BATCH per request"
  cpu_begin
  local t0 t1 t2; t0="$(now_ms)"
  /usr/bin/time -f 'cpu %U %S' -o "$RESULTS/$k.time" "$JAVA" -cp "$CLASSES" EventLoad "$url" "$ADMIN_KEY" "$RATE" "$BATCH" "$DURATION" "${STAMP}${k//./_}m" >"$RESULTS/$k.load.txt" 2>&1
  t1="$(now_ms)"
  local lt; lt="$(awk -v k="$CLK" '/^cpu/ {printf "%d", ($2 + $3) * k}' "$RESULTS/$k.time")"
  cpu_end "$k" "" "$lt" "$(awk -v a="$t0" -v b="$t1" 'BEGIN {print (b - a) / 1000}')"
  local loadl acc; loadl="$(cat "$RESULTS/$k.load.txt")"; acc="$(field "$loadl" accepted)"
  local want=$(( (warm + acc) * RECEIVERS )) got
  got="$(drain_to "$want")"; t2="$(now_ms)"
  local st stw stored attempts
  st="$(stats "from=$t0&to=$t1")"; stw="$(stats "from=$t0&to=$t2")"
  echo "window: $st" >"$RESULTS/$k.stats"; echo "window+drain: $stw" >>"$RESULTS/$k.stats"
  stored="$(curl -s --max-time 15 "http://$HOST:$POSTCARD_PORT/metrics" | awk '/^postcard_events_stored_total\{/ && /email.delivered/ {printf "%d", $NF}')"
  sleep 1
  attempts="$(metric_sum 'postcard_webhook_attempts_seconds_count')"
  R[$k.rate]="$(awk -v n="$(field "$st" window_deliveries)" -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f", n / ((b - a) / 1000)}')"
  R[$k.fast]="$(fast_rate "$(field "$st" window_per_receiver)" "$t0" "$t1")"
  R[$k.p50]="$(field "$st" p50_ms)"; R[$k.p99]="$(field "$st" p99_ms)"; R[$k.dups]="$(field "$stw" duplicates)"
  R[$k.ingest]="$(field "$loadl" events_per_s)"
  R[$k.drain]="$(awk -v a="$t1" -v b="$t2" 'BEGIN {printf "%.1f", (b - a) / 1000}')"
  local verdict=no
  [ "$got" = "$want" ] && [ "$stored" = "$((warm + acc))" ] && [ "$(field "$stw" requests)" = "$attempts" ] && verdict=yes
  R[$k.check]="accepted $((warm + acc)) events (warm-up $warm + run $acc), stored $stored; receivers distinct $got of $want, requests $(field "$stw" requests), duplicates $(field "$stw" duplicates); attempts recorded (postcard_webhook_attempts) $attempts; load: $loadl"
  local lat_rate="$LAT_RATE"
  [ "$lat_rate" = auto ] && lat_rate="$(awk -v r="${R[$k.rate]}" -v n="$RECEIVERS" 'BEGIN {printf "%d", 0.8 * r / n}')"
  if [ "$lat_rate" != 0 ]; then
    log "$k: latency run ${LAT_DURATION}s at $lat_rate events/s (80 % of this run's capacity)"
    local l0 l1 ll la lst all_now; l0="$(now_ms)"
    "$JAVA" -cp "$CLASSES" EventLoad "$url" "$ADMIN_KEY" "$lat_rate" "$LAT_BATCH" "$LAT_DURATION" "${STAMP}${k//./_}l" >"$RESULTS/$k.latload.txt" 2>&1
    l1="$(now_ms)"; ll="$(cat "$RESULTS/$k.latload.txt")"; la="$(field "$ll" accepted)"
    all_now=$(( (warm + acc + la) * RECEIVERS ))
    got="$(drain_to "$all_now")"
    lst="$(stats "from=$l0&to=$l1")"; echo "latency run: $lst" >>"$RESULTS/$k.stats"
    R[$k.lat_rate]="$(field "$lst" deliveries_per_s)"; R[$k.lat_p50]="$(field "$lst" p50_ms)"; R[$k.lat_p99]="$(field "$lst" p99_ms)"
    [ "$got" = "$all_now" ] && [ "$(field "$(stats)" duplicates)" = 0 ] || verdict=no
    R[$k.lat]="$(field "$ll" events_per_s) events/s ($(field "$lst" deliveries_per_s) deliveries/s): p50 $(field "$lst" p50_ms) ms, p99 $(field "$lst" p99_ms) ms, max $(field "$lst" max_ms) ms; all $all_now delivered: $([ "$got" = "$all_now" ] && echo yes || echo "no ($got)")"
    log "$k: latency run: ${R[$k.lat]}"
  fi
  R[$k.all]="$verdict"
  log "$k: ${R[$k.rate]} deliveries/s in the run, p50 ${R[$k.p50]} ms p99 ${R[$k.p99]} ms; drain ${R[$k.drain]} s; ${R[$k.check]}"
  stop_postcard "$k"
}

slow() { # $1 run key (slow.N): SQLite, receiver 0 answers in SLOW_MS; the other receivers' rate is the figure
  local k="$1"
  curl -s "$CONTROL/reset" >/dev/null
  start_postcard sqlite "$k"
  local url="http://$HOST:$POSTCARD_PORT/v1/events"
  log "$k: warm-up ${WARMUP}s at $RATE events/s, every receiver fast"
  "$JAVA" -cp "$CLASSES" EventLoad "$url" "$ADMIN_KEY" "$RATE" "$BATCH" "$WARMUP" "${STAMP}${k//./_}w" >"$RESULTS/$k.warmup.txt" 2>&1
  local warm; warm="$(field "$(cat "$RESULTS/$k.warmup.txt")" accepted)"
  drain_to $((warm * RECEIVERS)) >/dev/null || true
  curl -s "$CONTROL/delay?receiver=0&ms=$SLOW_MS" >/dev/null
  log "$k: measured ${DURATION}s at $RATE events/s; receiver 0 answers in $SLOW_MS ms"
  local t0 t1; t0="$(now_ms)"
  "$JAVA" -cp "$CLASSES" EventLoad "$url" "$ADMIN_KEY" "$RATE" "$BATCH" "$DURATION" "${STAMP}${k//./_}m" >"$RESULTS/$k.load.txt" 2>&1
  t1="$(now_ms)"
  local st; st="$(stats "from=$t0&to=$t1")"; echo "window: $st" >"$RESULTS/$k.stats"
  R[$k.fast]="$(fast_rate "$(field "$st" window_per_receiver)" "$t0" "$t1")"
  R[$k.slow]="$(awk -v a="$t0" -v b="$t1" -v p="$(field "$st" window_per_receiver)" 'BEGIN {split(p, c, ","); printf "%.1f", c[1] / ((b - a) / 1000)}')"
  R[$k.dups]="$(field "$st" duplicates)"
  R[$k.check]="receivers 1-$((RECEIVERS - 1)): ${R[$k.fast]} deliveries/s; receiver 0 (${SLOW_MS} ms): ${R[$k.slow]}/s; duplicates ${R[$k.dups]}; load: $(cat "$RESULTS/$k.load.txt")"
  log "$k: ${R[$k.check]}"
  curl -s "$CONTROL/delay?receiver=0&ms=0" >/dev/null
  stop_postcard "$k"
}

fast_rate() { # $1 per-receiver counts "c0,c1,...", $2 $3 window: deliveries/s of receivers 1.. (the fast ones)
  awk -v p="$1" -v a="$2" -v b="$3" 'BEGIN {n = split(p, c, ","); s = 0; for (i = 2; i <= n; i++) s += c[i]; printf "%.0f", s / ((b - a) / 1000)}'
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

median() { # the median of the arguments that are numbers; – when none
  printf '%s\n' "$@" | awk '/^[0-9.]+$/' | sort -n | awk '{v[NR] = $1} END {if (NR == 0) print "–"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
values() { # $1 scenario, $2 field: that field of each repeat
  local i; for ((i = 1; i <= REPEATS; i++)); do echo "${R[$1.$i.$2]:-}"; done
}
spread() { # "min-max" of the repeats' values
  values "$1" "$2" | awk '/^[0-9.]+$/' | sort -n | awk 'NR == 1 {lo = $1} {hi = $1} END {if (NR) printf "%s–%s", lo, hi; else print "–"}'
}

for s in "$@"; do
  for ((rep = 1; rep <= REPEATS; rep++)); do
    log "=== $s, run $rep of $REPEATS"
    case "$s" in
      bare) bare "bare.$rep" ;;
      sqlite|pg) postcard "$s" "$s.$rep" ;;
      slow) slow "slow.$rep" ;;
      *) log "unknown scenario $s (bare, sqlite, pg, slow)"; exit 2 ;;
    esac
  done
done

{
  echo "# Webhook fan-out $STAMP"; echo; sed 's/^/    /' "$RESULTS/machine.txt"; echo
  echo "Medians of $REPEATS runs (range in brackets)."; echo
  echo "| scenario | deliveries/s | vs bare | p50 / p99 ms, at capacity | p50 / p99 ms at 80 % of capacity | drain s | duplicates | all delivered once and recorded |"
  echo "|---|---:|---:|---:|---:|---:|---:|---|"
  bare_rate="$(median $(values bare rate))"
  for s in "$@"; do
    [ "$s" = slow ] && continue
    rate="$(median $(values "$s" rate))"
    vs="–"; [ "$s" != bare ] && [ "$bare_rate" != "–" ] && vs="$(awk -v a="$rate" -v b="$bare_rate" 'BEGIN {printf "%.0f %%", 100 * a / b}')"
    alls="$(values "$s" all | sort -u | tr '\n' ' ')"
    echo "| $s | $rate ($(spread "$s" rate)) | $vs | $(median $(values "$s" p50)) / $(median $(values "$s" p99)) | $(median $(values "$s" lat_p50)) / $(median $(values "$s" lat_p99)) ($(median $(values "$s" lat_rate)) deliveries/s) | $(median $(values "$s" drain)) | $(median $(values "$s" dups)) | ${alls% } |"
  done
  if [[ " $* " == *" slow "* ]]; then
    fast_ref="$(median $(values sqlite fast))"; fast_slow="$(median $(values slow fast))"
    echo
    echo "Slow endpoint (receiver 0 answers in $SLOW_MS ms, SQLite): the 9 fast receivers got $fast_slow deliveries/s ($(spread slow fast)) against $fast_ref in the sqlite runs: $(awk -v a="$fast_slow" -v b="$fast_ref" 'BEGIN {if (b > 0) printf "%.0f %%", 100 * a / b; else print "–"}'); receiver 0: $(median $(values slow slow))/s."
  fi
  echo
  for s in "$@"; do for ((rep = 1; rep <= REPEATS; rep++)); do k="$s.$rep"
    echo "- $k: ${R[$k.rate]:+${R[$k.rate]} deliveries/s; }${R[$k.check]:-}"
    [ -n "${R[$k.cpu]:-}" ] && echo "  CPU during the run: ${R[$k.cpu]}"
    [ -n "${R[$k.lat]:-}" ] && echo "  latency run: ${R[$k.lat]}"
  done; done
} >"$RESULTS/summary.md"
cat "$RESULTS/summary.md"
echo "raw outputs: $RESULTS"
