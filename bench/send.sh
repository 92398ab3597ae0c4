#!/usr/bin/env bash
# The sending benchmark (see BENCHMARKS.md, "Sending"): messages per second handed to a local SMTP sink by
# Postcard (POST /v1/emails, tracking on, durable queue, one copy per recipient) against a bare Angus Mail loop
# sending the same message to the same sink over as many connections, in one run; then how long a send of
# 1,000 recipients takes to be accepted.
#
#   bench/send.sh                       # bare sqlite pg, REPEATS times each, interleaved
#   bench/send.sh bare sqlite           # a subset
#   WARMUP=5 DURATION=10 REPEATS=1 bench/send.sh
#
# Environment (defaults in brackets):
#   WARMUP [30] DURATION [30] REPEATS [3]   seconds of warm-up and measured load; runs of each scenario (medians)
#   CONCURRENCY [8]                 SMTP connections of the bare loop = POSTCARD_SEND_CONCURRENCY and SMTP pool
#   CLIENTS [4] BATCH [100] BACKLOG [5000]  API clients, recipients per POST, accepted-but-unsent ceiling
#   SERVER_JAVA_OPTS [-Xmx384m]  BASE_PORT [18480]  PG_PORT [55470]  MAX_SECONDS [1800]
#   PG_JAVA_OPTS []                 of the PostgreSQL launcher: -Dpg.<setting>=<value>
#   PG_ACTIVITY [0]                 1: sample PostgreSQL's backends during each measured pg run (bench/PgActivity.java;
#                                   with PG_JAVA_OPTS=-Dpg.shared_preload_libraries=pg_stat_statements also its
#                                   statements by time) into pg.<run>.activity.txt
# Raw outputs: bench/results/send-<timestamp>/ (summary.md, run.log, load and server logs).
set -Eeuo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export JAVA_HOME="${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"; JAVAC="$JAVA_HOME/bin/javac"
WARMUP="${WARMUP:-30}"; DURATION="${DURATION:-30}"; REPEATS="${REPEATS:-3}"; CONCURRENCY="${CONCURRENCY:-8}"
CLIENTS="${CLIENTS:-4}"; BATCH="${BATCH:-100}"; BACKLOG="${BACKLOG:-5000}"
SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:--Xmx384m}"; PG_JAVA_OPTS="${PG_JAVA_OPTS:-}"; PG_ACTIVITY="${PG_ACTIVITY:-0}"; BASE_PORT="${BASE_PORT:-18480}"; PG_PORT="${PG_PORT:-55470}"
MAX_SECONDS="${MAX_SECONDS:-1800}"
HOST=127.0.0.1
SMTP_PORT="$BASE_PORT"; CONTROL_PORT=$((BASE_PORT + 1)); POSTCARD_PORT=$((BASE_PORT + 2))
ADMIN_KEY="pck_bench_$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
LIBS="postcard-server/target/libs/*"; CLASSES="bench/target/classes"; PG_CLASSPATH_FILE="bench/target/pg.classpath"
[ $# -eq 0 ] && set -- bare sqlite pg
COMMAND="bench/send.sh $* (WARMUP=$WARMUP DURATION=$DURATION REPEATS=$REPEATS CONCURRENCY=$CONCURRENCY CLIENTS=$CLIENTS BATCH=$BATCH BACKLOG=$BACKLOG SERVER_JAVA_OPTS='$SERVER_JAVA_OPTS' PG_JAVA_OPTS='$PG_JAVA_OPTS')"

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="bench/results/send-$STAMP"; WORK="bench/target/send-$STAMP"
mkdir -p "$RESULTS" "$WORK"
PIDS=(); PG_PM=""; SERVER_PID=""; SINK_PID=""; WATCHDOG=""
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
  wait "$nap" && { echo "send: over MAX_SECONDS=$MAX_SECONDS, stopping" >&2; kill -TERM $$; } ) &
WATCHDOG=$!

[ -f postcard-server/target/postcard.jar ] || { log "build Postcard first (./mvnw -q -B -DskipTests package)"; exit 1; }
mkdir -p "$CLASSES"
"$JAVAC" -d "$CLASSES" -cp "$LIBS" bench/SmtpSink.java bench/BareSend.java bench/SendLoad.java bench/SendContent.java bench/PgActivity.java \
  >"$RESULTS/javac.log" 2>&1 || { cat "$RESULTS/javac.log" >&2; exit 1; }
if [[ " $* " == *" pg "* ]]; then
  [ -s "$PG_CLASSPATH_FILE" ] || ./mvnw -q -B -DskipTests package dependency:build-classpath -pl postcard-core -am \
    -Dmdep.outputFile="$ROOT/$PG_CLASSPATH_FILE" >"$RESULTS/pg-classpath.log" 2>&1
  "$JAVAC" -d "$CLASSES" -cp "$(cat "$PG_CLASSPATH_FILE")" bench/EmbeddedPg.java
