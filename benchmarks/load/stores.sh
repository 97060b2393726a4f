# Sourced by run.sh and profile.sh: the server options for one store, on the loopback backends
# of scripts/backends.sh, and the command that removes what the run stored.
#
#   store_setup STORE SCRATCH_NAME WORK_DIR   sets STORE_ARGS and CLEANUP (arrays)
#
# JDBC stores get a fresh scratch database named SCRATCH_NAME, Redis the key prefix
# "SCRATCH_NAME-PID:", H2 a file under WORK_DIR.
store_setup() {
  local store=$1 name=$2 work=$3
  CLEANUP=(true)
  case "$store" in
    memory)   STORE_ARGS=(--store=memory) ;;
    h2)       STORE_ARGS=(--store=h2 --store.h2.path="$work/h2/mcp-oauth") ;;
    redis)    STORE_ARGS=(--store=redis --store.redis.url=redis://127.0.0.1:6379 --store.redis.key-prefix="$name-$$:")
              CLEANUP=(bash -c "redis-cli --scan --pattern '$name-$$:*' | xargs -r -n 500 redis-cli del >/dev/null") ;;
    mariadb)  mariadb --protocol=tcp -h 127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS $name; CREATE DATABASE $name"
              STORE_ARGS=(--store=jdbc --store.jdbc.url="jdbc:mysql://127.0.0.1:3306/$name" --store.jdbc.username=root)
              CLEANUP=(mariadb --protocol=tcp -h 127.0.0.1 -uroot -e "DROP DATABASE $name") ;;
    postgres) PGOPTIONS=--client-min-messages=warning psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name"
              STORE_ARGS=(--store=jdbc --store.jdbc.url="jdbc:postgresql://127.0.0.1:5432/$name" --store.jdbc.username=postgres)
              CLEANUP=(psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE $name") ;;
    *) echo "unknown store: $store (memory, h2, redis, mariadb, postgres)" >&2; exit 2 ;;
  esac
}
