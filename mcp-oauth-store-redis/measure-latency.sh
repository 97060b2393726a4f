#!/usr/bin/env bash
# Measures the Redis store's median create/findById latency (RedisLatencyHarness, not a test):
# 1,000 sequential calls each on the Redis of the tests (MCP_OAUTH_TEST_REDIS_URL, default
# redis://127.0.0.1:6379) and on a 3-master cluster it starts from redis-server. Pass
# --single-only to skip the cluster. Run from anywhere; builds what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl mcp-oauth-store-redis -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
M=mcp-oauth-store-redis/target
exec java -cp "$M/test-classes:$M/classes:$(cat $M/test-classpath.txt)" \
  dev.mcpoauth.store.redis.RedisLatencyHarness "$@"
