#!/usr/bin/env bash
# Starts the local MCP authorization demo: the example authorization server
# (examples/spring-authorization-server, registrations in an H2 file under data/) and the example MCP
# server (examples/spring-mcp-server), each its own process. Prints the MCP server URL to paste into a
# client, and stops both on Ctrl-C or SIGTERM.
#
#   scripts/demo.sh                 # builds the two jars if missing, then starts both
#   AS_PORT=9000 MCP_PORT=8090 scripts/demo.sh
#   scripts/demo.sh --rebuild       # rebuild the jars first
set -euo pipefail
cd "$(dirname "$0")/.."

AS_PORT=${AS_PORT:-9000}
MCP_PORT=${MCP_PORT:-8090}
AS_URL="http://localhost:$AS_PORT"
MCP_URL="http://localhost:$MCP_PORT/mcp"
AS_JAR=examples/spring-authorization-server/target/mcp-oauth-example-spring-authorization-server.jar
MCP_JAR=examples/spring-mcp-server/target/spring-mcp-server.jar
LOGS=data/demo
mkdir -p "$LOGS"

if [[ "${1:-}" == "--rebuild" || ! -f "$AS_JAR" || ! -f "$MCP_JAR" ]]; then
  echo "demo: building the example jars (mvn package, no tests)..."
  mvn -B -q -pl examples/spring-authorization-server,examples/spring-mcp-server -am package -DskipTests
fi

pids=()
stop() {
  trap - INT TERM EXIT
  if ((${#pids[@]})); then
    echo "demo: stopping (SIGTERM) ${pids[*]}"
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

answers() { curl -fsS -o /dev/null "$1" 2>/dev/null; }
wait_for() { # name, url, pid
  local deadline=$((SECONDS + 180))
  until answers "$2"; do
    if ! kill -0 "$3" 2>/dev/null; then
      echo "demo: $1 exited; its log:" >&2; tail -40 "$LOGS/$1.log" >&2; exit 1
    fi
    if ((SECONDS >= deadline)); then
      echo "demo: $1 did not answer $2 within 180 s; see $LOGS/$1.log" >&2; exit 1
    fi
    sleep 1
  done
}

java -jar "$AS_JAR" --server.port="$AS_PORT" >"$LOGS/authorization-server.log" 2>&1 &
pids+=($!)
java -jar "$MCP_JAR" --server.port="$MCP_PORT" --mcp.resource.uri="$MCP_URL" \
  --mcp.resource.authorization-server="$AS_URL" >"$LOGS/mcp-server.log" 2>&1 &
pids+=($!)

wait_for authorization-server "$AS_URL/.well-known/oauth-authorization-server" "${pids[0]}"
wait_for mcp-server "http://localhost:$MCP_PORT/.well-known/oauth-protected-resource" "${pids[1]}"

cat <<MSG

  MCP server:            $MCP_URL
  authorization server:  $AS_URL   (log in as demo / demo-password)
  logs:                  $LOGS/

  Paste the MCP server URL into your MCP client, for example:
    claude mcp add --transport http demo $MCP_URL
    npx mcp-remote $MCP_URL
  docs/mcp-server-example.md has the details. Ctrl-C stops both.

MSG
wait -n "${pids[@]}" || true
echo "demo: a process exited (see $LOGS/); stopping the other" >&2
exit 1
