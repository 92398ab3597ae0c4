#!/usr/bin/env bash
# The Postcard benchmark (see BENCHMARKS.md): open tracking against a bare Helidon server, and
# POST /v1/events, on SQLite and on PostgreSQL, driven by wrk from loopback.
#
#   bench/run.sh                      # everything (6 to 9 minutes with the default durations)
#   bench/run.sh open-sqlite open-pg  # a subset; see SCENARIOS below, or the groups all, open, events,
#                                     # events-sqlite, events-pg
#   DURATION=30s WARMUP=10s bench/run.sh
#
# Environment (defaults in brackets):
#   DURATION [30s] WARMUP [10s]       measured run and warm-up, each a separate wrk invocation
#   THREADS [2] CONNECTIONS [64]      wrk -t and -c
#   BATCH [100]                       events per request in the batch scenarios
#   SKIP_BUILD [0]                    1: use the jar already in postcard-server/target
#   SERVER_JAVA_OPTS [-Xmx384m]       JVM options for the bare server and Postcard (the launcher's default)
#   PG_JAVA_OPTS []                   JVM options of the embedded PostgreSQL launcher, e.g.
#                                     -Dpg.synchronous_commit=off (the default is fully durable)
#   THREAD_DUMPS [0]                  thread dumps taken this many times during each measured run
#                                     (jcmd Thread.print: platform threads, so the writers, not the requests)
#   THREAD_DUMP_KIND [print]          "virtual" uses jcmd Thread.dump_to_file instead, which shows the virtual
#                                     threads serving the requests too. Beware: it crashed the JVM once
#                                     here (JDK 25.0.3, SIGSEGV in stackChunkOopDesc::sender)
#   OPEN_LINK [html]                  html: the open pixel's link as Postcard writes it ({tenant}~{email_id});
#                                     bare: /track/open/{email_id}, the id alone, as a hand-made link
#   OPEN_MESSAGES [1]                 messages the measured open run spreads its hits over (1: one freshly
#                                     instrumented message takes every hit; more spreads the counter updates)
#   QUIET_WAIT [20]                   before each scenario, wait up to this many seconds for the other
#                                     processes of the machine to leave the CPUs idle (under 10 % busy)
#   FSYNC_COUNT [1]                   count the server's fsync calls on SQLite with perf (when perf works)
#   BASE_PORT [18180] PG_PORT [55440] loopback ports used (bare, Postcard, PostgreSQL)
#   MAX_SECONDS [840]                 the whole run is stopped after this long
#   KEEP_DATA [0]                     1: keep the SQLite data directories under bench/target
#
# Raw outputs go to bench/results/<timestamp>/ (bench/results/latest points at the last run):
# wrk outputs, server logs, top snapshots, thread dumps, summary.tsv and summary.md.
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export JAVA_HOME="${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
JAVAC="$JAVA_HOME/bin/javac"
JCMD="$JAVA_HOME/bin/jcmd"

DURATION="${DURATION:-30s}"
WARMUP="${WARMUP:-10s}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-64}"
BATCH="${BATCH:-100}"
SKIP_BUILD="${SKIP_BUILD:-0}"
SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:--Xmx384m}"  # the launcher's default heap
PG_JAVA_OPTS="${PG_JAVA_OPTS:-}"
THREAD_DUMPS="${THREAD_DUMPS:-0}"
THREAD_DUMP_KIND="${THREAD_DUMP_KIND:-print}"
OPEN_MESSAGES="${OPEN_MESSAGES:-1}"
OPEN_LINK="${OPEN_LINK:-html}"
QUIET_WAIT="${QUIET_WAIT:-20}"
FSYNC_COUNT="${FSYNC_COUNT:-1}"
BASE_PORT="${BASE_PORT:-18180}"
PG_PORT="${PG_PORT:-55440}"
MAX_SECONDS="${MAX_SECONDS:-840}"
KEEP_DATA="${KEEP_DATA:-0}"

HOST=127.0.0.1
BARE_PORT="$BASE_PORT"
POSTCARD_PORT="$((BASE_PORT + 1))"
USER_AGENT='Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0'
ADMIN_KEY="pck_bench_$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
LIBS="postcard-server/target/libs/*"
CLASSES="bench/target/classes"
PG_CLASSPATH_FILE="bench/target/pg.classpath"

SCENARIOS=(bare open-sqlite open-pg events-single-sqlite events-batch-sqlite events-single-pg events-batch-pg)

usage() {
  sed -n '2,/^set -Eeuo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
  echo "scenarios: ${SCENARIOS[*]}"
}

# ---------------------------------------------------------------------------------------------- arguments

expand() {
  case "$1" in
    all) echo "${SCENARIOS[*]}" ;;
    open) echo "bare open-sqlite open-pg" ;;
    events) echo "events-single-sqlite events-batch-sqlite events-single-pg events-batch-pg" ;;
    events-sqlite) echo "events-single-sqlite events-batch-sqlite" ;;
    events-pg) echo "events-single-pg events-batch-pg" ;;
    *)
      local s
      for s in "${SCENARIOS[@]}"; do [ "$s" = "$1" ] && { echo "$1"; return 0; }; done
      echo "unknown scenario '$1'; one of: ${SCENARIOS[*]} all open events events-sqlite events-pg" >&2
      return 2 ;;
  esac
}

