#!/usr/bin/env bash
# CPU profile of the server jar under the load script's POST /register load, with async-profiler
# (tools.profiler:async-profiler from Maven Central, attached through jcmd once warm).
#
#   benchmarks/load/profile.sh [memory|h2|redis|mariadb|postgres] [connections] [itimer|cpu]
#   (warm-up: WARMUP seconds, default 30; profiled load: SECONDS, default 15)
#
# Writes benchmarks/target/profiles/<store>-c<N>-<event>.html (a flame graph) and .collapsed
# (one line per stack, for grep), then prints the twenty frames with the most samples of their
# own. Event "cpu" (perf_events' cpu-clock) includes kernel frames, which is where blocking on a
# socket and being woken again shows up; "itimer" works where perf_events is not allowed.
# Loopback only; bounded by its durations. Same stores and clean-up as run.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."

STORE=${1:-memory}
CONNECTIONS=${2:-32}
EVENT=${3:-itimer}
WARMUP=${WARMUP:-30}
SECONDS_PROFILED=${SECONDS:-15}
PORT=18089
PROFILER_VERSION=3.0
SERVER_JAR=mcp-oauth-server/target/mcp-oauth-server.jar
LUA=benchmarks/load/register.lua
OUT=benchmarks/target/profiles
LIB=benchmarks/target/profiler/linux-x64/libasyncProfiler.so
WORK=$(mktemp -d)
SERVER=
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[[ $(uname -sm) == "Linux x86_64" ]] || { echo "this script unpacks async-profiler's linux-x64 library" >&2; exit 1; }
[[ -f $SERVER_JAR ]] || mvn -B -q package -DskipTests
if [[ ! -f $LIB ]]; then
  mvn -B -q dependency:copy -Dartifact="tools.profiler:async-profiler:$PROFILER_VERSION" \
    -DoutputDirectory=benchmarks/target/profiler
  unzip -q -o "benchmarks/target/profiler/async-profiler-$PROFILER_VERSION.jar" 'linux-x64/*' -d benchmarks/target/profiler
fi

# shellcheck source=stores.sh
source benchmarks/load/stores.sh
store_setup "$STORE" mcp_oauth_profile "$WORK"

THREADS=$(( CONNECTIONS < 2 ? 1 : 2 ))
NAME="$OUT/$STORE-c$CONNECTIONS-$EVENT${PROFILE_LABEL:+-$PROFILE_LABEL}"
read -r -a EXTRA_ARGS <<< "${PROFILE_SERVER_ARGS:-}"
mkdir -p "$OUT"

java -Xms1g -Xmx2g -jar "$SERVER_JAR" --server.port=$PORT "${STORE_ARGS[@]}" --registration.rate-limit=0 "${EXTRA_ARGS[@]}" >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 200); do curl -s -o /dev/null "http://127.0.0.1:$PORT/health" && break; sleep 0.1; done
curl -s -o /dev/null "http://127.0.0.1:$PORT/health" || { echo "the server did not start:" >&2; cat "$WORK/server.log" >&2; exit 1; }

wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$LUA" "http://127.0.0.1:$PORT" >/dev/null
# jcmd hands the agent its options as one argument only when they are quoted for it
jcmd "$SERVER" JVMTI.agent_load "$PWD/$LIB" "\"start,event=$EVENT,interval=1000000\"" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_PROFILED}s" -s "$LUA" "http://127.0.0.1:$PORT" | grep '^RESULT'
jcmd "$SERVER" JVMTI.agent_load "$PWD/$LIB" "\"dump,flamegraph,file=$PWD/$NAME.html\"" >/dev/null
jcmd "$SERVER" JVMTI.agent_load "$PWD/$LIB" "\"stop,collapsed,file=$PWD/$NAME.collapsed\"" >/dev/null
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
SERVER=
"${CLEANUP[@]}"

echo "profile: $NAME.collapsed and $NAME.html"
awk '{ n = $NF; sub(/ [0-9]+$/, ""); k = split($0, f, ";"); self[f[k]] += n; total += n }
     END { for (s in self) printf "%5.1f%%  %s\n", 100 * self[s] / total, s }' "$NAME.collapsed" | sort -rn | head -20
