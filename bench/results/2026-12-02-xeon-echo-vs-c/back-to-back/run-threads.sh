#!/usr/bin/env bash
# Fresh gateway, a 500-call warm-up, then N 1,000-call runs 3 s apart; per-thread CPU (utime+stime, ticks)
# of the gateway over each run, by thread name.
J=/work/main/dist/target/ramal.jar
OUT=${OUT:-/tmp/grow5}; N=${N:-3}
mkdir -p $OUT
H=$(mktemp -d); cp -r /work/main/config $H/
env RAMAL_HOME=$H taskset -c 0 java ${GW_OPTS:-} -Xlog:gc:file=$OUT/gc.log:uptime -jar $J bench-gateway --transport epoll --listen 127.0.0.1:41200 > $OUT/gw.out 2>&1 &
GW=$!
trap 'kill $GW 2>/dev/null' EXIT
for _ in $(seq 60); do grep -q 'gateway lines' $OUT/gw.out && break; sleep 0.5; done
sleep 2
threads() { for f in /proc/$GW/task/*/stat; do sed 's/^[0-9]* (\(.*\)) /\1|/' $f | awk -F'|' '{split($2,a," "); gsub(/ /,"_",$1); print $1, a[12]+a[13]}'; done | awk '{s[$1]+=$2} END {for (k in s) print k, s[k]}' | sort; }
taskset -c 1 /tmp/echo-load --target 127.0.0.1:41200 --calls 500 --seconds 10 --label warm --server-pid $GW 2>/dev/null >/dev/null
for i in $(seq $N); do
  sleep 3
  threads > $OUT/t0-$i
  taskset -c 1 /tmp/echo-load --target 127.0.0.1:41200 --calls 1000 --seconds 15 --label run$i --server-pid $GW --json $OUT/run$i.json 2>>$OUT/echo-load.log | sed -n 3p
  threads > $OUT/t1-$i
  join $OUT/t0-$i $OUT/t1-$i | awk '{d=$3-$2; if (d>0) printf "%s=%d ", $1, d} END {print ""}'
done