declare -A WANTED=()
if [ $# -eq 0 ]; then set -- all; fi
for arg in "$@"; do
  case "$arg" in -h|--help|help) usage; exit 0 ;; esac
  list="$(expand "$arg")" || exit 2
  for s in $list; do WANTED[$s]=1; done
done
SELECTED=()
for s in "${SCENARIOS[@]}"; do [ -n "${WANTED[$s]:-}" ] && SELECTED+=("$s"); done

seconds() { # 30s, 2m, 1h or a bare number of seconds
  local v="$1"
  case "$v" in
    *ms) echo 1 ;;
    *s) echo "${v%s}" ;;
    *m) echo "$(( ${v%m} * 60 ))" ;;
    *h) echo "$(( ${v%h} * 3600 ))" ;;
    *) echo "$v" ;;
  esac
}
DURATION_S="$(seconds "$DURATION")"
WARMUP_S="$(seconds "$WARMUP")"

# ---------------------------------------------------------------------------------------------- cleanup

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="bench/results/$STAMP"
WORK="bench/target/run-$STAMP"
mkdir -p "$RESULTS" "$WORK"
ln -sfn "$STAMP" bench/results/latest

PIDS=()            # every long-lived process this script started
PG_POSTMASTERS=()  # postmasters (daemonised by pg_ctl, so not our children)
PG_DATA_DIRS=()
WATCHDOG=""

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$RESULTS/run.log" >&2; }

alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

