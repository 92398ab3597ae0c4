#!/usr/bin/env bash
# The provider webhook benchmark (see BENCHMARKS.md, "Provider webhooks"): SendGrid Event Webhook batches of
# 1,000 signed events per POST, closed loop, events/s verified and stored, for a bare receiver (verify,
# parse, nothing stored), Postcard on SQLite and Postcard on PostgreSQL, in one run.
#
#   bench/providers.sh                        # bare sqlite pg
#   bench/providers.sh bare sqlite            # a subset
#   WARMUP=5 DURATION=15 bench/providers.sh   # shorter
#
# Environment (defaults in brackets):
#   WARMUP [30] DURATION [30]     seconds of warm-up (not counted) and of measured load, per scenario
#   CONCURRENCY [16] BATCH [1000] senders (each waits for its answer before the next POST), events per POST
#   SERVER_JAVA_OPTS [-Xmx384m]   JVM options of the bare receiver and of Postcard
#   LOAD_JAVA_OPTS []  PG_JAVA_OPTS []  (PG_JAVA_OPTS=-Dpg.<setting>=<value> sets a PostgreSQL setting)
#   THREAD_DUMPS [0]              jcmd Thread.print of the server this many times during the measured run
#   THREAD_DUMP_KIND [print]      "virtual": jcmd Thread.dump_to_file (virtual threads too; crashed a JVM once)
#   BASE_PORT [18380]             bare receiver on BASE_PORT, Postcard on BASE_PORT+1
#   PG_PORT [55460] MAX_SECONDS [900] QUIET_WAIT [20] (seconds to wait for an idle machine before each run)
# Raw outputs: bench/results/providers-<timestamp>/ (summary.md, run.log, load and server logs, CPU by thread).
set -Eeuo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export JAVA_HOME="${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"; JAVAC="$JAVA_HOME/bin/javac"; JCMD="$JAVA_HOME/bin/jcmd"
WARMUP="${WARMUP:-30}"; DURATION="${DURATION:-30}"; CONCURRENCY="${CONCURRENCY:-16}"; BATCH="${BATCH:-1000}"
SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:--Xmx384m}"; LOAD_JAVA_OPTS="${LOAD_JAVA_OPTS:-}"; PG_JAVA_OPTS="${PG_JAVA_OPTS:-}"
THREAD_DUMPS="${THREAD_DUMPS:-0}"; THREAD_DUMP_KIND="${THREAD_DUMP_KIND:-print}"
BASE_PORT="${BASE_PORT:-18380}"; PG_PORT="${PG_PORT:-55460}"; MAX_SECONDS="${MAX_SECONDS:-900}"; QUIET_WAIT="${QUIET_WAIT:-20}"
WARMUP="${WARMUP%s}"; DURATION="${DURATION%s}"
HOST=127.0.0.1
BARE_PORT="$BASE_PORT"; POSTCARD_PORT=$((BASE_PORT + 1))
ADMIN_KEY="pck_bench_$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
LIBS="postcard-server/target/libs/*"; CLASSES="bench/target/classes"; PG_CLASSPATH_FILE="bench/target/pg.classpath"
[ $# -eq 0 ] && set -- bare sqlite pg
EXTRA=""; [ -n "$PG_JAVA_OPTS" ] && EXTRA+=" PG_JAVA_OPTS='$PG_JAVA_OPTS'"; [ "$THREAD_DUMPS" != 0 ] && EXTRA+=" THREAD_DUMPS=$THREAD_DUMPS"
COMMAND="bench/providers.sh $* (WARMUP=$WARMUP DURATION=$DURATION CONCURRENCY=$CONCURRENCY BATCH=$BATCH SERVER_JAVA_OPTS='$SERVER_JAVA_OPTS'$EXTRA)"

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="bench/results/providers-$STAMP"; WORK="bench/target/providers-$STAMP"
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
  wait "$nap" && { echo "providers: over MAX_SECONDS=$MAX_SECONDS, stopping" >&2; kill -TERM $$; } ) &
WATCHDOG=$!

