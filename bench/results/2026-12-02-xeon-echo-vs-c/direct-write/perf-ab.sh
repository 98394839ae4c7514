#!/usr/bin/env bash
# perf over 8 s of a 1,000-call run, jar A then B then A then B: where the gateway's samples fall.
OUT=/tmp/abp
one() { # label jar
  local H; H=$(mktemp -d); cp -r /work/main/config $H/
  env RAMAL_HOME=$H taskset -c 0 java -jar $2 bench-gateway --transport epoll --listen 127.0.0.1:41200 > $OUT/$1.out 2>&1 &
  local P=$!
  for _ in $(seq 60); do grep -q 'gateway lines' $OUT/$1.out && break; sleep 0.5; done
  sleep 2
  for w in 500 1000 1000; do taskset -c 1 /tmp/echo-load --target 127.0.0.1:41200 --calls $w --seconds 10 --label warm --server-pid $P > /dev/null 2>&1; sleep 3; done
  taskset -c 1 /tmp/echo-load --target 127.0.0.1:41200 --calls 1000 --seconds 20 --label $1 --server-pid $P --json $OUT/$1.json 2>>$OUT/el.log > /dev/null & local L=$!
  sleep 9
  perf record -F 999 -o $OUT/$1.data -p $P -- sleep 8 2> /dev/null
  jcmd $P Compiler.perfmap > /dev/null
  wait $L
  perf report -i $OUT/$1.data --no-children --sort dso -g none 2>/dev/null | grep -v "^#" | grep -v "^$" | head -8 > $OUT/$1.dso
  perf report -i $OUT/$1.data --no-children --sort dso,sym -g none 2>/dev/null | grep -v "^#" | grep -v "^$" | head -60 > $OUT/$1.sym
  kill $P; wait $P 2>/dev/null
  echo "$1 $(python3 -c "import json;d=json.load(open('$OUT/$1.json'));print(d['server']['cpuMsPerCallSecond'], d['load']['lost'], d['load']['gapMs']['p99'])") samples=$(perf report -i $OUT/$1.data --stdio 2>/dev/null | grep -m1 'of event' )"
}
one A1 /tmp/ramal-A.jar; one B1 /tmp/ramal-B.jar; one A2 /tmp/ramal-A.jar; one B2 /tmp/ramal-B.jar
