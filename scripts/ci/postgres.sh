#!/usr/bin/env bash
# Install (Debian apt), start a local PostgreSQL server and create a test database for the store tests.
#
# Usage (as root, Debian 12):   eval "$(scripts/ci/postgres.sh)"
# Prints `export VALGUS_TEST_POSTGRES_URL=postgresql+psycopg://valgus:valgus@127.0.0.1:5432/valgus_test`
# on stdout (everything else goes to stderr), so the caller can eval it.
# Needs no network except the Debian package mirrors. Idempotent: safe to run twice.
set -euo pipefail

DB_NAME="${VALGUS_PG_DB:-valgus_test}"
DB_USER="${VALGUS_PG_USER:-valgus}"
DB_PASS="${VALGUS_PG_PASSWORD:-valgus}"
PORT="${VALGUS_PG_PORT:-5432}"

log() { echo "postgres.sh: $*" >&2; }

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    log "installing postgresql from apt"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update >&2
    apt-get install -y --no-install-recommends postgresql >&2
fi

VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n1)"
if ! pg_lsclusters -h | awk '{print $1, $2}' | grep -q "^${VERSION} main$"; then
    log "creating cluster ${VERSION}/main"
    pg_createcluster "${VERSION}" main --port "${PORT}" >&2
fi
if ! pg_lsclusters -h | awk -v v="${VERSION}" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
    log "starting cluster ${VERSION}/main"
    # pg_ctlcluster runs the server as the postgres user; works as root in containers without systemd.
    pg_ctlcluster "${VERSION}" main start >&2
fi

for _ in $(seq 1 30); do
    if su postgres -c "pg_isready -q -p ${PORT}"; then break; fi
    sleep 1
done
su postgres -c "pg_isready -p ${PORT}" >&2

psql_admin() { su postgres -c "psql -v ON_ERROR_STOP=1 -p ${PORT} -tAc \"$1\""; }

if [ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname='${DB_USER}'")" != "1" ]; then
    log "creating role ${DB_USER}"
    psql_admin "CREATE ROLE ${DB_USER} LOGIN PASSWORD '${DB_PASS}' CREATEDB" >&2
fi
if [ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname='${DB_NAME}'")" != "1" ]; then
    log "creating database ${DB_NAME}"
    psql_admin "CREATE DATABASE ${DB_NAME} OWNER ${DB_USER}" >&2
fi

URL="postgresql+psycopg://${DB_USER}:${DB_PASS}@127.0.0.1:${PORT}/${DB_NAME}"
log "ready: ${URL}"
echo "export VALGUS_TEST_POSTGRES_URL=${URL}"
