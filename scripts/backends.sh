#!/usr/bin/env bash
# Makes sure the backends the tests use answer on loopback: MariaDB (3306), PostgreSQL (5432)
# and Redis (6379). Starts any that does not answer, creates the databases the tests use, and
# fails loudly when a backend cannot be brought up. Coordinates can be overridden with
# MCP_OAUTH_TEST_* variables, in which case nothing is started for that backend.
set -euo pipefail

MYSQL_HOST=127.0.0.1 MYSQL_PORT=3306
PG_HOST=127.0.0.1 PG_PORT=5432
REDIS_HOST=127.0.0.1 REDIS_PORT=6379
DATABASE=test

answers() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

wait_for() { # name, seconds, command...
  local name=$1 seconds=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if (( SECONDS >= deadline )); then
      echo "backends: $name did not become ready within ${seconds}s" >&2
      return 1
    fi
    sleep 0.5
  done
}

fail() {
  echo "backends: $1" >&2
  echo "backends: the tests need MariaDB on $MYSQL_HOST:$MYSQL_PORT, PostgreSQL on $PG_HOST:$PG_PORT and Redis on $REDIS_HOST:$REDIS_PORT (see DEVELOPERS.md)." >&2
  exit 1
}

ensure_mariadb() {
  if [[ -n "${MCP_OAUTH_TEST_MYSQL_URL:-}" ]]; then return; fi
  if ! answers $MYSQL_HOST $MYSQL_PORT; then
    echo "backends: starting MariaDB"
    command -v mariadbd >/dev/null 2>&1 || [[ -x /usr/sbin/mariadbd ]] || fail "MariaDB is not installed (apt-get install mariadb-server)"
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || fail "MariaDB could not be started"
    wait_for MariaDB 60 mariadb-admin --protocol=tcp -h $MYSQL_HOST -P $MYSQL_PORT -uroot ping || fail "MariaDB is not answering"
  fi
  mariadb --protocol=tcp -h $MYSQL_HOST -P $MYSQL_PORT -uroot -e "CREATE DATABASE IF NOT EXISTS \`$DATABASE\`" \
    || fail "cannot create database $DATABASE in MariaDB as root with an empty password"
}

ensure_postgres() {
  if [[ -n "${MCP_OAUTH_TEST_POSTGRES_URL:-}" ]]; then return; fi
  if ! answers $PG_HOST $PG_PORT; then
    echo "backends: starting PostgreSQL"
    [[ -d /etc/postgresql ]] || fail "PostgreSQL is not installed (apt-get install postgresql)"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || fail "PostgreSQL could not be started"
    wait_for PostgreSQL 60 pg_isready -h $PG_HOST -p $PG_PORT || fail "PostgreSQL is not answering"
  fi
  if ! psql -h $PG_HOST -p $PG_PORT -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'" | grep -q 1; then
    psql -h $PG_HOST -p $PG_PORT -U postgres -c "CREATE DATABASE \"$DATABASE\"" || fail "cannot create database $DATABASE in PostgreSQL"
  fi
}

ensure_redis() {
  # the Cluster and Sentinel tests start their own nodes from these binaries
  command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 \
    || fail "redis-server and redis-cli are needed (apt-get install redis-server)"
  if [[ -n "${MCP_OAUTH_TEST_REDIS_URL:-}" ]]; then return; fi
  if ! answers $REDIS_HOST $REDIS_PORT; then
    echo "backends: starting Redis"
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port $REDIS_PORT --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log || fail "Redis could not be started"
    wait_for Redis 30 redis-cli -h $REDIS_HOST -p $REDIS_PORT ping || fail "Redis is not answering"
  fi
}

ensure_mariadb
ensure_postgres
ensure_redis
echo "backends: MariaDB, PostgreSQL and Redis are answering"
