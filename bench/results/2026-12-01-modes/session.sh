#!/usr/bin/env bash
# One measuring session: bench-gateway (echo, ai, queue lines) on core 0, demo agent and load generator on core 1,
# then the C paced echo on core 0. Usage: session.sh JAR OUTDIR
set -u
J=$1
OUT=$2
ECHO=${ECHO:-100 200 400}
AI=${AI:-50 100 200}
QUEUE=${QUEUE:-50 100 200}
mkdir -p "$OUT"
H=/tmp/perfhome
LOG=$H/logs/ramal.log
LT() { env RAMAL_HOME=/tmp/perfload taskset -c 1 java -jar "$J" loadtest --quiet "$@"; }
slice() { # label, first line: the gateway's call ended lines of one run, summed by mode
  local from=$2
  tail -n +"$from" "$LOG" | grep 'call ended' | awk -v run="$1" '
    { m=""; fo=0; ls=0; gm=0
      ov=0
      for (i=1;i<=NF;i++) { split($i,kv,"="); if (kv[1]=="mode") m=kv[2]; if (kv[1]=="frames-out") fo=kv[2];
        if (kv[1]=="late-sends") ls=kv[2]; if (kv[1]=="send-gap-max-ms") gm=kv[2]; if (kv[1]=="overflows") ov=kv[2] }
      n[m]++; f[m]+=fo; l[m]+=ls; o[m]+=ov; if (gm>g[m]) g[m]=gm }
    END { for (m in n) printf "%s mode=%s calls-ended=%d frames-out=%d late-sends=%d send-gap-max-ms=%d overflows=%d\n", run, m, n[m], f[m], l[m], g[m], o[m] }' \
    >> "$OUT/gateway-pacing.txt"
}
lines() { [ -f "$LOG" ] && wc -l < "$LOG" || echo 1; }

env RAMAL_HOME=/tmp/perfdemo taskset -c 1 java -jar "$J" ai-demo --listen 127.0.0.1:21765 > "$OUT/demo.out" 2>&1 &
DEMO=$!
env RAMAL_HOME=$H taskset -c 0 java -Xlog:gc,safepoint:file="$OUT/gw-gc.log":uptime -jar "$J" bench-gateway --transport epoll \
    --ai-url 'ws://127.0.0.1:21765/{ramal}/{uuid}' --queue --prompts $H/config/prompts > "$OUT/gw.out" 2>&1 &
GW=$!
for i in $(seq 60); do grep -q 'gateway lines' "$OUT/gw.out" && break; sleep 1; done
cat "$OUT/gw.out"
LT --target 127.0.0.1:41200 --calls 200 --seconds 10 --label warm-up > /dev/null
sleep 3
for n in $ECHO; do
  s=$(lines); LT --target 127.0.0.1:41200 --calls $n --seconds 15 --label gateway-echo --save "$OUT/echo-$n.json" | sed -n 3p
  sleep 4; slice echo-$n $((s+1))
done
LT --scenario ai --target 127.0.0.1:41201 --calls 100 --seconds 8 --label warm-up > /dev/null
sleep 3
for n in $AI; do
  d0=$(awk '{print $14+$15}' /proc/$DEMO/stat); t0=$(date +%s.%N)
  s=$(lines); LT --scenario ai --target 127.0.0.1:41201 --calls $n --seconds 15 --label gateway-ai --save "$OUT/ai-$n.json" | sed -n 3p
  d1=$(awk '{print $14+$15}' /proc/$DEMO/stat); t1=$(date +%s.%N)
  echo "ai-$n demo agent CPU over the whole run: $(echo "($d1-$d0)/($t1-$t0)" | bc -l | cut -c1-5) % of a core" | tee -a "$OUT/demo-cpu.txt"
  sleep 4; slice ai-$n $((s+1))
done
LT --scenario queue --target 127.0.0.1:41202 --agent-target 127.0.0.1:41203 --calls 100 --seconds 8 --label warm-up > /dev/null
sleep 3
for n in $QUEUE; do
  s=$(lines); LT --scenario queue --target 127.0.0.1:41202 --agent-target 127.0.0.1:41203 --calls $n --seconds 15 \
      --label gateway-queue --save "$OUT/queue-$n.json" | sed -n 3p
  sleep 4; slice queue-$n $((s+1))
done
kill $GW $DEMO
wait $GW $DEMO 2>/dev/null
taskset -c 0 $H/paced-echo 127.0.0.1 41300 > "$OUT/c.out" 2>&1 &
C=$!
sleep 1
LT --target 127.0.0.1:41300 --calls 200 --seconds 10 --label warm-up > /dev/null
sleep 3
for n in $ECHO; do
  LT --target 127.0.0.1:41300 --calls $n --seconds 15 --label c-paced-echo --save "$OUT/c-$n.json" | sed -n 3p
  sleep 3
done
kill $C
wait $C 2>/dev/null
cat "$OUT/gateway-pacing.txt"