stop_pid() { # TERM, then KILL after a grace period
  local pid="$1" grace="${2:-20}" i
  alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do alive "$pid" || break; sleep 0.1; done
  if alive "$pid"; then
    log "process $pid ignored SIGTERM; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

forget_pid() {
  local pid="$1" keep=() p
  for p in "${PIDS[@]}"; do [ "$p" != "$pid" ] && keep+=("$p"); done
  PIDS=("${keep[@]}")
}

stop_postmaster() { # fast shutdown of a postmaster the launcher failed to stop
  local pid="$1" i
  alive "$pid" || return 0
  kill -INT "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do alive "$pid" || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local p
  if [ -n "${NAP_PID:-}" ]; then kill "$NAP_PID" 2>/dev/null || true; fi
  for p in "${PIDS[@]}"; do stop_pid "$p" 15; done
  for p in "${PG_POSTMASTERS[@]}"; do stop_postmaster "$p"; done
  for p in "${PG_DATA_DIRS[@]}"; do rm -rf "$p"; done
  if [ -n "$WATCHDOG" ]; then kill "$WATCHDOG" 2>/dev/null || true; wait "$WATCHDOG" 2>/dev/null || true; fi
  if [ "$KEEP_DATA" != 1 ]; then rm -rf "$WORK"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# Bounded in time whatever happens: the watchdog interrupts the script, whose trap stops everything.
(
  trap 'kill "$nap" 2>/dev/null; exit 0' TERM
  sleep "$MAX_SECONDS" & nap=$!
  wait "$nap" && { echo "bench: over MAX_SECONDS=$MAX_SECONDS, stopping" >&2; kill -TERM $$; }
) &
WATCHDOG=$!

port_free() { ! (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

for port in "$BARE_PORT" "$POSTCARD_PORT" "$PG_PORT"; do
  port_free "$port" || { log "port $port is in use; choose BASE_PORT / PG_PORT"; exit 1; }
done

# ---------------------------------------------------------------------------------------------- setup

if ! command -v wrk >/dev/null 2>&1; then
  log "installing wrk"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi

needs_pg=0
for s in "${SELECTED[@]}"; do case "$s" in *-pg) needs_pg=1 ;; esac; done

if [ "$SKIP_BUILD" != 1 ]; then
  log "building Postcard (./mvnw -q -B -DskipTests package)"
  ./mvnw -q -B -DskipTests package >"$RESULTS/build.log" 2>&1 || { log "build failed: $RESULTS/build.log"; exit 1; }
fi
[ -f postcard-server/target/postcard.jar ] || { log "no postcard-server/target/postcard.jar; build first"; exit 1; }

mkdir -p "$CLASSES"
"$JAVAC" -d "$CLASSES" -cp "$LIBS" bench/BareServer.java bench/PgStats.java >"$RESULTS/javac.log" 2>&1 \
  || { log "javac failed: $RESULTS/javac.log"; exit 1; }
if [ "$needs_pg" = 1 ]; then
  if [ "$SKIP_BUILD" != 1 ] || [ ! -s "$PG_CLASSPATH_FILE" ]; then
    log "resolving the embedded PostgreSQL classpath (postcard-core test scope)"
    ./mvnw -q -B -DskipTests package dependency:build-classpath -pl postcard-core -am -Dmdep.outputFile="$ROOT/$PG_CLASSPATH_FILE" \
      >"$RESULTS/pg-classpath.log" 2>&1 || { log "dependency:build-classpath failed: $RESULTS/pg-classpath.log"; exit 1; }
  fi
  "$JAVAC" -d "$CLASSES" -cp "$(cat "$PG_CLASSPATH_FILE")" bench/EmbeddedPg.java >>"$RESULTS/javac.log" 2>&1 \
    || { log "javac EmbeddedPg failed: $RESULTS/javac.log"; exit 1; }
fi

# The machine and the code measured (the repository may have no commits: hash the sources).
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "command: bench/run.sh $* (DURATION=$DURATION WARMUP=$WARMUP THREADS=$THREADS CONNECTIONS=$CONNECTIONS BATCH=$BATCH OPEN_MESSAGES=$OPEN_MESSAGES OPEN_LINK=$OPEN_LINK SERVER_JAVA_OPTS='$SERVER_JAVA_OPTS' PG_JAVA_OPTS='$PG_JAVA_OPTS' THREAD_DUMPS=$THREAD_DUMPS QUIET_WAIT=$QUIET_WAIT SKIP_BUILD=$SKIP_BUILD)"
  echo "nproc: $(nproc)"
  echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "cpu: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "kernel: $(uname -srm)"
  echo "os: $(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "java: $("$JAVA" -version 2>&1 | sed -n 2p)"
  echo "wrk: $(wrk -v 2>&1 | head -1)"
  echo "loadavg before: $(cat /proc/loadavg)"
  echo "sources sha256: $(find pom.xml postcard-*/pom.xml postcard-*/src/main -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)"
  echo "jars sha256: $(cat postcard-server/target/postcard.jar postcard-server/target/libs/postcard-core-*.jar | sha256sum | cut -c1-16) (built $(date -u -r postcard-server/target/postcard.jar +%Y-%m-%dT%H:%M:%SZ))"
} >"$RESULTS/machine.txt"
cat "$RESULTS/machine.txt" >&2

# ---------------------------------------------------------------------------------------------- measuring

proc_ticks() { # utime + stime + cutime + cstime of one process (its reaped children included), in ticks
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || { echo 0; return; }
  stat="${stat##*) }" # fields from the third (state) on: the command name may hold spaces
  # shellcheck disable=SC2086
  set -- $stat
  echo "$(( ${12} + ${13} + ${14} + ${15} ))"
}

pg_ticks() { # the postmaster (with its reaped children) and its live children
  local pm="$1" total child
  [ -n "$pm" ] || { echo 0; return; }
  total="$(proc_ticks "$pm")"
  for child in $(ps -o pid= --ppid "$pm" 2>/dev/null); do
    total=$(( total + $(proc_ticks "$child") ))
  done
  echo "$total"
}

pg_pss_kb() {
  local pm="$1" total=0 pid
  [ -n "$pm" ] || { echo 0; return; }
  for pid in "$pm" $(ps -o pid= --ppid "$pm" 2>/dev/null); do
    total=$(( total + $(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0) ))
  done
  echo "$total"
}

system_ticks() { # busy and total ticks of all CPUs
  awk '/^cpu / {busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6}' /proc/stat
}

status_kb() { awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

declare -A R=()   # results: R[scenario.field]
CLK_TCK="$(getconf CLK_TCK)"

NAP_PID=""
nap() { # a sleep that lets the INT/TERM trap run at once
  sleep "$1" &
  NAP_PID=$!
  wait "$NAP_PID" || true
  NAP_PID=""
}

# Runs wrk in the background and $6 (a function, may be empty) meanwhile; $1 label, $2 seconds, $3 mode,
# $4 URL, $5 run id, $7 a file of message ids (open mode, may be empty). Fills R[label.*] from wrk's
# BENCH line and R[label.wrk_cpu_s] from /usr/bin/time.
run_wrk() {
  local label="$1" secs="$2" mode="$3" url="$4" run="$5" during="${6:-}" ids="${7:-}" out="$RESULTS/$1.wrk.txt" rc=0
  timeout --kill-after=10 "$((secs + 60))" /usr/bin/time -f 'wrk_cpu %U %S' -o "$RESULTS/$label.wrk-time.txt" \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${secs}s" --timeout 10s --latency -H "User-Agent: $USER_AGENT" \
    -s bench/wrk.lua "$url" -- "$mode" "$ADMIN_KEY" "$run" "$BATCH" "$ids" >"$out" 2>&1 &
  local wrk_pid=$!
  PIDS+=("$wrk_pid")
  if [ -n "$during" ]; then "$during"; fi
  wait "$wrk_pid" || rc=$?
  forget_pid "$wrk_pid"
  if [ "$rc" != 0 ]; then log "wrk failed for $label (exit $rc): $out"; cat "$out" >&2; return 1; fi
  local line kv
  line="$(grep '^BENCH ' "$out")" || { log "no BENCH line in $out"; return 1; }
  for kv in ${line#BENCH }; do R[$label.${kv%%=*}]="${kv#*=}"; done
  R[$label.wrk_cpu_s]="$(awk '/^wrk_cpu/ {print $2 + $3}' "$RESULTS/$label.wrk-time.txt")"
}

# What is looked at during a measured run: a top snapshot halfway and THREAD_DUMPS thread dumps.
MEASURED=""
MEASURED_PID=""
observe() {
  local i
  if [ "$THREAD_DUMPS" -gt 0 ] 2>/dev/null; then
    for ((i = 1; i <= THREAD_DUMPS; i++)); do
      nap "$(awk -v d="$DURATION_S" -v n="$THREAD_DUMPS" 'BEGIN {printf "%.1f", d / (n + 1)}')"
      if [ "$THREAD_DUMP_KIND" = virtual ]; then
        "$JCMD" "$MEASURED_PID" Thread.dump_to_file -overwrite "$ROOT/$RESULTS/$MEASURED.threads.$i.txt" \
          >/dev/null 2>&1 || true
      else
        "$JCMD" "$MEASURED_PID" Thread.print >"$RESULTS/$MEASURED.threads.$i.txt" 2>&1 || true
      fi
      if [ -s "$RESULTS/$MEASURED.threads.$i.txt" ]; then
        { echo "--- dump $i"; awk -f bench/thread-summary.awk "$RESULTS/$MEASURED.threads.$i.txt"; } \
          >>"$RESULTS/$MEASURED.threads-summary.txt"
      fi
      if [ "$i" = 1 ]; then top_snapshot; fi
    done
  else
    nap "$(( DURATION_S / 2 ))"
    top_snapshot
  fi
}

top_snapshot() { # the second frame: the first one averages since boot
  top -b -n 2 -d 1 -w 200 2>/dev/null | awk '/^top -/ {n++} n == 2' | head -25 >"$RESULTS/$MEASURED.top.txt" || true
}

PERF_OK=""
perf_works() { # can perf count syscall tracepoints here? (asked once)
  if [ -z "$PERF_OK" ]; then
    PERF_OK=no
    if [ "$FSYNC_COUNT" = 1 ] && command -v perf >/dev/null 2>&1 \
        && perf stat -x, -e syscalls:sys_enter_fsync -- true >/dev/null 2>&1; then
      PERF_OK=yes
    fi
  fi
  [ "$PERF_OK" = yes ]
}

# The measured wrk run of scenario $1, with the CPU time of each party; $2 mode, $3 URL, $4 run id,
# $5 server pid, $6 postmaster pid (or empty), $7 sqlite to count the server's fsyncs, $8 ids file
measure() {
  local s="$1" mode="$2" url="$3" run="$4" pid="$5" pm="${6:-}" db="${7:-}" ids="${8:-}"
  local sys0 sys1 srv0 srv1 pg0 pg1 perf_pid="" perf_secs=$(( DURATION_S > 3 ? DURATION_S - 2 : 1 ))
  MEASURED="$s"; MEASURED_PID="$pid"
  if [ "$db" = sqlite ] && perf_works; then
    perf stat -x, -o "$RESULTS/$s.fsync.txt" -e syscalls:sys_enter_fsync,syscalls:sys_enter_fdatasync \
      -p "$pid" -- sleep "$perf_secs" >/dev/null 2>&1 &
    perf_pid=$!
    PIDS+=("$perf_pid")
  fi
  sys0="$(system_ticks)"; srv0="$(proc_ticks "$pid")"; pg0="$(pg_ticks "$pm")"
  run_wrk "$s" "$DURATION_S" "$mode" "$url" "$run" observe "$ids" || return 1
  sys1="$(system_ticks)"; srv1="$(proc_ticks "$pid")"; pg1="$(pg_ticks "$pm")"
  if ! alive "$pid"; then
    log "$s: the server died during the measured run; see $RESULTS/$s.server.log"
    R[$s.died]=1
  fi
  if [ -n "$perf_pid" ]; then
    wait "$perf_pid" 2>/dev/null || true
    forget_pid "$perf_pid"
    R[$s.fsyncs_per_s]="$(awk -F, -v t="$perf_secs" '$3 ~ /sys_enter_f(data)?sync/ {n += $1} END {printf "%.0f", n / t}' \
      "$RESULTS/$s.fsync.txt" 2>/dev/null)"
  fi
  local busy0 total0 busy1 total1
  read -r busy0 total0 <<<"$sys0"; read -r busy1 total1 <<<"$sys1"
  R[$s.cpu_wall_s]="$(awk -v t="$((total1 - total0))" -v hz="$CLK_TCK" -v n="$(nproc)" 'BEGIN {printf "%.1f", t / hz / n}')"
  R[$s.cpu_busy_s]="$(awk -v t="$((busy1 - busy0))" -v hz="$CLK_TCK" 'BEGIN {printf "%.1f", t / hz}')"
  R[$s.server_cpu_s]="$(awk -v t="$((srv1 - srv0))" -v hz="$CLK_TCK" 'BEGIN {printf "%.1f", t / hz}')"
  R[$s.pg_cpu_s]="$(awk -v t="$((pg1 - pg0))" -v hz="$CLK_TCK" 'BEGIN {printf "%.1f", t / hz}')"
  R[$s.other_cpu_s]="$(awk -v b="${R[$s.cpu_busy_s]}" -v a="${R[$s.server_cpu_s]}" -v p="${R[$s.pg_cpu_s]}" \
    -v w="${R[$s.wrk_cpu_s]}" 'BEGIN {o = b - a - p - w; printf "%.1f", o < 0 ? 0 : o}')"
  # CPU cost of one request on the server side (Postcard and PostgreSQL), whatever else ran meanwhile
  R[$s.cpu_us_per_req]="$(awk -v a="$((srv1 - srv0 + pg1 - pg0))" -v hz="$CLK_TCK" -v r="${R[$s.sent]}" \
    'BEGIN {printf "%.0f", r ? a / hz / r * 1e6 : 0}')"
}

# Waits (at most QUIET_WAIT seconds) until the CPUs are under 10 % busy over 2 s; records what it saw.
wait_quiet() {
  local s="$1" waited=0 b0 t0 b1 t1 busy
  while :; do
    read -r b0 t0 <<<"$(system_ticks)"; nap 2; read -r b1 t1 <<<"$(system_ticks)"
    busy=$(( t1 > t0 ? 100 * (b1 - b0) / (t1 - t0) : 0 ))
    waited=$((waited + 2))
    if [ "$busy" -lt 10 ] || [ "$waited" -ge "$QUIET_WAIT" ]; then break; fi
  done
  R[$s.busy_before]="$busy"
  [ "$busy" -lt 10 ] || log "$s: the CPUs are still ${busy} % busy with other processes after ${waited} s; going on"
}

record_rss() { # $1 scenario, $2 server pid, $3 postmaster pid (or empty)
  R[$1.vmhwm_kb]="$(status_kb "$2" VmHWM)"
  R[$1.vmrss_kb]="$(status_kb "$2" VmRSS)"
  R[$1.pg_pss_kb]="$(pg_pss_kb "${3:-}")"
}

# ---------------------------------------------------------------------------------------------- servers

SERVER_PID=""
PG_PID=""
PG_PM=""
PG_URL=""

wait_for_line() { # $1 file, $2 pattern, $3 pid, $4 seconds
  local i
  for ((i = 0; i < $4 * 10; i++)); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    alive "$3" || { log "process $3 exited; see $1"; tail -20 "$1" >&2; return 1; }
    sleep 0.1
  done
  log "timed out waiting for '$2' in $1"
  return 1
}

start_pg() { # $1 scenario
  local logf="$RESULTS/$1.pg.log" datadir="$ROOT/$WORK/pgdata-$1"
  PG_DATA_DIRS+=("$datadir")
  # shellcheck disable=SC2086
  "$JAVA" "-XX:ErrorFile=$ROOT/$RESULTS/hs_err_%p.log" $PG_JAVA_OPTS -cp "$CLASSES:$(cat "$PG_CLASSPATH_FILE")" \
    EmbeddedPg "$PG_PORT" "$datadir" >"$logf" 2>&1 &
  PG_PID=$!
  PIDS+=("$PG_PID")
  wait_for_line "$logf" '^postmaster-pid ' "$PG_PID" 120 || return 1
  PG_PM="$(awk '/^postmaster-pid / {print $2}' "$logf")"
  PG_POSTMASTERS+=("$PG_PM")
  PG_URL="jdbc:postgresql://$HOST:$PG_PORT/postgres?user=postgres"
  log "PostgreSQL 17 on $HOST:$PG_PORT (postmaster $PG_PM, fsync and synchronous_commit on unless PG_JAVA_OPTS say otherwise)"
}

stop_pg() {
  [ -n "$PG_PID" ] || return 0
  stop_pid "$PG_PID" 30
  forget_pid "$PG_PID"
  stop_postmaster "$PG_PM"
  PG_PID=""; PG_PM=""; PG_URL=""
}

start_bare() { # $1 scenario
  local logf="$RESULTS/$1.server.log"
  # shellcheck disable=SC2086
  "$JAVA" "-XX:ErrorFile=$ROOT/$RESULTS/hs_err_%p.log" $SERVER_JAVA_OPTS -cp "$CLASSES:$LIBS" BareServer "$BARE_PORT" \
    >"$logf" 2>&1 &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  wait_for_line "$logf" 'Bare server is running on port' "$SERVER_PID" 60
}

start_postcard() { # $1 scenario, $2 sqlite|pg
  local logf="$RESULTS/$1.server.log" db=()
  if [ "$2" = pg ]; then
    start_pg "$1" || return 1
    db=(--database-url "$PG_URL")
  fi
  # shellcheck disable=SC2086
  env -u POSTCARD_DATABASE_URL -u POSTCARD_BASE_PATH "$JAVA" "-XX:ErrorFile=$ROOT/$RESULTS/hs_err_%p.log" \
    $SERVER_JAVA_OPTS -jar postcard-server/target/postcard.jar serve \
    --port "$POSTCARD_PORT" --data-dir "$ROOT/$WORK/data-$1" --public-url "http://$HOST:$POSTCARD_PORT" \
    --admin-key "$ADMIN_KEY" "${db[@]}" >"$logf" 2>&1 &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  wait_for_line "$logf" 'Postcard is running on port' "$SERVER_PID" 90
}

stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  stop_pid "$SERVER_PID" 20
  forget_pid "$SERVER_PID"
  SERVER_PID=""
  stop_pg
}

api() { # $1 method, $2 path, [$3 body]
  curl -s --max-time 15 -X "$1" "http://$HOST:$POSTCARD_PORT$2" -H "Authorization: Bearer $ADMIN_KEY" \
    ${3:+-H 'Content-Type: application/json' --data-binary "$3"}
}

instrument() { # prints the link id of the open pixel Postcard put in the HTML: {tenant}~{email_id}
  local body id
  body="$(api POST /v1/tracking/instrument '{"to":"a@example.com","subject":"bench","html":"<html><body>hi</body></html>"}')"
  id="$(printf '%s' "$body" | sed -n 's/.*\/track\/open\/\([^"\\]*\).*/\1/p')"
  [ -n "$id" ] || { log "instrument failed: $body"; return 1; }
  if [ "$OPEN_LINK" = bare ]; then id="${id#*~}"; fi
  echo "$id"
}

opens_total() { # the sum of opens.total over the link or message ids given (one GET per id, 100 per curl)
  local total=0 chunk=() id n
  flush_chunk() {
    [ "${#chunk[@]}" -gt 0 ] || return 0
    n="$(curl -s --max-time 60 -H "Authorization: Bearer $ADMIN_KEY" "${chunk[@]}" \
      | tr -d ' \n' | grep -o '"opens":{[^}]*}' | sed -n 's/.*"total":\([0-9]*\).*/\1/p' | awk '{s += $1} END {print s + 0}')"
    total=$((total + n)); chunk=()
  }
  for id in "$@"; do
    chunk+=("http://$HOST:$POSTCARD_PORT/v1/emails/${id#*~}")
    if [ "${#chunk[@]}" -ge 100 ]; then flush_chunk; fi
  done
  flush_chunk
  alive "$SERVER_PID" && echo "$total" || echo ""
}

events_stored() { # postcard_events_stored_total{type="$1"} (default email.delivered), 0 before the first one
  local v type="${1:-email.delivered}"
  alive "$SERVER_PID" || { echo ""; return; }
  v="$(curl -s --max-time 15 "http://$HOST:$POSTCARD_PORT/metrics" \
    | awk -v t="type=\"$type\"" '/^postcard_events_stored_total\{/ && index($0, t) {printf "%d", $NF}')"
  echo "${v:-0}"
}

