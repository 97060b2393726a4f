#!/usr/bin/env bash
# HTTP load test of POST /register against the server jar on one store, reported against the
# ceiling (the same Jetty answering a fixed 201 from a trivial servlet) measured in the same run.
#
#   benchmarks/load/run.sh [memory|h2|redis|mariadb|postgres] [seconds per run]
#   (JVM options of both servers: BENCH_JAVA_OPTS, default "-Xms1g -Xmx2g"; warm-up: WARMUP seconds, default 30;
#    more server options, e.g. "--store.jdbc.pool-size=32": BENCH_SERVER_ARGS)
# The registration rate limit is off (every request comes from one address); to measure it on,
# pass e.g. BENCH_SERVER_ARGS="--registration.rate-limit=100000000/365d".
#
# Overhead of a feature, as a same-run ratio: with BENCH_COMPARE_ARGS set (for example
# "--metrics.enabled=true --logging.format=json") or BENCH_COMPARE_JAVA_OPTS set (JVM options of
# the compared server only, e.g. a Logback file), the server runs BENCH_ROUNDS times (default 2)
# in each configuration, alternating the baseline (BENCH_SERVER_ARGS plus BENCH_BASE_ARGS,
# default "--metrics.enabled=false", JVM options plus BENCH_BASE_JAVA_OPTS) and the compared
# configuration (BENCH_SERVER_ARGS plus BENCH_COMPARE_ARGS), and the script prints compared /
# baseline throughput and server CPU per request at each concurrency: over all rounds, each
# round's own ratio (a round's two runs are next to each other in time, so they share the
# machine's conditions), and the median of the rounds' ratios, which one disturbed run cannot move.
# BENCH_SIDE_BY_SIDE=1 runs the two servers at once and alternates them within each round (see
# side_by_side below): the better design where server lifetimes differ by more than the effect.
#
# Prints requests/s, p50 and p99 at concurrency 1 and 32 for both, and the ratios. For redis it
# also runs `redis-benchmark -t set -d 1024 -c 32` as the store's own floor. Loopback only;
# every run is bounded by its duration.
set -euo pipefail
cd "$(dirname "$0")/../.."

STORE=${1:-memory}
DURATION=${2:-15}
WARMUP=${WARMUP:-30}   # seconds at c=32 before measuring: the store paths (Jedis, jOOQ, drivers) need C2
SERVER_PORT=18080
COMPARE_PORT=18082
CEILING_PORT=18081
SERVER_JAR=mcp-oauth-server/target/mcp-oauth-server.jar
BENCH_JAR=benchmarks/target/benchmarks.jar
LUA=benchmarks/load/register.lua
WORK=$(mktemp -d)
PIDS=()
trap 'for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
if [[ ! -f $SERVER_JAR || ! -f $BENCH_JAR ]]; then
  mvn -B -q -Pbenchmarks package -DskipTests
fi

# shellcheck source=stores.sh
source benchmarks/load/stores.sh
store_setup "$STORE" mcp_oauth_bench "$WORK"

wait_http() { # url
  for _ in $(seq 1 200); do
    if curl -s -o /dev/null "$1"; then return 0; fi
    sleep 0.1
  done
  echo "nothing answered at $1" >&2; exit 1
}

# CPU time (clock ticks) used so far by the given processes; 0 when none is given
ticks() {
  local total=0 p f
  for p in "$@"; do
    # fields 14 and 15 of /proc/PID/stat (user and system time), counted after the command name
    f=$(sed -E 's/^.*\) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 }') || f=0
    total=$((total + ${f:-0}))
  done
  echo "$total"
}

# the backend's processes (PostgreSQL has one per connection), so their CPU can be counted
backend_pids() {
  case "$STORE" in
    redis)    pgrep -x redis-server || true ;;
    mariadb)  pgrep -x mariadbd || true ;;
    postgres) pgrep -x postgres || true ;;
  esac
}

# label port connections threads -> prints "label c=N rps p50 p99", then where the CPU went:
# microseconds of CPU per request in the server JVM, the backend and wrk (2 cores give
# 2,000,000 us per second, so the three sum to at most 2e6 / rps)
load() {
  local out tick_us=$((1000000 / $(getconf CLK_TCK))) jvm0 be0 jvm1 be1 n
  local -a backend
  mapfile -t backend < <(backend_pids)
  jvm0=$(ticks "$JVM_PID"); be0=$(ticks "${backend[@]}")
  out=$(/usr/bin/time -f 'WRKCPU %U %S' -o "$WORK/wrk.cpu" \
        wrk -t"$4" -c"$3" -d"${DURATION}s" --timeout 5s -s "$LUA" "http://127.0.0.1:$2" | grep '^RESULT')
  jvm1=$(ticks "$JVM_PID"); be1=$(ticks "${backend[@]}")
  n=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<< "$out")
  echo "$1 c=$3 $out" \
    "$(awk -v n="$n" -v t="$tick_us" -v j=$((jvm1 - jvm0)) -v b=$((be1 - be0)) '/^WRKCPU/ {
         printf "cpu_us_per_req: jvm=%.0f backend=%.0f wrk=%.0f", j * t / n, b * t / n, ($2 + $3) * 1e6 / n }' "$WORK/wrk.cpu")"
}

