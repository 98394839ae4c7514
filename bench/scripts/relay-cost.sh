#!/usr/bin/env bash
# The relay's cost (issue 15): two gateway nodes on one PostgreSQL, on 127.0.0.2 and 127.0.0.3,
# `ramal loadtest --scenario queue` with PAIRS caller/attendant pairs, twice: every leg on the
# queue's owner (local bridges), then every caller on the other node (each caller relayed to the
# owner). Prints each run's loadtest table and both nodes' CPU over the run, per relayed call.
#
#   JAR=dist/target/ramal.jar PAIRS=50 SECS=15 bench/scripts/relay-cost.sh
#
# Needs the local PostgreSQL (db test, user postgres, trust) and taskset: the nodes run on core 0,
# the load generator on core 1.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=${JAR:-dist/target/ramal.jar}
PAIRS=${PAIRS:-50}
SECS=${SECS:-15}
SCHEMA=relay_bench_$(date +%s)
WORK=$(mktemp -d /tmp/relay-cost.XXXXXX)
DB=(-D db.url=jdbc:postgresql://127.0.0.1:5432/test -D db.user=postgres -D db.schema="$SCHEMA")
export RAMAL_NODE_SECRET=relay-bench-secret-0123456789
QUEUE_PORT=21100
AGENT_PORT=21200
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql -q -h 127.0.0.1 -U postgres test -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
}
trap cleanup EXIT

java -jar "$JAR" extensions add --ramal 8000 --port $QUEUE_PORT --mode queue --set queue=suporte \
  --set wrap-up=0 --set announce-interval=0 --set max-callers=0 "${DB[@]}" >/dev/null
java -jar "$JAR" extensions add --ramal 8100 --port $AGENT_PORT --mode agent --set queues=suporte "${DB[@]}" >/dev/null

node() { # name host http-port
  local home=$WORK/$1
  mkdir -p "$home/config"
  ln -s "$PWD/config/prompts" "$home/config/prompts"
  RAMAL_HOME=$home taskset -c 0 java -jar "$JAR" serve -D node.name="$1" -D node.bind="$2" \
    -D node.relay-port=21900 -D http.port="$3" -D records.enabled=false "${DB[@]}" >"$home/console.log" 2>&1 &
  pids+=($!)
  echo $! >"$WORK/$1.pid"
}
node node-a 127.0.0.2 18101
node node-b 127.0.0.3 18102
owner=""
for _ in $(seq 1 60); do
  owner=$(psql -qtA -h 127.0.0.1 -U postgres test -c \
    "SELECT owner FROM $SCHEMA.queue_leases WHERE queue='suporte' AND expires_at > now()" 2>/dev/null || true)
  [ -n "$owner" ] && break
  sleep 1
done
[ -n "$owner" ] || { echo "no node took the queue"; tail -20 "$WORK"/node-*/console.log; exit 1; }
if [ "$owner" = node-a ]; then own=127.0.0.2; other=127.0.0.3; opid=$(cat "$WORK/node-a.pid"); rpid=$(cat "$WORK/node-b.pid")
else own=127.0.0.3; other=127.0.0.2; opid=$(cat "$WORK/node-b.pid"); rpid=$(cat "$WORK/node-a.pid"); fi
echo "owner=$owner ($own) other=$other pairs=$PAIRS seconds=$SECS"

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
run() { # label caller-host pid-whose-CPU-the-table-shows
  local t0o t0r t1o t1r s0 s1
  t0o=$(ticks "$opid"); t0r=$(ticks "$rpid"); s0=$(date +%s.%N)
  taskset -c 1 java -jar "$JAR" loadtest --quiet --scenario queue --calls "$PAIRS" --seconds "$SECS" \
    --target "$2:$QUEUE_PORT" --agent-target "$own:$AGENT_PORT" --gateway-pid "$3"
  t1o=$(ticks "$opid"); t1r=$(ticks "$rpid"); s1=$(date +%s.%N)
  awk -v l="$1" -v o=$((t1o - t0o)) -v r=$((t1r - t0r)) -v hz="$hz" -v s="$(echo "$s1 - $s0" | bc)" \
    'BEGIN { printf "%s, whole command (ramp and hang-ups included): wall %.1f s, owner CPU %.2f s (%.1f %% of a core), other node CPU %.2f s (%.1f %%)\n",
             l, s, o/hz, 100*o/hz/s, r/hz, 100*r/hz/s }'
}
# A first relayed run warms both JVMs' relay and queue paths (its figures are not the result).
run warm-up "$other" "$rpid" >/dev/null
run local "$own" "$opid"
# The table of this run shows the relaying node's CPU: per relayed caller-second, its
# "server CPU % core" x 10 / PAIRS ms (the table's per-leg figure counts both legs of each pair).
run relayed "$other" "$rpid"
