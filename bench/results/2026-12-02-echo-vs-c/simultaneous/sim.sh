#!/bin/bash
# both servers on core 0 loaded at the same time, N calls each, two generators on core 1
set -u
OUT=$1; N=${2:-500}; R=${3:-4}; GWO=${4:-}; mkdir -p $OUT; cd /work/main
H=$(mktemp -d); cp -r config $H/
gcc -O2 -o $H/paced-echo bench/c/paced_echo.c; gcc -O2 -Wall -o $H/echo-load bench/c/echo_load.c -lm
env RAMAL_HOME=$H taskset -c 0 java $GWO -Xlog:gc,safepoint:file=$OUT/gc.log:uptime -jar dist/target/ramal.jar bench-gateway --transport epoll --listen 127.0.0.1:41200 > $OUT/gw.out 2>&1 &
GW=$!
taskset -c 0 $H/paced-echo 127.0.0.1 41300 > $OUT/c.out 2>&1 &
C=$!; trap 'kill $GW $C' EXIT
for _ in $(seq 60); do grep -q 'gateway lines\|listening\|echo line' $OUT/gw.out && break; sleep 1; done
sleep 2
LT() { taskset -c 1 $H/echo-load --target 127.0.0.1:$1 --calls $2 --seconds $3 --label $4 --server-pid $5 --json $OUT/$4.json 2>>$OUT/el.log | sed -n 3p; }
LT 41200 500 10 w1 $GW >/dev/null; LT 41200 1000 10 w2 $GW > /dev/null
for i in $(seq $R); do sleep 3
  LT 41200 $N 15 gw-$i $GW > $OUT/gw-$i.row & P=$!; LT 41300 $N 15 c-$i $C > $OUT/c-$i.row; wait $P
  cat $OUT/gw-$i.row $OUT/c-$i.row
  python3 -c "
import json;g=json.load(open('$OUT/gw-$i.json'));c=json.load(open('$OUT/c-$i.json'))
print('ratio', round(g['server']['cpuMsPerCallSecond']/c['server']['cpuMsPerCallSecond'],3))"
done
