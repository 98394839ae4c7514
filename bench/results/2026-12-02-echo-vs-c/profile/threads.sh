#!/bin/bash
# usage: run.sh acceptor outdir [gwopts]
set -u
ACC=$1; OUT=$2; GWO=${3:-}
mkdir -p $OUT
cd /work/main
H=$(mktemp -d); cp -r config $H/
gcc -O2 -Wall -o $H/echo-load bench/c/echo_load.c -lm
env RAMAL_HOME=$H taskset -c 0 java $GWO -Xlog:gc,safepoint:file=$OUT/gc.log:uptime -jar dist/target/ramal.jar bench-gateway --transport epoll --acceptor $ACC --listen 127.0.0.1:41200 > $OUT/gw.out 2>&1 &
GW=$!
trap 'kill $GW' EXIT
for _ in $(seq 60); do grep -q 'gateway lines\|listening\|echo line' $OUT/gw.out && break; sleep 1; done
sleep 2
snap() { for t in /proc/$GW/task/*; do echo "$(cat $t/comm) $(awk '{print $14+$15, $14, $15}' $t/stat) $(grep -E '^(voluntary|nonvoluntary)' $t/status | awk '{printf "%s ", $2}')"; done | sort > $1; }
LT() { taskset -c 1 $H/echo-load --target 127.0.0.1:41200 --calls $1 --seconds $2 --label $3 --server-pid $GW ${4:+--json $4} 2>>$OUT/el.log | sed -n 3p; }
LT 500 10 warm >/dev/null; LT 1000 10 warm > /dev/null
for i in 1 2; do
sleep 3
snap $OUT/t0-$i
LT 1000 15 gw-$i $OUT/run-$i.json
snap $OUT/t1-$i
python3 - $OUT/t0-$i $OUT/t1-$i <<'PY'
import sys
a={};b={}
for f,d in ((sys.argv[1],a),(sys.argv[2],b)):
    for l in open(f):
        p=l.split(); name=" ".join(p[:-5]); d.setdefault(name,[0,0,0,0,0]); 
        for k in range(5): d[name][k]+=int(p[-5+k])
for n in sorted(b, key=lambda n: -(b[n][0]-a.get(n,[0]*5)[0])):
    x=[b[n][k]-a.get(n,[0]*5)[k] for k in range(5)]
    if x[0] or x[3] > 10: print(f"  {n:24s} ticks={x[0]} user={x[1]} sys={x[2]} vol-cs={x[3]} invol-cs={x[4]}")
PY
done