settle() { # polls $1 (a function and args) until two reads 0.5 s apart agree; prints the value
  local prev="" cur i
  for ((i = 0; i < 40; i++)); do
    cur="$("$@")"
    [ -n "$cur" ] || { echo ""; return; }
    [ -n "$cur" ] && [ "$cur" = "$prev" ] && { echo "$cur"; return 0; }
    prev="$cur"; sleep 0.5
  done
  echo "$cur"
}

pg_stats() { "$JAVA" -cp "$CLASSES:$LIBS" PgStats "$PG_URL" 2>/dev/null || echo ""; }

pg_stat_field() { sed -n "s/.*\b$2=\([0-9]*\).*/\1/p" <<<"$1"; }

# ---------------------------------------------------------------------------------------------- scenarios

# Group commit as the database saw it during the measured run: events per commit and per fsync.
# $1 scenario, $2 db, $3 events written in the measured run, $4 pg_stats before it (pg only)
commit_stats() {
  local s="$1" db="$2" events="$3" before="${4:-}"
  if [ "$db" = pg ] && [ -n "$before" ]; then
    nap 1.5 # backends report their statistics at most once a second
    local after commits syncs
    after="$(pg_stats)"
    [ -n "$after" ] || return 0
    commits=$(( $(pg_stat_field "$after" xact_commit) - $(pg_stat_field "$before" xact_commit) ))
    syncs=$(( $(pg_stat_field "$after" wal_sync) - $(pg_stat_field "$before" wal_sync) ))
    R[$s.commits]="$(awk -v e="$events" -v c="$commits" -v w="$syncs" \
      'BEGIN {printf "PostgreSQL: %d commits (%.1f events each), %d WAL fsyncs (%.1f events each)", c, c ? e / c : 0, w, w ? e / w : 0}')"
  elif [ "$db" = sqlite ] && [ -n "${R[$s.fsyncs_per_s]:-}" ]; then
    R[$s.commits]="$(awk -v e="$events" -v d="${R[$s.duration_us]}" -v f="${R[$s.fsyncs_per_s]}" \
      'BEGIN {r = e / (d / 1e6); printf "SQLite: %d fsync calls/s by the server (%.1f events each)", f, f ? r / f : 0}')"
  fi
}

