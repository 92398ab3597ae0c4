#!/usr/bin/env bash
# Several Postcard nodes on one PostgreSQL (see BENCHMARKS.md, "Several nodes on one PostgreSQL"): 1, 2 and 3
# `serve` processes share one PostgreSQL 17 under a steady load of POST /v1/events, with a webhook on "*" to each
# of 2 local receivers. Each node and PostgreSQL run in a cgroup of their own with a CPU quota, so an added node
# adds CPU instead of sharing the same cores. Per configuration: the pipeline's throughput (events stored AND
# delivered to every receiver, per second), the CPU each event costs each node and PostgreSQL (/proc), how often
# each quota throttled (cpu.stat), and lock contention in PostgreSQL (pg_stat_activity and pg_locks sampled,
# pg_stat_database deadlocks and rollbacks).
#
#   bench/nodes.sh                        # 1 2 3 nodes (about 9 minutes with the defaults, the build included)
#   bench/nodes.sh 1 3                    # a subset
#   NODE_CPUS=0.5 PG_CPUS=1 bench/nodes.sh
#
# Environment (defaults in brackets):
#   WARMUP [60] DURATION [30]        seconds of warm-up and of measured load, per configuration (a node held to
#                                    0.3 CPU is still compiling its hot code after 20 s: the JIT took half its CPU)
#   NODE_CPUS [0.3] PG_CPUS [0.8]    CPU quota of each node and of PostgreSQL, in CPUs (cpu.cfs_quota_us over
#                                    cpu.cfs_period_us = 100 ms); the load and its receivers run outside them
#   LIMIT [cgroup]                   cgroup: quotas as above (root, cgroup v1 cpu controller at CGROUP_CPU);
#                                    none: no quotas, every process shares the machine
#   CGROUP_CPU [/sys/fs/cgroup/cpu]  where the cgroup v1 cpu controller is mounted
#   SENDERS_PER_NODE [4] BATCH [20]  closed-loop senders (per node) and email.delivered events per POST
#   MAX_BACKLOG [1000]               senders wait while this many acknowledged events are not delivered to all
#   RECEIVERS [2]                    local receivers, each with a webhook on "*"
#   DRAIN [90]                       seconds to wait after the window for every delivery
#   SERVER_JAVA_OPTS [-Xmx384m]      JVM options of each node
#   PG_JAVA_OPTS [-Dpg.shared_preload_libraries=pg_stat_statements]  of the PostgreSQL launcher: -Dpg.<setting>=
#                                    <value> sets a server setting (bench/EmbeddedPg.java); pg_stat_statements
#                                    gives the statements that took PostgreSQL's time in the window
#   SAMPLE_MS [100]                  pg_stat_activity / pg_locks sampling interval
#   SKIP_BUILD [0]                   1: use the jar already in postcard-server/target
#   BASE_PORT [18480] PG_PORT [25480] MAX_SECONDS [1500]   (ports below the ephemeral range, 32768 and up, where
#                                    the many connections of the run could take them first)
# Raw outputs: bench/results/nodes-<timestamp>/ (summary.md, machine.txt, logs, load and sampler outputs).
set -Eeuo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export JAVA_HOME="${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"; JAVAC="$JAVA_HOME/bin/javac"
WARMUP="${WARMUP:-60}"; DURATION="${DURATION:-30}"; NODE_CPUS="${NODE_CPUS:-0.3}"; PG_CPUS="${PG_CPUS:-0.8}"
LIMIT="${LIMIT:-cgroup}"; CGROUP_CPU="${CGROUP_CPU:-/sys/fs/cgroup/cpu}"
SENDERS_PER_NODE="${SENDERS_PER_NODE:-4}"; BATCH="${BATCH:-20}"; MAX_BACKLOG="${MAX_BACKLOG:-1000}"
RECEIVERS="${RECEIVERS:-2}"; DRAIN="${DRAIN:-90}"; SAMPLE_MS="${SAMPLE_MS:-100}"
SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:--Xmx384m}"; PG_JAVA_OPTS="${PG_JAVA_OPTS--Dpg.shared_preload_libraries=pg_stat_statements}"; SKIP_BUILD="${SKIP_BUILD:-0}"
BASE_PORT="${BASE_PORT:-18480}"; PG_PORT="${PG_PORT:-25480}"; MAX_SECONDS="${MAX_SECONDS:-1500}"
WARMUP="${WARMUP%s}"; DURATION="${DURATION%s}"
HOST=127.0.0.1
ADMIN_KEY="pck_bench_$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
LIBS="postcard-server/target/libs/*"; CLASSES="bench/target/classes"; PG_CLASSPATH_FILE="bench/target/pg.classpath"
[ $# -eq 0 ] && set -- 1 2 3
for n in "$@"; do
  case "$n" in -h|--help|help) sed -n '2,/^set -Eeuo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;; esac
  [[ "$n" =~ ^[1-9]$ ]] || { echo "node counts are 1 to 9, not '$n'" >&2; exit 2; }
