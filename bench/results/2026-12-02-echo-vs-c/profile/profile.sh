#!/bin/bash
set -u
OUT=$1; mkdir -p $OUT; cd /work/main
H=$(mktemp -d); cp -r config $H/
gcc -O2 -Wall -o $H/echo-load bench/c/echo_load.c -lm; gcc -O2 -o $H/paced-echo bench/c/paced_echo.c
env RAMAL_HOME=$H taskset -c 0 java -XX:+PreserveFramePointer -jar dist/target/ramal.jar bench-gateway --transport epoll --listen 127.0.0.1:41200 > $OUT/gw.out 2>&1 &
GW=$!
taskset -c 0 $H/paced-echo 127.0.0.1 41300 > $OUT/c.out 2>&1 & C=$!
trap 'kill $GW $C' EXIT
for _ in $(seq 60); do grep -q 'gateway lines\|listening\|echo line' $OUT/gw.out && break; sleep 1; done
sleep 2
LT() { taskset -c 1 $H/echo-load --target 127.0.0.1:$1 --calls 1000 --seconds $2 --label $3 --server-pid $4 --json $OUT/$3.json 2>>$OUT/el.log | sed -n 3p; }
LT 41200 10 w1 $GW >/dev/null; LT 41200 10 w2 $GW >/dev/null; LT 41200 10 w3 $GW >/dev/null
sleep 3
LT 41200 20 gw $GW & P=$!; sleep 8; perf record -F 999 -g -o $OUT/gw.data -p $GW -- sleep 8 2>/dev/null; jcmd $GW Compiler.perfmap > /dev/null; wait $P
sleep 3
LT 41300 20 c $C & P=$!; sleep 8; perf record -F 999 -g -o $OUT/c.data -p $C -- sleep 8 2>/dev/null; wait $P
echo gw=$GW > $OUT/pids
