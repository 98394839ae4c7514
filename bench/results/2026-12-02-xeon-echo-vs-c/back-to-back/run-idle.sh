#!/usr/bin/env bash
# Does the gateway's CPU per call-second grow from one 1,000-call run to the next? One fresh bench-gateway,
# N runs in a row, a class histogram and the kernel's socket summary between them.
J=/work/main/dist/target/ramal.jar
OUT=${OUT:-/tmp/grow3}; N=${N:-15}; IDLE=${IDLE:-3}; FORCE_GC=${FORCE_GC:-}
H=$(mktemp -d); cp -r /work/main/config $H/
env RAMAL_HOME=$H taskset -c 0 java ${GW_OPTS:-} -Xlog:gc:file=$OUT/gc.log:uptime -jar $J bench-gateway --transport epoll --listen 127.0.0.1:41200 > $OUT/gw.out 2>&1 &
GW=$!
trap 'kill $GW 2>/dev/null' EXIT
for _ in $(seq 60); do grep -q 'gateway lines' $OUT/gw.out && break; sleep 0.5; done
sleep 2
taskset -c 1 /tmp/echo-load --target 127.0.0.1:41200 --calls 500 --seconds 10 --label warm --server-pid $GW 2>/dev/null >/dev/null
for i in $(seq $N); do
  sleep $IDLE; [ -n "$FORCE_GC" ] && jcmd $GW GC.run > /dev/null
  ss -s | grep -i "tcp:" > $OUT/ss-$i.txt
  taskset -c 1 /tmp/echo-load --target 127.0.0.1:41200 --calls 1000 --seconds 15 --label run$i --server-pid $GW --json $OUT/run$i.json 2>>$OUT/echo-load.log | sed -n 3p
done
