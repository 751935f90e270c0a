#!/usr/bin/env bash
# Makes sure a local PostgreSQL server runs with the test role and database, then prints the URL the
# tests read from TURNS_TEST_DATABASE_URL on its last line. Idempotent; run as root.
set -euo pipefail

role=turns
password=turns
database=turns_test
port=5432

log() { echo "postgres.sh: $*" >&2; }

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "PostgreSQL is not installed; installing it"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi

# The newest installed major version, and its first cluster (created when there is none).
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
cluster=$(pg_lsclusters -h 2>/dev/null | awk -v v="$version" '$1 == v {print $2; exit}')
if [ -z "$cluster" ]; then
  log "creating cluster $version/main"
  pg_createcluster "$version" main --port "$port" >&2
  cluster=main
fi
status=$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c {print $4}')
port=$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c {print $3}')
if [ "$status" != "online" ]; then
  log "starting cluster $version/$cluster"
  pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start >&2
fi

for _ in $(seq 1 60); do
  if pg_isready -q -h 127.0.0.1 -p "$port"; then
    break
  fi
  sleep 0.5
done
pg_isready -h 127.0.0.1 -p "$port" >&2

as_postgres() { runuser -u postgres -- "$@"; }
psql_admin() { as_postgres psql -p "$port" -v ON_ERROR_STOP=1 -qtA "$@"; }

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" != "1" ]; then
  log "creating role $role"
  psql_admin -c "CREATE ROLE $role LOGIN PASSWORD '$password'"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" != "1" ]; then
  log "creating database $database"
  psql_admin -c "CREATE DATABASE $database OWNER $role"
fi

# Fail here, not in the tests, when password login over TCP does not work.
PGPASSWORD=$password psql -h 127.0.0.1 -p "$port" -U "$role" -d "$database" -qtA -c "SELECT 1" >/dev/null

echo "TURNS_TEST_DATABASE_URL=postgresql://$role:$password@127.0.0.1:$port/$database"
