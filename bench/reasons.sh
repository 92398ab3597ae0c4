#!/usr/bin/env bash
# The bounce reason benchmark (see BENCHMARKS.md, "Bounce reasons"): microseconds of CPU to decide one bounce
# reason from a status code and an SMTP reply with Postcard's reason rules (bounce mail, and the provider bounces
# whose reason the provider leaves open), against a bare keyword scan, in one JVM, median of ROUNDS rounds.
#
#   bench/reasons.sh
#   ROUNDS=11 PER_ROUND=200000 bench/reasons.sh
#
# Raw outputs: bench/results/reasons-<timestamp>/summary.md.
set -Eeuo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export JAVA_HOME="${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"; JAVAC="$JAVA_HOME/bin/javac"
ROUNDS="${ROUNDS:-7}"; PER_ROUND="${PER_ROUND:-100000}"
LIBS="postcard-server/target/libs/*"; CLASSES="bench/target/classes"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"; RESULTS="bench/results/reasons-$STAMP"
mkdir -p "$RESULTS" "$CLASSES"
[ -d postcard-server/target/libs ] || { echo "build Postcard first (./mvnw -q -B -DskipTests package)" >&2; exit 1; }
"$JAVAC" -d "$CLASSES" -cp "$LIBS" bench/ReasonBench.java
line="$("$JAVA" -cp "$CLASSES:$LIBS" ReasonBench "$ROUNDS" "$PER_ROUND")"
{
  echo "# Bounce reasons $STAMP"
  echo
  echo "Command: bench/reasons.sh (ROUNDS=$ROUNDS PER_ROUND=$PER_ROUND), commit $(git rev-parse --short HEAD)"
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $("$JAVA" -version 2>&1 | head -1)"
  echo
  echo "$line"
} | tee "$RESULTS/summary.md"