[ -f postcard-server/target/postcard.jar ] || { log "build Postcard first (./mvnw -q -B -DskipTests package)"; exit 1; }
mkdir -p "$CLASSES"
"$JAVAC" -d "$CLASSES" -cp "$LIBS" bench/ProviderLoad.java bench/BareProviderReceiver.java bench/PgStats.java \
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

# ---- CPU, memory
proc_ticks() { local s; s="$(cat "/proc/$1/stat" 2>/dev/null)" || { echo 0; return; }; s="${s##*) }"
  # shellcheck disable=SC2086
  set -- $s; echo "$(( ${12} + ${13} + ${14} + ${15} ))"; }
pg_pids() { [ -n "$PG_PM" ] || return 0; echo "$PG_PM"; ps -o pid= --ppid "$PG_PM" 2>/dev/null || true; }
pg_ticks() { local t=0 c; for c in $(pg_pids); do t=$((t + $(proc_ticks "$c"))); done; echo "$t"; }
all_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
busy_share() { # share of the machine busy over 1 s, in % of all CPUs
  local a b c d; read -r a b < <(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6}' /proc/stat)
  sleep 1; read -r c d < <(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6}' /proc/stat)
  echo $(( 100 * (c - a) / ((c - a) + (d - b) + 1) )); }