fi

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "command: $COMMAND"
  echo "commit: $(git log -1 --format='%h %s' 2>/dev/null)$(git diff --quiet HEAD -- postcard-core postcard-server 2>/dev/null || echo ' (plus uncommitted changes)')"
  echo "nproc: $(nproc); cpu: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "kernel: $(uname -sr)"
  echo "java: $("$JAVA" -version 2>&1 | sed -n 2p)"
  echo "loadavg before: $(cat /proc/loadavg)"
} >"$RESULTS/machine.txt"

proc_ticks() { local s; s="$(cat "/proc/$1/stat" 2>/dev/null)" || { echo 0; return; }; s="${s##*) }"
  # shellcheck disable=SC2086
  set -- $s; echo "$(( ${12} + ${13} + ${14} + ${15} ))"; }
pg_ticks() { local t=0 c; [ -n "$PG_PM" ] || { echo 0; return; }
  for c in "$PG_PM" $(ps -o pid= --ppid "$PG_PM" 2>/dev/null); do t=$((t + $(proc_ticks "$c"))); done; echo "$t"; }
CLK="$(getconf CLK_TCK)"
now_ms() { date +%s%3N; }
wait_line() { local f="$1" re="$2" pid="$3" t="$4" i
  for ((i = 0; i < t * 20; i++)); do grep -q "$re" "$f" 2>/dev/null && return 0
    alive "$pid" || { grep -q "$re" "$f" 2>/dev/null && return 0; log "process $pid exited: $f"; tail -20 "$f" >&2; return 1; }
    sleep 0.05; done
  log "timed out waiting for $re in $f"; return 1; }
field() { sed -n "s/.*\b$2=\([^ ]*\).*/\1/p" <<<"$1"; }

start_sink() {
  "$JAVA" -cp "$CLASSES" SmtpSink "$SMTP_PORT" "$CONTROL_PORT" >"$RESULTS/$1.sink.log" 2>&1 &
  SINK_PID=$!; PIDS+=("$SINK_PID")
  wait_line "$RESULTS/$1.sink.log" '^READY' "$SINK_PID" 30
}

start_postcard() { # $1 sqlite|pg, $2 run key
  local db=()
  if [ "$1" = pg ]; then
    # shellcheck disable=SC2086
    "$JAVA" $PG_JAVA_OPTS -cp "$CLASSES:$(cat "$PG_CLASSPATH_FILE")" EmbeddedPg "$PG_PORT" "$ROOT/$WORK/pgdata-$2" >"$RESULTS/$2.pg.log" 2>&1 &
    PIDS+=("$!")
    wait_line "$RESULTS/$2.pg.log" '^postmaster-pid ' "$!" 120
    PG_PM="$(awk '/^postmaster-pid / {print $2}' "$RESULTS/$2.pg.log")"
    db=(--database-url "jdbc:postgresql://$HOST:$PG_PORT/postgres?user=postgres")
  fi
  # shellcheck disable=SC2086
  env -u POSTCARD_DATABASE_URL -u POSTCARD_BASE_PATH -u POSTCARD_CONFIG "$JAVA" $SERVER_JAVA_OPTS -jar postcard-server/target/postcard.jar serve \
    --port "$POSTCARD_PORT" --data-dir "$ROOT/$WORK/data-$2" --public-url "http://$HOST:$POSTCARD_PORT" \
    --admin-key "$ADMIN_KEY" --smtp-url "smtp://$HOST:$SMTP_PORT?starttls=optional&pool=$CONCURRENCY" \
    --send-rate 1000000 --send-concurrency "$CONCURRENCY" "${db[@]}" >"$RESULTS/$2.server.log" 2>&1 &
  SERVER_PID=$!; PIDS+=("$SERVER_PID")
  wait_line "$RESULTS/$2.server.log" 'Postcard is running on port' "$SERVER_PID" 90
}

stop_all() {
  stop_pid "$SERVER_PID"; SERVER_PID=""
  [ -n "$PG_PM" ] && { stop_postmaster "$PG_PM"; PG_PM=""; }
  stop_pid "$SINK_PID"; SINK_PID=""
}

