#!/usr/bin/env bash
# Runs the deploy files for real, by hand (not in CI: it needs a Docker daemon), from any folder:
#   deploy/check.sh           with the public base images (needs Docker Hub)
#   deploy/check.sh --local   with none: a Debian bookworm made here by debootstrap --variant=minbase
#                             (in deploy/target, imported as ramal-local/debian:bookworm), Debian's
#                             JRE and PostgreSQL 15, and the jar built on this host (needs root;
#                             RAMAL_DEBIAN_MIRROR picks the mirror, default deb.debian.org)
# In order: the systemd unit verified (deploy/check-unit.sh), the dialplan sample against the demo
# ports, the unit installed by install.sh and started by systemd in a container (with an echo call
# and a stop), the image built and run alone with an echo call from this host into it, the stack
# (gateway and PostgreSQL) up, an echo line added through the CLI inside the container, an echo
# call from this host, /health and /extensions read with the token, and the stack removed with
# its volumes. Exits non-zero at the first failure; leaves no container behind.
# Needs docker (a running daemon), docker compose or docker-compose, Java 17 and Maven (the
# launcher's `ramal call` is the test caller), curl, and the demo ports and 8090 free here.
set -euo pipefail

src="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
local_base=false
case "${1:-}" in
  --local) local_base=true ;;
  "") ;;
  *) echo "usage: deploy/check.sh [--local]" >&2; exit 2 ;;
esac
work="$src/deploy/target/check"
mkdir -p "$work"
image=ramal:check
solo=ramal-check-solo
sysd=ramal-check-systemd
base=ramal-local/debian:bookworm
export RAMAL_IMAGE="$image" COMPOSE_PROJECT_NAME=ramal-check
RAMAL_HTTP_TOKEN="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export RAMAL_HTTP_TOKEN

step() { printf '\n== %s\n' "$*"; }
fail() { echo "check: FAILED: $*" >&2; exit 1; }
# quietly LOG CMD...: runs CMD with its output in $work/LOG, shown only when it fails.
quietly() {
  local log="$work/$1"; shift
  "$@" >"$log" 2>&1 || { tail -n 40 "$log" >&2; fail "$* (log: $log)"; }
}

if docker compose version >/dev/null 2>&1; then
  dc=(docker compose)
else
  dc=(docker-compose)
fi
files=(-f "$src/deploy/compose.yaml")
build_args=()
if $local_base; then
  files+=(-f "$src/deploy/compose.local.yaml")
  build_args=(--build-arg "BASE_JDK=$base" --build-arg "BASE_JRE=$base"
              --build-arg PREBUILT_JAR=dist/target/ramal.jar)
fi
compose() { "${dc[@]}" "${files[@]}" "$@"; }

cleanup() {
  docker rm -f "$solo" "$sysd" >/dev/null 2>&1 || true
  compose down -v --remove-orphans >/dev/null 2>&1 || true
}
trap cleanup EXIT

# wait_healthy CONTAINER: until Docker's health check passes (the image's HEALTHCHECK, /health).
wait_healthy() {
  local state
  for _ in $(seq 1 90); do
    state="$(docker inspect -f '{{.State.Status}} {{.State.Health.Status}}' "$1")"
    case "$state" in
      "running healthy") echo "$1: $state"; return 0 ;;
      running*) sleep 2 ;;
      *) docker logs --tail 40 "$1" >&2; fail "$1 is $state" ;;
    esac
  done
  docker logs --tail 40 "$1" >&2
  fail "$1 not healthy after 180 s"
}

echo_call() {
  echo "+ ./ramal call 127.0.0.1:40000 --seconds 3 --expect-echo"
  "$src/ramal" call 127.0.0.1:40000 --seconds 3 --expect-echo || fail "echo call into the container"
}

step "docker: $(docker version -f 'client {{.Client.Version}}, server {{.Server.Version}}'); compose: ${dc[*]}"
for port in 40000 40100 40200 40300 8090; do
  [ -z "$(ss -Hltn "sport = :$port")" ] || fail "port $port is taken on this host (a ./ramal running?)"
done

step "systemd unit"
if command -v systemd-analyze >/dev/null; then
  "$src/deploy/check-unit.sh" | sed 's#/tmp/tmp\.[A-Za-z0-9]*#/tmp/...#'
else
  echo "skipped: no systemd-analyze here"
fi

step "dialplan sample against config/extensions.yaml"
for port in $(grep -oE '^ *port: [0-9]+' "$src/config/extensions.yaml" | grep -oE '[0-9]+'); do
  grep -qE ":$port/" "$src/deploy/extensions_ramal.conf" || fail "no line of extensions_ramal.conf dials port $port"
  echo "port $port: $(grep -cE ":$port[/)]" "$src/deploy/extensions_ramal.conf") dialplan lines"
done

step "jar (the caller, and with --local the image's)"
quietly jar.log "$src/ramal" --version
ls -l "$src/dist/target/ramal.jar"

if $local_base && ! docker image inspect "$base" >/dev/null 2>&1; then
  step "local base $base: debootstrap --variant=minbase bookworm, docker import"
  command -v debootstrap >/dev/null || fail "debootstrap is missing (apt-get install -y debootstrap)"
  rm -rf "$work/rootfs"
  quietly debootstrap.log debootstrap --variant=minbase bookworm "$work/rootfs" \
    "${RAMAL_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
  tar -C "$work/rootfs" -c . | docker import - "$base"
  rm -rf "$work/rootfs"
