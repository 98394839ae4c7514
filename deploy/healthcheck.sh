#!/usr/bin/env bash
# The image's HEALTHCHECK: GET /health from the admin server (which needs no token for it);
# healthy on 200, that is every enabled extension bound and the store serving. Bash's /dev/tcp
# rather than curl, which the base images need not have. Prints the status line and the JSON,
# which `docker inspect` shows.
set -uo pipefail

host="${RAMAL_HTTP_BIND:-127.0.0.1}"
case "$host" in 0.0.0.0 | :: | "") host=127.0.0.1 ;; esac
exec 3<>"/dev/tcp/$host/${RAMAL_HTTP_PORT:-8090}" || exit 1
printf 'GET /health HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$host" >&3
reply="$(timeout 3 cat <&3)"
status="$(head -n 1 <<<"$reply" | tr -d '\r')"
echo "$status $(tail -n 1 <<<"$reply")"
[[ "$status" == *" 200 "* ]]
