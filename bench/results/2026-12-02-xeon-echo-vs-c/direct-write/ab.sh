#!/usr/bin/env bash
# A/B: fresh bench-gateway of jar A or B on core 0, C load generator on core 1: warm-ups, then RUNS
# 1,000-call runs; alternating A, B, A, B. Prints CPU-ms per call-second per run.
OUT=/tmp/ab; RUNS=${RUNS:-4}; ROUNDS=${ROUNDS:-2}
gw() { # label jar
  local H; H=$(mktemp -d); cp -r /work/main/config $H/
  env RAMAL_HOME=$H taskset -c 0 java -jar $2 bench-gateway --transport epoll --listen 127.0.0.1:41200 > $OUT/$1.out 2>&1 &
  local P=$!
  for _ in $(seq 60); do grep -q 'gateway lines' $OUT/$1.out && break; sleep 0.5; done
  sleep 2
  taskset -c 1 /tmp/echo-load --target 127.0.0.1:41200 --calls 500 --seconds 10 --label warm --server-pid $P > /dev/null 2>&1
  sleep 3
  taskset -c 1 /tmp/echo-load --target 127.0.0.1:41200 --calls 1000 --seconds 10 --label warm --server-pid $P > /dev/null 2>&1
  for i in $(seq $RUNS); do
    sleep 3
    taskset -c 1 /tmp/echo-load --target 127.0.0.1:41200 --calls 1000 --seconds 15 --label $1-$i --server-pid $P --json $OUT/$1-$i.json 2>>$OUT/echo-load.log > /dev/null
    python3 -c "import json;d=json.load(open('$OUT/$1-$i.json'));l=d['load'];print('$1-$i', d['server']['cpuMsPerCallSecond'], 'lost', l['lost'], 'p99', l['gapMs']['p99'], 'lag', l['maxSendLagMs'])"
  done
  kill $P; wait $P 2>/dev/null
}
for r in $(seq $ROUNDS); do gw A$r /tmp/ramal-A.jar; gw B$r /tmp/ramal-B.jar; done