open_scenario() { # $1 scenario: bare | open-sqlite | open-pg
  local s="$1" db="${1#open-}" url warm_id run_id before="" ids="" run_ids=() i
  if [ "$s" = bare ]; then
    db=none
    start_bare "$s" || return 1
    url="http://$HOST:$BARE_PORT/track/open"
    warm_id="msg_bench_warmup"
    for ((i = 1; i <= OPEN_MESSAGES; i++)); do run_ids+=("msg_bench_run_$i"); done
  else
    start_postcard "$s" "$db" || return 1
    url="http://$HOST:$POSTCARD_PORT/track/open"
    warm_id="$(instrument)" || return 1
    for ((i = 1; i <= OPEN_MESSAGES; i++)); do run_ids+=("$(instrument)") || return 1; done
  fi
  run_id="${run_ids[0]}"
  if [ "$OPEN_MESSAGES" -gt 1 ]; then
    ids="$ROOT/$WORK/$s.ids"
    printf '%s\n' "${run_ids[@]}" >"$ids"
  fi
  wait_quiet "$s"
  log "$s: warm-up $WARMUP on $url/$warm_id"
  run_wrk "$s.warmup" "$WARMUP_S" open "$url/$warm_id" "${STAMP}w" || return 1
  if [ "$db" = pg ]; then before="$(pg_stats)"; fi
  if [ -n "$ids" ]; then
    log "$s: measured run $DURATION over $OPEN_MESSAGES messages ($url/<id>, ids in $ids)"
    measure "$s" open "$url/" "${STAMP}m" "$SERVER_PID" "$PG_PM" "$db" "$ids" || return 1
  else
    log "$s: measured run $DURATION on $url/$run_id"
    measure "$s" open "$url/$run_id" "${STAMP}m" "$SERVER_PID" "$PG_PM" "$db" || return 1
  fi
  record_rss "$s" "$SERVER_PID" "$PG_PM"
  if [ -n "${R[$s.died]:-}" ]; then
    R[$s.check]="SERVER DIED during the measured run (see $s.server.log)"
  elif [ "$s" = bare ]; then
    R[$s.check]="(records nothing)"
  else
    local warm_opens run_opens sent_w="${R[$s.warmup.sent]}" sent_r="${R[$s.sent]}" done_r="${R[$s.requests]}"
    local stored_all
    stored_all="$(settle events_stored email.opened)"
    warm_opens="$(settle opens_total "$warm_id")"
    if [ "$OPEN_MESSAGES" -le 100 ]; then
      run_opens="$(opens_total "${run_ids[@]}")"
    else # GET /v1/emails/{id} for each would take long: the log's count of stored opens less the warm-up
      run_opens="$(( stored_all - warm_opens ))"
    fi
    R[$s.stored]="$run_opens"
    local over=""
    if [ "$OPEN_MESSAGES" -gt 1 ]; then over=" over $OPEN_MESSAGES messages"; fi
    if [ "$run_opens" = "$sent_r" ] && [ "$warm_opens" = "$sent_w" ] && [ "$stored_all" = "$((sent_w + sent_r))" ] \
        && [ "${R[$s.non2xx]}" = 0 ]; then
      R[$s.check]="OK: opens $run_opens$over = requests sent $sent_r (2xx read by wrk before it stopped: $done_r); warm-up $warm_opens = $sent_w"
    else
      R[$s.check]="MISMATCH: opens $run_opens$over, requests sent $sent_r, 2xx $done_r (non-2xx ${R[$s.non2xx]}); warm-up opens $warm_opens, sent $sent_w; email.opened stored $stored_all"
    fi
    commit_stats "$s" "$db" "$sent_r" "$before"
    log "$s: ${R[$s.check]}${R[$s.commits]:+; ${R[$s.commits]}}"
  fi
  stop_server
}