declare -A R=()
run() { # $1 scenario, $2 repeat
  local s="$1" k="$1.$2" lp line t0 t1 c0 c1 p0 p1
  log "$k: start"
  start_sink "$k"
  if [ "$s" = bare ]; then
    "$JAVA" -cp "$CLASSES:$LIBS" BareSend "$HOST" "$SMTP_PORT" "$WARMUP" "$DURATION" "$CONCURRENCY" >"$RESULTS/$k.load.txt" 2>"$RESULTS/$k.load.err" &
    lp=$!; PIDS+=("$lp"); c0=0; p0=0
    wait_line "$RESULTS/$k.load.txt" '^PHASE measure' "$lp" $((WARMUP + 60))
    t0="$(now_ms)"; c0="$(proc_ticks "$lp")"
    wait "$lp"; t1="$(now_ms)"
    line="$(grep '^RESULT' "$RESULTS/$k.load.txt")"
    R[$k.rate]="$(field "$line" rate)"; R[$k.cpu]="-"; R[$k.check]="-"; R[$k.accept]="-"
  else
    start_postcard "$s" "$k"
    "$JAVA" -cp "$CLASSES" SendLoad "http://$HOST:$POSTCARD_PORT" "$ADMIN_KEY" "$CONTROL_PORT" "$WARMUP" "$DURATION" \
      "$BATCH" "$CLIENTS" "$BACKLOG" >"$RESULTS/$k.load.txt" 2>"$RESULTS/$k.load.err" &
    lp=$!; PIDS+=("$lp")
    wait_line "$RESULTS/$k.load.txt" '^PHASE measure' "$lp" $((WARMUP + 90))
    t0="$(now_ms)"; c0="$(proc_ticks "$SERVER_PID")"; p0="$(pg_ticks)"
    if [ "$s" = pg ] && [ "$PG_ACTIVITY" = 1 ]; then
      "$JAVA" -cp "$CLASSES:$LIBS" PgActivity "jdbc:postgresql://$HOST:$PG_PORT/postgres?user=postgres" \
        "$((DURATION - 2))" 200 >"$RESULTS/$k.activity.txt" 2>&1 &
    fi
    sleep "$DURATION"
    t1="$(now_ms)"; c1="$(proc_ticks "$SERVER_PID")"; p1="$(pg_ticks)"
    wait "$lp" || { log "$k: load failed"; cat "$RESULTS/$k.load.err" >&2; return 1; }
    line="$(grep '^RESULT' "$RESULTS/$k.load.txt")"
    R[$k.rate]="$(field "$line" rate)"
    R[$k.check]="accepted $(field "$line" accepted), at the sink $(field "$line" delivered)"
    R[$k.cpu]="$(awk -v c=$((c1 - c0)) -v p=$((p1 - p0)) -v k="$CLK" -v w=$((t1 - t0)) \
      'BEGIN {printf "Postcard %.0f %%, PostgreSQL %.0f %%", 100 * c / k / (w / 1000), 100 * p / k / (w / 1000)}')"
    line="$(grep '^ACCEPT1000' "$RESULTS/$k.load.txt")"
    R[$k.accept]="median $(field "$line" median_ms) ms, max $(field "$line" max_ms) ms"
  fi
  log "$k: ${R[$k.rate]} messages/s; ${R[$k.check]}; CPU ${R[$k.cpu]}; 1,000-recipient accept ${R[$k.accept]}"
  stop_all
}

for ((r = 1; r <= REPEATS; r++)); do
  for s in "$@"; do run "$s" "$r"; done
done

median() { sort -n | awk '{a[NR] = $1} END {if (NR % 2) print a[(NR + 1) / 2]; else printf "%.0f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
{
  echo "# Sending benchmark, $STAMP"
  echo
  echo '```'; cat "$RESULTS/machine.txt"; echo '```'
  echo
  echo "| scenario | messages/s (median) | runs | of bare | checks | CPU | 1,000-recipient accept |"
  echo "|---|---|---|---|---|---|---|"
  bare=""
  [[ " $* " == *" bare "* ]] && bare="$(for ((r = 1; r <= REPEATS; r++)); do echo "${R[bare.$r.rate]}"; done | median)"
  for s in "$@"; do
    m="$(for ((r = 1; r <= REPEATS; r++)); do echo "${R[$s.$r.rate]}"; done | median)"
    runs="$(for ((r = 1; r <= REPEATS; r++)); do printf '%s ' "${R[$s.$r.rate]}"; done)"
    ratio="-"; [ -n "$bare" ] && [ "$s" != bare ] && ratio="$(awk -v a="$m" -v b="$bare" 'BEGIN {printf "%.0f %%", 100 * a / b}')"
    echo "| $s | $m | $runs| $ratio | ${R[$s.$REPEATS.check]} | ${R[$s.$REPEATS.cpu]} | ${R[$s.$REPEATS.accept]} |"
  done
} >"$RESULTS/summary.md"
cat "$RESULTS/summary.md"
