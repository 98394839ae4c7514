#!/usr/bin/env bash
# The wallboard under load, photographed for the docs: docs/wallboard.png (desktop, 1440 CSS px
# wide) and docs/wallboard-phone.png (390 px at 2x, pt-BR labels).
#
# A gateway from dist/target/ramal.jar on core 0 (a scratch RAMAL_HOME: echo line, queue suporte,
# its attendants' line, the repo's prompts, an admin token), `ramal loadtest` on core 1 putting
# ECHO_CALLS echo calls on it, then WallboardScreenshot (gateway test classes, headless Chromium
# from Debian's chromium and chromium-driver) makes today's figures, logs attendants in, leaves
# callers waiting, and photographs the page. Everything it started is stopped by PID at the end.
#
#   bench/scripts/wallboard-screenshot.sh            # ECHO_CALLS=300 BASE_PORT=23400 OUT=docs
set -euo pipefail
cd "$(dirname "$0")/../.."
ECHO_CALLS=${ECHO_CALLS:-300}
BASE_PORT=${BASE_PORT:-23400}   # echo, queue, agent and admin: BASE_PORT .. BASE_PORT+3 (below 32768)
OUT=${OUT:-docs}
ECHO=$BASE_PORT QUEUE=$((BASE_PORT + 1)) AGENT=$((BASE_PORT + 2)) ADMIN=$((BASE_PORT + 3))
TOKEN=screenshot-$RANDOM$RANDOM

for p in $ECHO $QUEUE $AGENT $ADMIN; do
  if ss -Hltn "sport = :$p" | grep -q .; then echo "port $p is taken: set BASE_PORT" >&2; exit 1; fi
done

mvn -o -q -B -DskipTests -pl dist -am package
# The test classes (WallboardScreenshot, Chromium) and their class path, Selenium included.
mvn -o -q -B -DskipTests -pl gateway -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/gateway/target/test-classpath.txt"
CP="gateway/target/test-classes:gateway/target/classes:$(cat gateway/target/test-classpath.txt)"

WORK=$(mktemp -d /tmp/ramal-wallboard.XXXXXX)
mkdir -p "$WORK/config"
cp -r config/prompts "$WORK/config/"
cat > "$WORK/config/extensions.yaml" <<EOF
extensions:
  - {ramal: "9000", bind: 127.0.0.1, port: $ECHO, mode: echo, description: "Echo test line"}
  - ramal: "9100"
    bind: 127.0.0.1
    port: $QUEUE
    mode: queue
    settings: {queue: suporte, service-level-seconds: 20}
    description: "Support queue"
  - {ramal: "9200", bind: 127.0.0.1, port: $AGENT, mode: agent, settings: {queues: [suporte]}}
EOF

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

RAMAL_HOME=$WORK taskset -c 0 java -jar dist/target/ramal.jar serve \
    -D http.port=$ADMIN -D http.token=$TOKEN > "$WORK/gateway.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$ADMIN/health" > /dev/null && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$ADMIN/health" > /dev/null || { cat "$WORK/gateway.log" >&2; exit 1; }

# The echo load runs longer than the shots take; it is stopped with the rest.
taskset -c 1 java -jar dist/target/ramal.jar loadtest --target 127.0.0.1:$ECHO --calls "$ECHO_CALLS" \
    --seconds 300 --quiet > "$WORK/loadtest.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 60); do
  n=$(curl -fs -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$ADMIN/board.json" \
      | grep -o '"callsTotal":[0-9]*' | cut -d: -f2)
  [ "${n:-0}" -ge "$ECHO_CALLS" ] && break
  sleep 1
done
echo "echo calls on the gateway: ${n:-0}"

java -cp "$CP" io.ramal.gateway.testing.WallboardScreenshot admin=http://127.0.0.1:$ADMIN token=$TOKEN \
    queue=$QUEUE agent=$AGENT callers=5 attendants=3 desktop="$OUT/wallboard.png" phone="$OUT/wallboard-phone.png"