measure() { # label port
  wrk -t2 -c32 -d"${WARMUP}s" -s "$LUA" "http://127.0.0.1:$2" >/dev/null   # warm-up, not reported
  load "$1" "$2" 1 1
  load "$1" "$2" 32 2
}

read -r -a JAVA_OPTS <<< "${BENCH_JAVA_OPTS:--Xms1g -Xmx2g}"
read -r -a SERVER_ARGS <<< "${BENCH_SERVER_ARGS:-}"

java "${JAVA_OPTS[@]}" -cp "$BENCH_JAR" dev.mcpoauth.benchmarks.CeilingServer $CEILING_PORT >"$WORK/ceiling.log" 2>&1 &
PIDS+=($!); JVM_PID=$!
wait_http "http://127.0.0.1:$CEILING_PORT/"
measure ceiling $CEILING_PORT | tee "$WORK/ceiling.txt"
kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true

start_server() { # label port extra-args... : starts the server jar, sets JVM_PID, waits until it answers
  local label=$1 port=$2; shift 2
  local -a side=()
  case $label in
    baseline) read -r -a side <<< "${BENCH_BASE_JAVA_OPTS:-}" ;;
    compared) read -r -a side <<< "${BENCH_COMPARE_JAVA_OPTS:-}" ;;
  esac
  java "${JAVA_OPTS[@]}" "${side[@]}" -jar "$SERVER_JAR" --server.port="$port" "${STORE_ARGS[@]}" --registration.rate-limit=0 "${SERVER_ARGS[@]}" "$@" \
    >"$WORK/$label.log" 2>&1 &
  PIDS+=($!); JVM_PID=$!
  wait_http "http://127.0.0.1:$port/health"
}

serve() { # label extra-args... : one server run, measured, appended to $WORK/<label>.txt
  local label=$1; shift
  start_server "$label" $SERVER_PORT "$@"
  measure "$STORE $label" $SERVER_PORT | tee -a "$WORK/$label.txt"
  kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true
}

# BENCH_SIDE_BY_SIDE=1: both servers run at once (each warmed up once), and every round measures
# them back to back at each concurrency, in alternating order; a round's two figures are then
# seconds apart on the same warm JVMs, so neither JIT luck nor the machine's drift between
# server lifetimes enters the ratio
side_by_side() {
  local base_pid comp_pid round c threads
  if [[ $STORE == h2 ]]; then
    echo "BENCH_SIDE_BY_SIDE: two servers cannot open one embedded H2 file; use another store" >&2; exit 1
  fi
  start_server baseline $SERVER_PORT "${BASE_ARGS[@]}"; base_pid=$JVM_PID
  start_server compared $COMPARE_PORT "${COMPARE_ARGS[@]}"; comp_pid=$JVM_PID
  wrk -t2 -c32 -d"${WARMUP}s" -s "$LUA" "http://127.0.0.1:$SERVER_PORT" >/dev/null
  wrk -t2 -c32 -d"${WARMUP}s" -s "$LUA" "http://127.0.0.1:$COMPARE_PORT" >/dev/null
  for round in $(seq 1 "${BENCH_ROUNDS:-2}"); do
    for c in 1 32; do
      threads=$(( c == 1 ? 1 : 2 ))
      if (( round % 2 )); then
        JVM_PID=$base_pid; load "$STORE baseline" $SERVER_PORT $c $threads | tee -a "$WORK/baseline.txt"
        JVM_PID=$comp_pid; load "$STORE compared" $COMPARE_PORT $c $threads | tee -a "$WORK/compared.txt"
      else
        JVM_PID=$comp_pid; load "$STORE compared" $COMPARE_PORT $c $threads | tee -a "$WORK/compared.txt"
        JVM_PID=$base_pid; load "$STORE baseline" $SERVER_PORT $c $threads | tee -a "$WORK/baseline.txt"
      fi
    done
  done
  kill "$base_pid" "$comp_pid"; wait "$base_pid" "$comp_pid" 2>/dev/null || true
}

if [[ -n ${BENCH_COMPARE_ARGS:-} || -n ${BENCH_COMPARE_JAVA_OPTS:-} ]]; then
  read -r -a BASE_ARGS <<< "${BENCH_BASE_ARGS:---metrics.enabled=false}"
  read -r -a COMPARE_ARGS <<< "${BENCH_COMPARE_ARGS:-}"
  if [[ ${BENCH_SIDE_BY_SIDE:-0} == 1 ]]; then
    side_by_side
  else
    for round in $(seq 1 "${BENCH_ROUNDS:-2}"); do
      serve baseline "${BASE_ARGS[@]}"
      serve compared "${COMPARE_ARGS[@]}"
    done
  fi
  cp "$WORK/compared.txt" "$WORK/server.txt"
