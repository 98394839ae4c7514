#!/usr/bin/env bash
# Cold gateway: first 500-call and 1000-call runs, with and without compiler threads at nice 19.
J=/work/main/dist/target/ramal.jar
OUT=/tmp/jitprio
H=$(mktemp -d); cp -r /work/main/config $H/
trial() { # name opts
  local n=$1; shift
  env RAMAL_HOME=$H taskset -c 0 java "$@" -Xlog:gc:file=$OUT/$n-gc.log:uptime -jar $J bench-gateway --transport epoll --listen 127.0.0.1:41200 > $OUT/$n-gw.out 2>&1 &
  local gw=$!
  for _ in $(seq 60); do grep -q 'gateway lines' $OUT/$n-gw.out && break; sleep 0.5; done
  sleep 1
  taskset -c 1 /tmp/echo-load --target 127.0.0.1:41200 --calls 500 --seconds 10 --label $n-500 --server-pid $gw --json $OUT/$n-500.json 2>>$OUT/echo-load.log | sed -n 3p
  sleep 2
  taskset -c 1 /tmp/echo-load --target 127.0.0.1:41200 --calls 1000 --seconds 10 --label $n-1000 --server-pid $gw --json $OUT/$n-1000.json 2>>$OUT/echo-load.log | sed -n 3p
  ps -L -o ni,comm -p $gw | grep -i compiler | head -2 | tr '\n' ' '; echo
  kill $gw; wait $gw 2>/dev/null
  echo "$n pacer-late: $(grep -c 'pacer late' $OUT/$n-gw.out)"
}
for i in 1 2 3; do
  trial base$i
  trial nice$i -XX:ThreadPriorityPolicy=1 -XX:CompilerThreadPriority=19
done