fi

step "systemd unit started by systemd, in a container: install.sh, systemctl enable --now ramal"
quietly systemd-build.log docker build --force-rm \
  --build-arg "BASE=$($local_base && echo "$base" || echo debian:bookworm)" -t ramal-check-systemd - \
  <"$src/deploy/check-systemd.Dockerfile"
# systemd needs its own /run and a cgroup tree it may write (tried on cgroup v1 only).
docker run -d --name "$sysd" --tmpfs /run --tmpfs /run/lock --tmpfs /tmp \
  -v /sys/fs/cgroup:/sys/fs/cgroup:ro -v "$src:/src:ro" ramal-check-systemd >/dev/null
for _ in $(seq 1 30); do
  docker exec "$sysd" systemctl is-system-running 2>/dev/null | grep -qE 'running|degraded' && break
  sleep 1
done
docker exec "$sysd" bash -c 'cd /src && deploy/install.sh && systemctl enable --now ramal' 2>&1 \
  || fail "install.sh or systemctl enable in the systemd container"
for _ in $(seq 1 30); do
  docker exec "$sysd" bash -c '(exec 3<>/dev/tcp/127.0.0.1/40000) 2>/dev/null' && break
  sleep 1
done
docker exec "$sysd" systemctl status ramal --no-pager | sed -n '1,4p;/CGroup/,+1p' | cut -c 1-160
docker exec "$sysd" systemctl show ramal -p User -p ProtectSystem -p ReadWritePaths -p PrivateTmp
echo "+ /opt/ramal/ramal call 127.0.0.1:40000 --seconds 3 --expect-echo   (in that container)"
docker exec -e RAMAL_HOME=/tmp/caller "$sysd" /opt/ramal/ramal call 127.0.0.1:40000 --seconds 3 --expect-echo \
  || fail "echo call to the service"
docker exec "$sysd" ls -l /opt/ramal/logs
docker exec "$sysd" systemctl stop ramal
state="$(docker exec "$sysd" systemctl is-active ramal || true)"
echo "after systemctl stop: $state"
[ "$state" = inactive ] || fail "ramal.service is $state after stop, not inactive"
docker rm -f "$sysd" >/dev/null

step "image: docker build -f deploy/Dockerfile ${build_args[*]} -t $image ."
quietly image-build.log docker build --force-rm -f "$src/deploy/Dockerfile" "${build_args[@]}" -t "$image" "$src"
docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' "$image"

step "image alone: docker run -p 40000:40000 $image (the demo lines from config/extensions.yaml)"
docker run -d --name "$solo" -p 40000:40000 "$image" >/dev/null
wait_healthy "$solo"
docker logs "$solo" 2>&1 | grep -oE 'listener bound ramal=9000 address=[^ ]+' | head -n 1
echo_call
docker stop "$solo" >/dev/null
echo "stopped: exit $(docker inspect -f '{{.State.ExitCode}}' "$solo"), $(docker logs "$solo" 2>&1 | grep -c 'ramal stopped') 'ramal stopped' line"
docker rm "$solo" >/dev/null

step "compose stack: ${dc[*]} ${files[*]/#$src\//} build, then up -d"
quietly compose-build.log compose build --force-rm
quietly compose-up.log compose up -d
gateway="$(compose ps -q ramal)"
wait_healthy "$gateway"
docker ps --filter label=com.docker.compose.project=ramal-check --format '{{.Names}}: {{.Status}}; {{.Ports}}'


step "an echo line in the database, through the CLI in the container"
# The CLI's INFO lines (pool, migrations) left out; warnings and errors stay.
compose exec -T ramal /opt/ramal/ramal extensions add --ramal 9000 --port 40000 --mode echo \
  --description "Echo test line" 2>&1 | grep -v ' INFO ' || fail "extensions add"
for _ in $(seq 1 20); do
  curl -fsS http://127.0.0.1:8090/health | grep -q '"bound":1' && break
  sleep 0.5
done
compose exec -T ramal /opt/ramal/ramal extensions list 2>&1 | grep -v ' INFO ' || fail "extensions list"
echo_call

step "admin server from this host"
echo "+ curl http://127.0.0.1:8090/health"
curl -fsS http://127.0.0.1:8090/health || fail "/health"
echo
code="$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8090/extensions)"
echo "GET /extensions without the token: $code"
[ "$code" = 401 ] || fail "/extensions answered $code without the token, not 401"
echo "+ curl -H 'Authorization: Bearer \$RAMAL_HTTP_TOKEN' http://127.0.0.1:8090/extensions"
listed="$(curl -fsS -H "Authorization: Bearer $RAMAL_HTTP_TOKEN" http://127.0.0.1:8090/extensions)" \
  || fail "/extensions with the token"
echo "${listed:0:300}..."
docker logs "$gateway" 2>&1 | grep -E 'call ended' | tail -n 1 | cut -c 1-220

step "stop"
quietly compose-down.log compose down -v --remove-orphans
echo "stack removed with its volumes"
trap - EXIT
echo
echo "check: ok"