events_scenario() { # $1 scenario: events-(single|batch)-(sqlite|pg)
  local s="$1" rest="${1#events-}" mode db per=1
  mode="${rest%%-*}"; db="${rest#*-}"
  if [ "$mode" = batch ]; then per="$BATCH"; fi
  R[$s.per_request]="$per"
  start_postcard "$s" "$db" || return 1
  local url="http://$HOST:$POSTCARD_PORT/v1/events" before=""
  wait_quiet "$s"
  log "$s: warm-up $WARMUP, $per event(s) per request"
  run_wrk "$s.warmup" "$WARMUP_S" "$mode" "$url" "${STAMP}w" || return 1
  if [ "$db" = pg ]; then before="$(pg_stats)"; fi
  log "$s: measured run $DURATION"
  measure "$s" "$mode" "$url" "${STAMP}m" "$SERVER_PID" "$PG_PM" "$db" || return 1
  record_rss "$s" "$SERVER_PID" "$PG_PM"
  local stored expected sent_w="${R[$s.warmup.sent]}" sent_r="${R[$s.sent]}"
  if [ -n "${R[$s.died]:-}" ]; then
    R[$s.check]="SERVER DIED during the measured run (see $s.server.log)"
    log "$s: ${R[$s.check]}"
    stop_server
    return 0
  fi
  stored="$(settle events_stored)"
  expected=$(( (sent_w + sent_r) * per ))
  R[$s.stored]="$stored"
  if [ "$stored" = "$expected" ] && [ "${R[$s.non2xx]}" = 0 ]; then
    R[$s.check]="OK: stored $stored = sent $expected (warm-up + run)"
  else
    R[$s.check]="MISMATCH: stored $stored, sent $expected (warm-up + run), non-2xx ${R[$s.non2xx]}"
  fi
  commit_stats "$s" "$db" "$(( sent_r * per ))" "$before"
  log "$s: ${R[$s.check]}${R[$s.commits]:+; ${R[$s.commits]}}"
  stop_server
}