thread_ticks() { # "tid ticks name runqueue-wait-ns" for each thread of $1 (schedstat: time runnable but not running)
  local t s q; for t in /proc/"$1"/task/*; do s="$(cat "$t/stat" 2>/dev/null)" || continue
    q="$(awk '{print $2}' "$t/schedstat" 2>/dev/null || echo 0)"
    local name="${s#*(}"; name="${name%%)*}"; local rest="${s##*) }"
    # shellcheck disable=SC2086
    set -- $rest; echo "${t##*/} $(( ${12} + ${13} )) ${name// /_} ${q:-0}"; done; }
status_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
pg_pss_mb() { local t=0 p; for p in $(pg_pids); do t=$((t + $(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0))); done; echo $((t / 1024)); }
CLK="$(getconf CLK_TCK)"
now_ms() { date +%s%3N; }
wait_line() { local f="$1" re="$2" pid="$3" t="$4" i
  for ((i = 0; i < t * 20; i++)); do grep -q "$re" "$f" 2>/dev/null && return 0
    alive "$pid" || { grep -q "$re" "$f" 2>/dev/null && return 0; log "process $pid exited: $f"; tail -20 "$f" >&2; return 1; }
    sleep 0.05; done
  log "timed out waiting for $re in $f"; return 1; }
field() { sed -n "s/.*\b$2=\([^ ]*\).*/\1/p" <<<"$1"; }
api() { curl -s --max-time 15 -X "$1" "http://$HOST:$POSTCARD_PORT$2" -H "Authorization: Bearer $ADMIN_KEY" \
  ${3:+-H 'Content-Type: application/json' --data-binary "$3"}; }
metric_sum() { curl -s --max-time 15 "http://$HOST:$POSTCARD_PORT/metrics" | awk -v m="$1" 'index($0, m) == 1 {s += $NF} END {printf "%d", s}'; }
quiet() { local i b; for ((i = 0; i < QUIET_WAIT; i++)); do b="$(busy_share)"; [ "$b" -le 15 ] && return 0; done
  log "machine still busy ($b % of all CPUs) after ${QUIET_WAIT}s; going on"; }

# ---- the signing key, the same for every scenario
"$JAVA" -cp "$CLASSES" ProviderLoad keygen "$WORK/key" >/dev/null
PUBLIC_KEY="$(cat "$WORK/key/public.b64")"

declare -A R=()

# Runs the load against $2 for scenario $1, with the server $SERVER_PID; fills R[$1.*].
measure() {
  local s="$1" url="$2" lp t0 t1 c0_all c0_srv c0_pg c0_load c1_load
  local pg0="" pg1=""
  [ "$s" = pg ] && pg0="$("$JAVA" -cp "$CLASSES:$LIBS" PgStats "$PG_URL" 2>/dev/null || true)"
  log "$s: ${WARMUP}s warm-up then ${DURATION}s measured, $CONCURRENCY senders, $BATCH events per POST"
  # shellcheck disable=SC2086
  "$JAVA" $LOAD_JAVA_OPTS -cp "$CLASSES" ProviderLoad "$url" "$WORK/key" "$WARMUP" "$DURATION" "$CONCURRENCY" "$BATCH" \
    "${s}${STAMP//[^0-9]/}" >"$RESULTS/$s.load.txt" 2>"$RESULTS/$s.load.err" &
  lp=$!; PIDS+=("$lp")
  wait_line "$RESULTS/$s.load.txt" '^PHASE measure' "$lp" $((WARMUP + 60))
  t0="$(now_ms)"; c0_all="$(all_ticks)"; c0_srv="$(proc_ticks "$SERVER_PID")"; c0_pg="$(pg_ticks)"; c0_load="$(proc_ticks "$lp")"
  thread_ticks "$SERVER_PID" >"$WORK/$s.threads0"
  # The writer threads' state every 100 ms: R running or runnable, S sleeping (no work, or waiting for PostgreSQL), D disk wait.
  ( while [ ! -e "$WORK/$s.stop" ]; do
      for t in /proc/"$SERVER_PID"/task/*; do
        read -r st 2>/dev/null <"$t/stat" || continue
        case "$st" in *"(postcard-append"*) st="${st##*) }"; echo "${t##*/} ${st%% *}";; esac
      done; sleep 0.1; done >"$WORK/$s.writer-states" ) &
  local sampler=$!
  # How far the stats and alert counters lag the stored events: Postcard's gauge, read every 200 ms.
  local lag_sampler=""
  if [ "$s" != bare ]; then
    ( while [ ! -e "$WORK/$s.stop" ]; do
        curl -s --max-time 2 "http://$HOST:$POSTCARD_PORT/metrics" | awk '/^postcard_projection_lag_seconds / {print $NF}'
        sleep 0.2; done >"$WORK/$s.lag" ) &
    lag_sampler=$!
  fi
  if [ "$THREAD_DUMPS" -gt 0 ]; then
    local i
    for ((i = 1; i <= THREAD_DUMPS; i++)); do
      sleep "$(awk -v d="$DURATION" -v n="$THREAD_DUMPS" 'BEGIN {print d / (n + 1)}')"
      if [ "$THREAD_DUMP_KIND" = virtual ]; then
        "$JCMD" "$SERVER_PID" Thread.dump_to_file -overwrite "$ROOT/$RESULTS/$s.threads.$i.txt" >/dev/null 2>&1 || true
      else
        "$JCMD" "$SERVER_PID" Thread.print >"$RESULTS/$s.threads.$i.txt" 2>&1 || true
      fi
      [ -s "$RESULTS/$s.threads.$i.txt" ] && { echo "--- dump $i"; awk -f bench/thread-summary.awk "$RESULTS/$s.threads.$i.txt"; } \
        >>"$RESULTS/$s.threads-summary.txt"
    done
  fi
  # The load's last requests end just after the window: CPU is read when its answers are in.
  wait_line "$RESULTS/$s.load.txt" '^PHASE done' "$lp" $((DURATION + 120))
  t1="$(now_ms)"; c1_load="$(proc_ticks "$lp")"
  touch "$WORK/$s.stop"; wait "$sampler" 2>/dev/null || true
  if [ -n "$lag_sampler" ]; then
    wait "$lag_sampler" 2>/dev/null || true
    R[$s.lag]="$(sort -g "$WORK/$s.lag" | awk '{v[NR] = $1} END {if (NR) printf "p50 %.3f s, p99 %.3f s, max %.3f s (%d samples)", v[int(NR * 0.5 + 0.5)], v[int(NR * 0.99 + 0.5)], v[NR], NR}')"
  fi
  R[$s.writer]="$(awk '{n[$1]++; c[$1, $2]++; st[$2] = 1} END {for (t in n) {printf "%stid %s:", (out++ ? "; " : ""), t; for (x in st) if ((t, x) in c) printf " %s %.0f %%", x, 100 * c[t, x] / n[t]}}' "$WORK/$s.writer-states")"
  local all srv pg load wall
  all=$(( $(all_ticks) - c0_all )); srv=$(( $(proc_ticks "$SERVER_PID") - c0_srv )); pg=$(( $(pg_ticks) - c0_pg ))
  load=$(( c1_load - c0_load )); wall="$(awk -v a="$t0" -v b="$t1" 'BEGIN {print (b - a) / 1000}')"
  thread_ticks "$SERVER_PID" >"$WORK/$s.threads1"
  wait "$lp" || true
  [ "$s" = pg ] && pg1="$("$JAVA" -cp "$CLASSES:$LIBS" PgStats "$PG_URL" 2>/dev/null || true)"
  R[$s.rss]="$(( $(status_kb "$SERVER_PID" VmHWM) / 1024 )) / $(( $(status_kb "$SERVER_PID" VmRSS) / 1024 ))"
  [ "$s" = pg ] && R[$s.rss]="${R[$s.rss]} (+$(pg_pss_mb) PostgreSQL)"
  pct() { awk -v x="$1" -v k="$CLK" -v w="$wall" 'BEGIN {printf "%.0f", 100 * x / k / w}'; }
  R[$s.cpu_srv]="$(pct "$srv")"; R[$s.cpu_pg]="$(pct "$pg")"; R[$s.cpu_load]="$(pct "$load")"
  R[$s.cpu_other]="$(pct $((all - srv - pg - load)))"
  # CPU by server thread over the window: the 12 busiest, and the same grouped by name without digits.
  awk -v k="$CLK" -v w="$wall" 'NR == FNR {t0[$1] = $2; q0[$1] = $4; next} {d = $2 - t0[$1]; q = $4 - q0[$1]; if (d > 0) printf "%5.1f %%  %s (tid %s), waiting for a CPU %.1f %% of the time\n", 100 * d / k / w, $3, $1, 100 * q / 1e9 / w}' \
    "$WORK/$s.threads0" "$WORK/$s.threads1" | sort -rn | head -12 >"$RESULTS/$s.cpu-by-thread.txt"
  { echo "-- grouped"; awk -v k="$CLK" -v w="$wall" 'NR == FNR {t0[$1] = $2; next} {d = $2 - (($1 in t0) ? t0[$1] : 0); n = $3; gsub(/[0-9]+/, "N", n); g[n] += d}
    END {for (n in g) if (g[n] > 0) printf "%5.1f %%  %s\n", 100 * g[n] / k / w, n}' "$WORK/$s.threads0" "$WORK/$s.threads1" | sort -rn | head -10; } \
    >>"$RESULTS/$s.cpu-by-thread.txt"
  local line; line="$(grep '^LOAD ' "$RESULTS/$s.load.txt" || true)"
  R[$s.line]="$line"
  R[$s.eps]="$(field "$line" events_per_s)"; R[$s.rps]="$(field "$line" requests_per_s)"
  R[$s.p50]="$(field "$line" p50_ms)"; R[$s.p99]="$(field "$line" p99_ms)"; R[$s.max]="$(field "$line" max_ms)"
  R[$s.failed]="$(field "$line" failed)"; R[$s.acked]="$(field "$line" total_acked)"
  R[$s.cpu_per_event]="$(awk -v x="$((srv + pg))" -v k="$CLK" -v n="$(field "$line" events)" -v w="$wall" -v d="$DURATION" \
    'BEGIN {if (n > 0) printf "%.1f", 1e6 * x / k / (n * w / d)}')"
  if [ -n "$pg0" ] && [ -n "$pg1" ]; then
    local xc ws
    xc=$(( $(field "$pg1" xact_commit) - $(field "$pg0" xact_commit) )); ws=$(( $(field "$pg1" wal_sync) - $(field "$pg0" wal_sync) ))
    R[$s.pgstats]="transactions committed $xc (read-only ones included), WAL fsyncs $ws, over warm-up + run ($(field "$line" total_acked) events: $(awk -v a="$(field "$line" total_acked)" -v c="$xc" 'BEGIN {if (c > 0) printf "%.2f", c / a}') transactions per event, $(awk -v a="$(field "$line" total_acked)" -v c="$ws" 'BEGIN {if (c > 0) printf "%.0f", a / c}') events per WAL fsync)"
  fi
  log "$s: $line"
  log "$s: CPU server ${R[$s.cpu_srv]} %, PostgreSQL ${R[$s.cpu_pg]} %, load ${R[$s.cpu_load]} %, other ${R[$s.cpu_other]} % (of one core, over ${wall}s)"
}

bare() {
  quiet
  "$JAVA" $SERVER_JAVA_OPTS -cp "$CLASSES:$LIBS" BareProviderReceiver "$BARE_PORT" "$PUBLIC_KEY" >"$RESULTS/bare.server.log" 2>&1 &
  SERVER_PID=$!; PIDS+=("$SERVER_PID")
  wait_line "$RESULTS/bare.server.log" 'Bare provider receiver is running' "$SERVER_PID" 60
  measure bare "http://$HOST:$BARE_PORT/track/webhook/sendgrid"
  stop_pid "$SERVER_PID"
  local counts; counts="$(grep '^BARE ' "$RESULTS/bare.server.log" || true)"
  R[bare.stored]="(nothing stored; the receiver accepted $(field "$counts" events) events in $(field "$counts" requests) requests, rejected $(field "$counts" rejected))"
  R[bare.ok]="–"
  [ "$(field "$counts" events)" = "${R[bare.acked]}" ] && [ "$(field "$counts" rejected)" = 0 ] && R[bare.ok]="(accepted = acknowledged)"
  SERVER_PID=""
}

postcard() { # $1 sqlite|pg
  local s="$1" db=()
  if [ "$s" = pg ]; then
    # shellcheck disable=SC2086
    "$JAVA" $PG_JAVA_OPTS -cp "$CLASSES:$(cat "$PG_CLASSPATH_FILE")" EmbeddedPg "$PG_PORT" "$ROOT/$WORK/pgdata" >"$RESULTS/pg.log" 2>&1 &
    PG_PID=$!; PIDS+=("$PG_PID")
    wait_line "$RESULTS/pg.log" '^postmaster-pid ' "$PG_PID" 120
    PG_PM="$(awk '/^postmaster-pid / {print $2}' "$RESULTS/pg.log")"
    PG_URL="jdbc:postgresql://$HOST:$PG_PORT/postgres?user=postgres"
    db=(--database-url "$PG_URL")
  fi
  quiet
  # shellcheck disable=SC2086
  env -u POSTCARD_DATABASE_URL -u POSTCARD_BASE_PATH -u POSTCARD_MAX_BODY "$JAVA" $SERVER_JAVA_OPTS -jar postcard-server/target/postcard.jar serve \
    --port "$POSTCARD_PORT" --data-dir "$ROOT/$WORK/data-$s" --public-url "http://$HOST:$POSTCARD_PORT" \
    --admin-key "$ADMIN_KEY" "${db[@]}" >"$RESULTS/$s.server.log" 2>&1 &
  SERVER_PID=$!; PIDS+=("$SERVER_PID")
  wait_line "$RESULTS/$s.server.log" 'Postcard is running on port' "$SERVER_PID" 90
  local src url
  src="$(api POST /v1/sources "{\"provider\":\"sendgrid\",\"public_key\":\"$PUBLIC_KEY\"}")"
  echo "$src" >"$RESULTS/$s.source.json"
  url="$(sed -n 's/.*"url" *: *"\([^"]*\)".*/\1/p' <<<"$src")"
  [ -n "$url" ] || { log "$s: could not create the sendgrid source: $src"; stop_pid "$SERVER_PID"; SERVER_PID=""; return 1; }
  measure "$s" "$url"
  sleep 1
  local stored by_type line
  # The provider's events are email.* events; Postcard's own (suppression.created for hard bounces) are not.
  stored="$(curl -s --max-time 15 "http://$HOST:$POSTCARD_PORT/metrics" \
    | awk '/^postcard_events_stored_total\{/ && /type="email\./ {s += $NF} END {printf "%d", s}')"
  by_type="$(curl -s --max-time 15 "http://$HOST:$POSTCARD_PORT/metrics" | awk '/^postcard_events_stored_total\{/ {match($0, /type="[^"]*"/); t = substr($0, RSTART + 6, RLENGTH - 7); printf "%s %d, ", t, $NF}')"
  line="${R[$s.line]}"
  R[$s.stored]="stored $stored email.* events (all types: ${by_type%, }); acknowledged (2xx) $(field "$line" total_acked) in $(field "$line" total_requests) requests, warm-up included; Postcard's answers: stored $(field "$line" reported_stored), duplicates $(field "$line" reported_duplicates), failed items $(field "$line" reported_item_failures)"
  R[$s.ok]=no
  [ "$stored" = "$(field "$line" total_acked)" ] && [ "$(field "$line" reported_stored)" = "$stored" ] \
    && [ "$(field "$line" total_failed)" = 0 ] && R[$s.ok]=yes
  log "$s: ${R[$s.stored]}: stored == acknowledged: ${R[$s.ok]}"
  stop_pid "$SERVER_PID"; SERVER_PID=""
  if [ -n "$PG_PID" ]; then stop_pid "$PG_PID"; stop_postmaster "$PG_PM"; PG_PID=""; PG_PM=""; fi
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
  echo "# Provider webhooks $STAMP"; echo; sed 's/^/    /' "$RESULTS/machine.txt"; echo
  echo "SendGrid Event Webhook batches of $BATCH events per POST (~$(( $(field "${R[$1.line]:-}" body_bytes) / 1024 )) KiB), $CONCURRENCY senders, closed loop, ${WARMUP}s warm-up then ${DURATION}s measured. CPU in % of one core ($(nproc) cores = $(( 100 * $(nproc) )) %)."
  echo
  echo "| scenario | events/s | vs bare | requests/s | p50 ms | p99 ms | max ms | failed | server CPU | PostgreSQL CPU | load CPU | other CPU | server+PG CPU per event µs | VmHWM / VmRSS MiB | stored == acknowledged |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
  for s in "$@"; do
    vs="–"; [ "$s" != bare ] && [ -n "${R[bare.eps]:-}" ] && [ -n "${R[$s.eps]:-}" ] && vs="$(awk -v a="${R[$s.eps]}" -v b="${R[bare.eps]}" 'BEGIN {printf "%.0f %%", 100 * a / b}')"
    pgc="–"; [ "$s" = pg ] && pgc="${R[$s.cpu_pg]:-–} %"
    echo "| $s | ${R[$s.eps]:-–} | $vs | ${R[$s.rps]:-–} | ${R[$s.p50]:-–} | ${R[$s.p99]:-–} | ${R[$s.max]:-–} | ${R[$s.failed]:-–} | ${R[$s.cpu_srv]:-–} % | $pgc | ${R[$s.cpu_load]:-–} % | ${R[$s.cpu_other]:-–} % | ${R[$s.cpu_per_event]:-–} | ${R[$s.rss]:-–} | ${R[$s.ok]:-–} |"
  done
  echo
  for s in "$@"; do
    echo "- $s: ${R[$s.stored]:-}"
    echo "  load: ${R[$s.line]:-}"
    [ -n "${R[$s.pgstats]:-}" ] && echo "  PostgreSQL: ${R[$s.pgstats]}"
    [ -n "${R[$s.lag]:-}" ] && echo "  stats and alert counters behind the stored events (postcard_projection_lag_seconds every 200 ms): ${R[$s.lag]}"
    [ -n "${R[$s.writer]:-}" ] && echo "  writer threads' states, sampled every 100 ms (R running/runnable, S sleeping, D disk wait): ${R[$s.writer]}"
    if [ -s "$RESULTS/$s.cpu-by-thread.txt" ]; then echo "  server CPU by thread (% of one core; and how long each was runnable but waiting for a CPU, schedstat):"; sed 's/^/      /' "$RESULTS/$s.cpu-by-thread.txt"; fi
    if [ -s "$RESULTS/$s.threads-summary.txt" ]; then echo "  thread dumps:"; sed 's/^/      /' "$RESULTS/$s.threads-summary.txt"; fi
  done
} >"$RESULTS/summary.md"
cat "$RESULTS/summary.md"
echo "raw outputs: $RESULTS"
