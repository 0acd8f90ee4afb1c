#!/usr/bin/env bash
# Start a local PostgreSQL server for the tests and print the URL they use (COMMUNIQUE_TEST_POSTGRES).
# Installs Debian's postgresql package when it is missing (CI runs this on a clean machine as root).
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  (apt-get update -qq && apt-get install -y -qq postgresql >/dev/null) 1>&2
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h 2>/dev/null | awk '{print $2}' | grep -qx main; then
  pg_createcluster "$version" main >/dev/null 2>&1
fi
pg_ctlcluster "$version" main start >/dev/null 2>&1 || true
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -c "$1"; else sudo -u postgres sh -c "$1"; fi; }
as_postgres "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='communique'\"" | grep -q 1 \
  || as_postgres "psql -qc \"CREATE ROLE communique LOGIN SUPERUSER PASSWORD 'communique'\"" >/dev/null
as_postgres "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='communique'\"" | grep -q 1 \
  || as_postgres "createdb -O communique communique"
echo "postgresql://communique:communique@127.0.0.1:5432/communique"