else
  serve server
fi
"${CLEANUP[@]}"

if [[ $STORE == redis ]]; then
  # the store's floor, with the CPU it costs per SET (Redis, and redis-benchmark as the client)
  mapfile -t backend < <(backend_pids)
  be0=$(ticks "${backend[@]}")
  /usr/bin/time -f 'WRKCPU %U %S' -o "$WORK/bench.cpu" \
    redis-benchmark -h 127.0.0.1 -p 6379 -t set -d 1024 -c 32 -n 200000 -q 2>/dev/null | tr '\r' '\n' \
    | grep -E '^SET: [0-9.]+ requests per second' | tail -n 1 > "$WORK/redis.txt"
  be1=$(ticks "${backend[@]}")
  redis-cli -h 127.0.0.1 -p 6379 del 'key:__rand_int__' >/dev/null   # the one key redis-benchmark's SET writes
  echo "$(cat "$WORK/redis.txt") $(awk -v t=$((1000000 / $(getconf CLK_TCK))) -v b=$((be1 - be0)) '/^WRKCPU/ {
      printf "cpu_us_per_set: redis=%.0f redis-benchmark=%.0f", b * t / 200000, ($2 + $3) * 1e6 / 200000 }' "$WORK/bench.cpu")"
fi

rps() { grep " c=$2 " "$1" | sed -E 's/.*rps=([0-9]+).*/\1/' | awk '{ s += $1 } END { print s / NR }'; }
echo
echo "store=$STORE duration=${DURATION}s machine: $(nproc) cores, $(java -version 2>&1 | head -n 1)"
for c in 1 32; do
  ours=$(rps "$WORK/server.txt" $c); ceiling=$(rps "$WORK/ceiling.txt" $c)
  awk -v o="$ours" -v c="$ceiling" -v n="$c" 'BEGIN { printf "c=%s: %s req/s vs ceiling %s req/s = %.0f%%\n", n, o, c, 100 * o / c }'
done
if [[ -f $WORK/baseline.txt ]]; then
  echo "baseline: ${BENCH_BASE_ARGS:---metrics.enabled=false} ${BENCH_BASE_JAVA_OPTS:-};" \
    "compared: ${BENCH_COMPARE_ARGS:-} ${BENCH_COMPARE_JAVA_OPTS:-} (${BENCH_ROUNDS:-2} alternating rounds each)"
  for c in 1 32; do
    base=$(rps "$WORK/baseline.txt" $c); comp=$(rps "$WORK/compared.txt" $c)
    awk -v b="$base" -v o="$comp" -v n="$c" 'BEGIN { printf "c=%s: compared %.0f req/s vs baseline %.0f req/s = %.1f%%\n", n, o, b, 100 * o / b }'
    # per round: throughput ratio and server-CPU-per-request ratio, then the medians
    paste -d' ' <(grep " c=$c " "$WORK/baseline.txt") <(grep " c=$c " "$WORK/compared.txt") | awk -v n="$c" '
      { for (i = 1; i <= NF; i++) { if ($i ~ /^rps=/) { r[++nr] = substr($i, 5) } if ($i ~ /^jvm=/) { j[++nj] = substr($i, 5) } }
        rr[NR] = 100 * r[nr] / r[nr - 1]; jr[NR] = 100 * j[nj] / j[nj - 1]
        printf "c=%s round %d: throughput %.1f%%, server CPU per request %.1f%% of the baseline\n", n, NR, rr[NR], jr[NR] }
      function median(a, k,   i, m, t, sorted) { for (i = 1; i <= k; i++) sorted[i] = a[i]
        for (i = 2; i <= k; i++) { t = sorted[i]; for (m = i - 1; m >= 1 && sorted[m] > t; m--) sorted[m + 1] = sorted[m]; sorted[m + 1] = t }
        return k % 2 ? sorted[(k + 1) / 2] : (sorted[k / 2] + sorted[k / 2 + 1]) / 2 }
      END { printf "c=%s median of %d rounds: throughput %.1f%%, server CPU per request %.1f%% of the baseline\n", n, NR, median(rr, NR), median(jr, NR) }'
  done
fi
if [[ -f $WORK/redis.txt ]]; then
  raw=$(sed -E 's/^SET: ([0-9.]+).*/\1/' "$WORK/redis.txt")
  ours=$(rps "$WORK/server.txt" 32)
  awk -v o="$ours" -v r="$raw" 'BEGIN { printf "c=32: %s req/s vs redis-benchmark SET %s req/s = %.0f%%\n", o, r, 100 * o / r }'
fi
