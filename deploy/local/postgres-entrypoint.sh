#!/usr/bin/env bash
# Starts PostgreSQL as the official image does for what deploy/compose.yaml uses: on the first
# start, an empty $PGDATA is initialised with POSTGRES_USER (a superuser) and POSTGRES_PASSWORD,
# and POSTGRES_DB is created; other containers log in with the password.
set -euo pipefail

: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile="$(mktemp)"
  printf '%s' "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}" >"$pwfile"
  initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 -D "$PGDATA" >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  if [ "$POSTGRES_DB" != postgres ]; then
    postgres --single -D "$PGDATA" postgres >/dev/null <<<"CREATE DATABASE \"$POSTGRES_DB\" OWNER \"$POSTGRES_USER\";"
  fi
  echo "postgres-entrypoint: initialised $PGDATA, database $POSTGRES_DB, user $POSTGRES_USER"
fi
exec postgres -D "$PGDATA" -c listen_addresses='*'