for s in "${SELECTED[@]}"; do
  log "=== $s"
  case "$s" in
    bare|open-*) open_scenario "$s" || { log "$s failed"; stop_server; R[$s.check]="FAILED"; } ;;
    events-*) events_scenario "$s" || { log "$s failed"; stop_server; R[$s.check]="FAILED"; } ;;
  esac
done

# ---------------------------------------------------------------------------------------------- report

ms() { [ -n "${1:-}" ] && awk -v u="$1" 'BEGIN {printf "%.2f", u / 1000}' || echo "–"; }
mib() { [ -n "${1:-}" ] && [ "$1" != 0 ] && awk -v k="$1" 'BEGIN {printf "%.0f", k / 1024}' || echo "–"; }
rps() { [ -n "${R[$1.requests]:-}" ] && awk -v r="${R[$1.requests]}" -v d="${R[$1.duration_us]}" 'BEGIN {printf "%.0f", r / (d / 1e6)}' || echo "–"; }
eps() { [ -n "${R[$1.per_request]:-}" ] && [ -n "${R[$1.requests]:-}" ] && awk -v r="${R[$1.requests]}" -v d="${R[$1.duration_us]}" -v b="${R[$1.per_request]}" 'BEGIN {printf "%.0f", r * b / (d / 1e6)}' || echo "–"; }
pct() { [ -n "${2:-}" ] && [ "$2" != "–" ] && [ "$1" != "–" ] && awk -v a="$1" -v b="$2" 'BEGIN {printf "%.0f %%", 100 * a / b}' || echo "–"; }
times_of() { [ -n "${2:-}" ] && [ -n "${1:-}" ] && awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f×", a / b}' || echo "–"; }
share() { [ -n "${1:-}" ] && awk -v c="$1" -v w="${R[$2.cpu_wall_s]}" 'BEGIN {printf "%.0f %%", w ? 100 * c / w : 0}' || echo "–"; }

{
  echo "# Postcard benchmark $STAMP"
  echo
  sed 's/^/    /' "$RESULTS/machine.txt"
  echo
  echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (after a separate $WARMUP warm-up), from $HOST."
  echo
  echo "| scenario | requests/s | events/s | p50 ms | p99 ms | p99.9 ms | non-2xx | errors | VmHWM MiB | VmRSS MiB | req/s vs bare | p50 vs bare | p99 vs bare |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  bare_rps="$(rps bare)"
  for s in "${SELECTED[@]}"; do
    r="$(rps "$s")"
    errs=$(( ${R[$s.connect_errors]:-0} + ${R[$s.read_errors]:-0} + ${R[$s.write_errors]:-0} + ${R[$s.timeouts]:-0} ))
    vs="–"; p50vs="–"; p99vs="–"
    if [[ "$s" == open-* ]] && [ "$bare_rps" != "–" ]; then
      vs="$(pct "$r" "$bare_rps")"
      p50vs="$(times_of "${R[$s.p50_us]:-}" "${R[bare.p50_us]:-}")"
      p99vs="$(times_of "${R[$s.p99_us]:-}" "${R[bare.p99_us]:-}")"
    fi
    echo "| $s | $r | $(eps "$s") | $(ms "${R[$s.p50_us]:-}") | $(ms "${R[$s.p99_us]:-}") | $(ms "${R[$s.p999_us]:-}") | ${R[$s.non2xx]:-–} | $errs | $(mib "${R[$s.vmhwm_kb]:-}") | $(mib "${R[$s.vmrss_kb]:-}") | $vs | $p50vs | $p99vs |"
  done
  echo
  echo "CPU during the measured run in core-seconds (and as a share of one core: 200 % is both cores);"
  echo "\"other\" is everything else the machine ran meanwhile; \"µs/request\" is the CPU time of the server"
  echo "(Postcard plus PostgreSQL) per request sent, which does not depend on what else ran:"
  echo
  echo "| scenario | wall s | server | PostgreSQL | wrk | other | server µs/request | busy before | PostgreSQL PSS MiB |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for s in "${SELECTED[@]}"; do
    [ -n "${R[$s.cpu_wall_s]:-}" ] || continue
    echo "| $s | ${R[$s.cpu_wall_s]} | ${R[$s.server_cpu_s]} ($(share "${R[$s.server_cpu_s]}" "$s")) | ${R[$s.pg_cpu_s]} ($(share "${R[$s.pg_cpu_s]}" "$s")) | ${R[$s.wrk_cpu_s]} ($(share "${R[$s.wrk_cpu_s]}" "$s")) | ${R[$s.other_cpu_s]} ($(share "${R[$s.other_cpu_s]}" "$s")) | ${R[$s.cpu_us_per_req]:-–} | ${R[$s.busy_before]:-–} % | $(mib "${R[$s.pg_pss_kb]:-}") |"
  done
  echo
  echo "Durability checks (what Postcard stored against the requests wrk wrote) and group commit:"
  echo
  for s in "${SELECTED[@]}"; do echo "- $s: ${R[$s.check]:-–}${R[$s.commits]:+; ${R[$s.commits]}}"; done
  for s in "${SELECTED[@]}"; do
    if [ -s "$RESULTS/$s.threads-summary.txt" ]; then
      echo; echo "Thread dumps of $s during the measured run:"; echo
      sed 's/^/    /' "$RESULTS/$s.threads-summary.txt"
    fi
  done
} >"$RESULTS/summary.md"

{
  printf 'scenario\trequests\tsent\tduration_us\trequests_per_s\tevents_per_s\tp50_us\tp90_us\tp99_us\tp999_us\tmax_us\tnon2xx\tvmhwm_kb\tvmrss_kb\tserver_cpu_s\tpg_cpu_s\twrk_cpu_s\tother_cpu_s\twall_s\tcpu_us_per_req\tstored\tcheck\tcommits\n'
  for s in "${SELECTED[@]}"; do
    printf '%s\t' "$s" "${R[$s.requests]:-}" "${R[$s.sent]:-}" "${R[$s.duration_us]:-}" "$(rps "$s")" \
      "$(eps "$s")" "${R[$s.p50_us]:-}" "${R[$s.p90_us]:-}" "${R[$s.p99_us]:-}" "${R[$s.p999_us]:-}" \
      "${R[$s.max_us]:-}" "${R[$s.non2xx]:-}" "${R[$s.vmhwm_kb]:-}" "${R[$s.vmrss_kb]:-}" "${R[$s.server_cpu_s]:-}" \
      "${R[$s.pg_cpu_s]:-}" "${R[$s.wrk_cpu_s]:-}" "${R[$s.other_cpu_s]:-}" "${R[$s.cpu_wall_s]:-}" \
      "${R[$s.cpu_us_per_req]:-}" "${R[$s.stored]:-}" "${R[$s.check]:-}"
    printf '%s\n' "${R[$s.commits]:-}"
  done
} >"$RESULTS/summary.tsv"

echo "loadavg after: $(cat /proc/loadavg)" >>"$RESULTS/machine.txt"
cat "$RESULTS/summary.md"
echo
echo "raw outputs: $RESULTS"
failed=0
for s in "${SELECTED[@]}"; do case "${R[$s.check]:-}" in OK*|"(records nothing)") ;; *) failed=1 ;; esac; done
ls "$RESULTS"/hs_err_*.log >/dev/null 2>&1 && { echo "a JVM crashed: $(ls "$RESULTS"/hs_err_*.log)"; failed=1; }
exit "$failed"