done
COMMAND="bench/nodes.sh $* (WARMUP=$WARMUP DURATION=$DURATION NODE_CPUS=$NODE_CPUS PG_CPUS=$PG_CPUS LIMIT=$LIMIT SENDERS_PER_NODE=$SENDERS_PER_NODE BATCH=$BATCH MAX_BACKLOG=$MAX_BACKLOG RECEIVERS=$RECEIVERS SERVER_JAVA_OPTS='$SERVER_JAVA_OPTS' PG_JAVA_OPTS='$PG_JAVA_OPTS')"

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="bench/results/nodes-$STAMP"; WORK="bench/target/nodes-$STAMP"
mkdir -p "$RESULTS" "$WORK"
PIDS=(); PG_PM=""; WATCHDOG=""; CG=""
log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$RESULTS/run.log" >&2; }
. bench/processes.sh # alive, stop_pid, stop_postmaster
cg_remove() { # moves what is left in the run's groups to the root group, then removes them
  [ -n "$CG" ] && [ -d "$CG" ] || return 0
  local g p
  for g in "$CG"/*/; do
    [ -d "$g" ] || continue
    while read -r p; do echo "$p" >"$CGROUP_CPU/cgroup.procs" 2>/dev/null || true; done <"$g/cgroup.procs"
    rmdir "$g" 2>/dev/null || log "could not remove cgroup $g"
  done
  rmdir "$CG" 2>/dev/null || log "could not remove cgroup $CG"
}
cleanup() {
  local status=$? p
  trap - EXIT INT TERM
  for p in "${PIDS[@]}"; do stop_pid "$p"; done
  [ -n "$PG_PM" ] && stop_postmaster "$PG_PM"
  cg_remove
  [ -n "$WATCHDOG" ] && { kill "$WATCHDOG" 2>/dev/null || true; wait "$WATCHDOG" 2>/dev/null || true; }
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'log interrupted; exit 130' INT TERM
( trap 'kill "$nap" 2>/dev/null; exit 0' TERM; sleep "$MAX_SECONDS" & nap=$!
  wait "$nap" && { echo "nodes: over MAX_SECONDS=$MAX_SECONDS, stopping" >&2; kill -TERM $$; } ) &
WATCHDOG=$!

port_free() { ! (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }
for port in "$PG_PORT" $(seq "$BASE_PORT" $((BASE_PORT + 20))); do
  port_free "$port" || { log "port $port is in use; choose BASE_PORT / PG_PORT"; exit 1; }
done

# ---- quotas: one cgroup per node and one for PostgreSQL, under a group of this run
if [ "$LIMIT" = cgroup ]; then
  [ -w "$CGROUP_CPU/cgroup.procs" ] && [ -e "$CGROUP_CPU/cpu.cfs_quota_us" ] \
    || { log "no writable cgroup v1 cpu controller at $CGROUP_CPU (run as root, or LIMIT=none)"; exit 1; }
  CG="$CGROUP_CPU/postcard-bench-$STAMP"
  mkdir "$CG"
elif [ "$LIMIT" != none ]; then
  log "LIMIT is cgroup or none, not '$LIMIT'"; exit 2
fi
cg_group() { # $1 name, $2 CPUs: creates the group and prints its path (nothing without quotas)
  [ -n "$CG" ] || return 0
  mkdir "$CG/$1"
  echo 100000 >"$CG/$1/cpu.cfs_period_us"
  awk -v c="$2" 'BEGIN {printf "%d\n", c * 100000}' >"$CG/$1/cpu.cfs_quota_us"
  echo "$CG/$1"
}
# Starts "$@" in the background inside group $1 (may be empty): the shell joins the group, then execs the command,
# so the command and everything it forks (pg_ctl, the postmaster, its backends) are in the group. Sets LAUNCHED.
launch() {
  local group="$1" out="$2"; shift 2
  # shellcheck disable=SC2016
  sh -c 'if [ -n "$0" ]; then echo $$ >"$0/cgroup.procs" || exit 97; fi; exec "$@"' "$group" "$@" >"$out" 2>&1 &
  LAUNCHED=$!; PIDS+=("$LAUNCHED")
}
cg_stat() { # "periods throttled throttled_ns" of group $1
  [ -n "$1" ] || { echo "0 0 0"; return; }
  awk '$1 == "nr_periods" {p = $2} $1 == "nr_throttled" {t = $2} $1 == "throttled_time" {n = $2} END {print p + 0, t + 0, n + 0}' "$1/cpu.stat"
}

# ---- build
if [ "$SKIP_BUILD" != 1 ] || [ ! -f postcard-server/target/postcard.jar ]; then
  log "building Postcard (./mvnw -q -B -DskipTests package)"
  ./mvnw -q -B -DskipTests package >"$RESULTS/build.log" 2>&1 || { log "build failed: $RESULTS/build.log"; exit 1; }
fi
mkdir -p "$CLASSES"
"$JAVAC" -d "$CLASSES" -cp "$LIBS" bench/NodesLoad.java bench/PgStats.java bench/PgActivity.java
if [ "$SKIP_BUILD" != 1 ] || [ ! -s "$PG_CLASSPATH_FILE" ]; then
  log "resolving the embedded PostgreSQL classpath (postcard-core test scope)"
  ./mvnw -q -B -DskipTests package dependency:build-classpath -pl postcard-core -am \
    -Dmdep.outputFile="$ROOT/$PG_CLASSPATH_FILE" >"$RESULTS/pg-classpath.log" 2>&1 \
    || { log "dependency:build-classpath failed: $RESULTS/pg-classpath.log"; exit 1; }
fi
"$JAVAC" -d "$CLASSES" -cp "$(cat "$PG_CLASSPATH_FILE")" bench/EmbeddedPg.java

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "command: $COMMAND"
  echo "commit: $(git log -1 --format='%h %s' 2>/dev/null)$(git diff --quiet HEAD -- postcard-core postcard-server 2>/dev/null || echo ' (plus uncommitted changes)')"
  echo "limits: $LIMIT$([ "$LIMIT" = cgroup ] && echo " (cgroup v1 cpu controller at $CGROUP_CPU: each node $NODE_CPUS CPU, PostgreSQL $PG_CPUS CPU)")"
  echo "nproc: $(nproc); cpu: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "kernel: $(uname -sr)"
  echo "java: $("$JAVA" -version 2>&1 | sed -n 2p)"
  echo "loadavg before: $(cat /proc/loadavg)"
} >"$RESULTS/machine.txt"
cat "$RESULTS/machine.txt" >&2

# ---- measuring
proc_ticks() { local s; s="$(cat "/proc/$1/stat" 2>/dev/null)" || { echo 0; return; }; s="${s##*) }"
  # shellcheck disable=SC2086
  set -- $s; echo "$(( ${12} + ${13} + ${14} + ${15} ))"; }
pg_ticks() { local t=0 c; [ -n "$PG_PM" ] || { echo 0; return; }; t="$(proc_ticks "$PG_PM")"
  for c in $(ps -o pid= --ppid "$PG_PM" 2>/dev/null); do t=$((t + $(proc_ticks "$c"))); done; echo "$t"; }
thread_ticks() { # "ticks name" of each thread of $1
  local t st name rest; for t in /proc/"$1"/task/*; do st="$(cat "$t/stat" 2>/dev/null)" || continue
    name="${st#*(}"; name="${name%%)*}"; rest="${st##*) }"
    # shellcheck disable=SC2086
    set -- $rest; echo "${t##*/} $(( ${12} + ${13} )) ${name// /_}"; done; }
pg_procs() { # "pid ticks title" of the postmaster's children: backends and PostgreSQL's own processes
  local c; [ -n "$PG_PM" ] || return 0
  for c in $(ps -o pid= --ppid "$PG_PM" 2>/dev/null); do
    echo "$c $(proc_ticks "$c") $(tr '\0' ' ' <"/proc/$c/cmdline" 2>/dev/null | sed -E 's/^postgres: [^ ]+ [^ ]+ [0-9.]+\([0-9]+\).*/client backend/; s/ *$//; s/ /_/g')"; done; }
# CPU over the window grouped by name (digits folded): $1 before, $2 after (pid/tid ticks name), $3 wall s
by_name() { awk -v k="$CLK" -v w="$3" 'NR == FNR {t0[$1] = $2; next} {d = $2 - (($1 in t0) ? t0[$1] : 0); n = $3; gsub(/[0-9]+/, "N", n); g[n] += d}
  END {for (n in g) if (g[n] > 0) printf "%.1f %% %s\n", 100 * g[n] / k / w, n}' "$1" "$2" | sort -rn | head -"${4:-8}"; }
all_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
CLK="$(getconf CLK_TCK)"
now_ms() { date +%s%3N; }
wait_line() { local f="$1" re="$2" pid="$3" t="$4" i
  for ((i = 0; i < t * 10; i++)); do grep -q "$re" "$f" 2>/dev/null && return 0
    alive "$pid" || { grep -q "$re" "$f" 2>/dev/null && return 0; log "process $pid exited: $f"; tail -20 "$f" >&2; return 1; }
    sleep 0.1; done
  log "timed out waiting for $re in $f"; return 1; }
field() { sed -n "s/.*\b$2=\([^ ]*\).*/\1/p" <<<"$1"; }
metric_sum() { { curl -s --max-time 15 "$1/metrics" || true; } | awk -v m="$2" 'index($0, m) == 1 {s += $NF} END {printf "%d", s}'; }
pct() { awk -v x="$1" -v k="$CLK" -v w="$2" 'BEGIN {printf "%.0f", 100 * x / k / w}'; }
per_event() { awk -v x="$1" -v k="$CLK" -v n="$2" 'BEGIN {if (n > 0) printf "%.0f", 1e6 * x / k / n; else printf "–"}'; }

declare -A R=()

run_config() { # $1: how many nodes
  local n="$1" i pg_group pg_url pg_pid load_pid urls="" line
  local -a node_pids=() node_groups=() node_urls=()
  pg_group="$(cg_group "n$n-pg" "$PG_CPUS")"
  # shellcheck disable=SC2086
  launch "$pg_group" "$RESULTS/n$n.pg.log" "$JAVA" $PG_JAVA_OPTS -cp "$CLASSES:$(cat "$PG_CLASSPATH_FILE")" EmbeddedPg \
    "$PG_PORT" "$ROOT/$WORK/pgdata-$n"
  pg_pid="$LAUNCHED"
  wait_line "$RESULTS/n$n.pg.log" '^postmaster-pid ' "$pg_pid" 120
  PG_PM="$(awk '/^postmaster-pid / {print $2}' "$RESULTS/n$n.pg.log")"
  pg_url="jdbc:postgresql://$HOST:$PG_PORT/postgres?user=postgres"
  for ((i = 1; i <= n; i++)); do
    node_groups[i]="$(cg_group "n$n-node$i" "$NODE_CPUS")"
    node_urls[i]="http://$HOST:$((BASE_PORT + 10 + i))"
    # shellcheck disable=SC2086
    launch "${node_groups[i]}" "$RESULTS/n$n.node$i.log" env -u POSTCARD_DATABASE_URL -u POSTCARD_BASE_PATH \
      "$JAVA" $SERVER_JAVA_OPTS -jar postcard-server/target/postcard.jar serve --port "$((BASE_PORT + 10 + i))" \
      --data-dir "$ROOT/$WORK/data-$n-$i" --public-url "${node_urls[i]}" --admin-key "$ADMIN_KEY" \
      --allow-private-networks --database-url "$pg_url"
    node_pids[i]="$LAUNCHED"
    urls="$urls${urls:+,}${node_urls[i]}"
  done
  for ((i = 1; i <= n; i++)); do
    wait_line "$RESULTS/n$n.node$i.log" 'Postcard is running on port' "${node_pids[i]}" 180
  done
  log "$n node(s) running; ${WARMUP}s warm-up then ${DURATION}s measured, $((SENDERS_PER_NODE * n)) senders, $BATCH events per POST"
  "$JAVA" -Xmx512m -cp "$CLASSES" NodesLoad "$urls" "$ADMIN_KEY" "$BASE_PORT" "$RECEIVERS" "$((SENDERS_PER_NODE * n))" \
    "$BATCH" "$WARMUP" "$DURATION" "$MAX_BACKLOG" "$DRAIN" "n$n${STAMP//[^0-9]/}" >"$RESULTS/n$n.load.txt" 2>&1 &
  load_pid=$!; PIDS+=("$load_pid")
  wait_line "$RESULTS/n$n.load.txt" '^PHASE measure' "$load_pid" $((WARMUP + 120))

  # The window: CPU of every party, quota throttling, PostgreSQL's counters and a sampler of its backends.
  local t0 t1 a0 a1 p0 p1 l0 l1 s0 s1 sampler
  local -a c0=() c1=() g0=() g1=()
  t0="$(now_ms)"; a0="$(all_ticks)"; p0="$(pg_ticks)"; l0="$(proc_ticks "$load_pid")"
  for ((i = 1; i <= n; i++)); do c0[i]="$(proc_ticks "${node_pids[i]}")"; g0[i]="$(cg_stat "${node_groups[i]}")"; done
  g0[0]="$(cg_stat "$pg_group")"
  for ((i = 1; i <= n; i++)); do thread_ticks "${node_pids[i]}"; done >"$WORK/n$n.threads0"; pg_procs >"$WORK/n$n.pg0"
  s0="$("$JAVA" -cp "$CLASSES:$LIBS" PgStats "$pg_url")"
  "$JAVA" -cp "$CLASSES:$LIBS" PgActivity "$pg_url" "$((DURATION - 2))" "$SAMPLE_MS" >"$RESULTS/n$n.activity.txt" 2>&1 &
  sampler=$!; PIDS+=("$sampler")
  wait_line "$RESULTS/n$n.load.txt" '^PHASE drain' "$load_pid" $((DURATION + 60))
  t1="$(now_ms)"; a1="$(all_ticks)"; p1="$(pg_ticks)"; l1="$(proc_ticks "$load_pid")"
  for ((i = 1; i <= n; i++)); do c1[i]="$(proc_ticks "${node_pids[i]}")"; g1[i]="$(cg_stat "${node_groups[i]}")"; done
  g1[0]="$(cg_stat "$pg_group")"
  for ((i = 1; i <= n; i++)); do thread_ticks "${node_pids[i]}"; done >"$WORK/n$n.threads1"; pg_procs >"$WORK/n$n.pg1"
  s1="$("$JAVA" -cp "$CLASSES:$LIBS" PgStats "$pg_url")"
  wait "$sampler" || true
  wait_line "$RESULTS/n$n.load.txt" '^LOAD ' "$load_pid" $((DRAIN + 60))
  wait "$load_pid" || true
  line="$(grep '^LOAD ' "$RESULTS/n$n.load.txt")"

  local wall events nodes_ticks=0 per_node="" throttle="" stored=0 attempts=0 x d
  wall="$(awk -v a="$t0" -v b="$t1" 'BEGIN {print (b - a) / 1000}')"
  events="$(field "$line" delivered_window)"
  for ((i = 1; i <= n; i++)); do
    alive "${node_pids[i]}" || log "node $i ended during the run: $RESULTS/n$n.node$i.log"
    d=$(( c1[i] - c0[i] )); nodes_ticks=$(( nodes_ticks + d ))
    per_node="$per_node${per_node:+ / }$(pct "$d" "$wall") %"
    throttle="$throttle${throttle:+ / }$(throttled "${g0[i]}" "${g1[i]}")"
    stored=$(( stored + $({ curl -s --max-time 15 "${node_urls[i]}/metrics" || true; } | awk '/^postcard_events_stored_total\{/ && /type="email.delivered"/ {s += $NF} END {printf "%d", s}') ))
    attempts=$(( attempts + $(metric_sum "${node_urls[i]}" postcard_webhook_attempts_seconds_count) ))
  done
  R[$n.line]="$line"
  R[$n.node_threads]="$(by_name "$WORK/n$n.threads0" "$WORK/n$n.threads1" "$wall" | paste -sd ';' | sed 's/;/; /g')"
  # The JIT compiler's threads: what a node spends on compiling rather than on events; less the longer it runs.
  x="$(awk 'NR == FNR {t0[$1] = $2; next} $3 ~ /CompilerThre/ {d += $2 - (($1 in t0) ? t0[$1] : 0)} END {print d + 0}' "$WORK/n$n.threads0" "$WORK/n$n.threads1")"
  R[$n.jit]="$(pct "$x" "$wall") %"; R[$n.us_node_nojit]="$(per_event $((nodes_ticks - x)) "$events")"
  R[$n.pg_procs]="$(by_name "$WORK/n$n.pg0" "$WORK/n$n.pg1" "$wall" | paste -sd ';' | sed 's/;/; /g')"
  R[$n.eps]="$(field "$line" events_per_s)"; R[$n.ingest]="$(field "$line" ingest_events_per_s)"
  R[$n.p50]="$(field "$line" p50_ms)"; R[$n.p99]="$(field "$line" p99_ms)"
  R[$n.cpu_nodes]="$per_node"; R[$n.throttle_nodes]="$throttle"
  R[$n.cpu_pg]="$(pct $((p1 - p0)) "$wall") %"; R[$n.throttle_pg]="$(throttled "${g0[0]}" "${g1[0]}")"
  R[$n.cpu_load]="$(pct $((l1 - l0)) "$wall") %"
  R[$n.cpu_other]="$(pct $(( (a1 - a0) - nodes_ticks - (p1 - p0) - (l1 - l0) )) "$wall") %"
  R[$n.us_node]="$(per_event "$nodes_ticks" "$events")"; R[$n.us_pg]="$(per_event $((p1 - p0)) "$events")"
  local act; act="$(grep '^ACTIVITY ' "$RESULTS/n$n.activity.txt" || true)"
  R[$n.active]="$(field "$act" active_avg)"; R[$n.lockwait]="$(field "$act" lock_wait_avg)"
  R[$n.lockshare]="$(awk -v s="$(field "$act" lock_wait_share)" 'BEGIN {printf "%.0f %%", 100 * s}')"
  R[$n.ungranted]="$(field "$act" ungranted_locks_avg)"
  R[$n.deadlocks]=$(( $(field "$s1" deadlocks) - $(field "$s0" deadlocks) ))
  R[$n.rollbacks]=$(( $(field "$s1" xact_rollback) - $(field "$s0" xact_rollback) ))
  x=$(( $(field "$s1" xact_commit) - $(field "$s0" xact_commit) ))
  R[$n.txn]="$(awk -v x="$x" -v e="$events" 'BEGIN {if (e > 0) printf "%.2f", x / e}')"
  R[$n.walsync]="$(awk -v w="$(( $(field "$s1" wal_sync) - $(field "$s0" wal_sync) ))" -v t="$wall" 'BEGIN {printf "%.0f", w / t}')"
  R[$n.waits]="$(grep '^WAIT ' "$RESULTS/n$n.activity.txt" | head -6 | sed 's/^WAIT //' | paste -sd ';' | sed 's/;/; /g')"
  R[$n.lockq]="$(grep '^LOCKWAIT ' "$RESULTS/n$n.activity.txt" | head -4 | sed 's/^LOCKWAIT //' | paste -sd '|' | sed 's/|/; /g')"
  local ok=no
  [ "$stored" = "$(field "$line" acked_total)" ] && [ "$(field "$line" all_delivered)" = yes ] \
    && [ "$attempts" = "$(field "$line" receiver_requests)" ] && [ "$(field "$line" failed_requests)" = 0 ] && ok=yes
  R[$n.ok]="$ok"
  R[$n.check]="acknowledged $(field "$line" acked_total) events, stored $stored (email.delivered, all nodes); delivered to all $RECEIVERS receivers: $(field "$line" all_delivered) ($(field "$line" delivered_total) each), $(field "$line" receiver_requests) requests, $(field "$line" duplicates) duplicates; attempts recorded $attempts; failed requests $(field "$line" failed_requests)"
  log "$n node(s): ${R[$n.eps]} events/s stored and delivered; nodes ${R[$n.cpu_nodes]} (throttled ${R[$n.throttle_nodes]}), PostgreSQL ${R[$n.cpu_pg]} (throttled ${R[$n.throttle_pg]}); lock waits ${R[$n.lockwait]} backends; ${R[$n.check]}"

  for ((i = 1; i <= n; i++)); do stop_pid "${node_pids[i]}"; done
  stop_pid "$pg_pid"; stop_postmaster "$PG_PM"; PG_PM=""
}

throttled() { # share of the quota's periods that were throttled between two cg_stat snapshots
  [ -n "$CG" ] || { echo "–"; return; }
  awk -v a="$1" -v b="$2" 'BEGIN {split(a, x, " "); split(b, y, " "); p = y[1] - x[1]; t = y[2] - x[2];
    if (p > 0) printf "%.0f %%", 100 * t / p; else printf "–"}'
}

for n in "$@"; do
  log "=== $n node(s)"
  run_config "$n"
done

{
  echo "# Several nodes on one PostgreSQL $STAMP"; echo; sed 's/^/    /' "$RESULTS/machine.txt"; echo
  echo "Load: closed loop, $SENDERS_PER_NODE senders per node, POST /v1/events arrays of $BATCH email.delivered events, spread over the nodes in turn, held back past $MAX_BACKLOG events not yet delivered; $RECEIVERS receivers, each with a webhook on \"*\". ${WARMUP}s warm-up, ${DURATION}s measured. CPU in % of one core; \"throttled\": share of the quota's 100 ms periods in which the group was stopped for having used its quota."
  echo
  echo "| nodes | events/s stored and delivered | ingest events/s | POST p50 / p99 ms | CPU of each node (throttled) | CPU per event, all nodes (without the JIT compiler) | PostgreSQL CPU (throttled) | PostgreSQL CPU per event | load CPU | other CPU | backends active / waiting for a lock (share) | ungranted locks | deadlocks | rollbacks | transactions per event | WAL fsyncs/s | all stored and delivered |"
  echo "|---:|---:|---:|---:|---|---:|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---|"
  for n in "$@"; do
    echo "| $n | ${R[$n.eps]:-–} | ${R[$n.ingest]:-–} | ${R[$n.p50]:-–} / ${R[$n.p99]:-–} | ${R[$n.cpu_nodes]:-–} (${R[$n.throttle_nodes]:-–}) | ${R[$n.us_node]:-–} µs (${R[$n.us_node_nojit]:-–} µs) | ${R[$n.cpu_pg]:-–} (${R[$n.throttle_pg]:-–}) | ${R[$n.us_pg]:-–} µs | ${R[$n.cpu_load]:-–} | ${R[$n.cpu_other]:-–} | ${R[$n.active]:-–} / ${R[$n.lockwait]:-–} (${R[$n.lockshare]:-–}) | ${R[$n.ungranted]:-–} | ${R[$n.deadlocks]:-–} | ${R[$n.rollbacks]:-–} | ${R[$n.txn]:-–} | ${R[$n.walsync]:-–} | ${R[$n.ok]:-–} |"
  done
  echo
  for n in "$@"; do
    echo "- $n node(s): ${R[$n.check]:-}"
    echo "  load: ${R[$n.line]:-}"
    echo "  CPU of the nodes by thread, all nodes together (% of one core, digits folded to N): ${R[$n.node_threads]:-}"
    echo "  CPU of PostgreSQL by process: ${R[$n.pg_procs]:-}"
    echo "  PostgreSQL backends, average over the samples (active ones, by wait; CPU = not waiting): ${R[$n.waits]:-}"
    [ -n "${R[$n.lockq]:-}" ] && echo "  statements waiting for a lock (average backends): ${R[$n.lockq]}"
    if grep -q '^STATEMENT ' "$RESULTS/n$n.activity.txt" 2>/dev/null; then
      echo "  statements that took PostgreSQL's time in the window (pg_stat_statements; time includes lock and disk waits):"
      grep '^STATEMENT ' "$RESULTS/n$n.activity.txt" | head -8 | sed 's/^STATEMENT /      /'
    fi
  done
} >"$RESULTS/summary.md"
cat "$RESULTS/summary.md"
echo "raw outputs: $RESULTS"
