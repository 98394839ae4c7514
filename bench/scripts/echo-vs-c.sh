#!/usr/bin/env bash
# Echo calls per core, the gateway against the C paced echo in one session, interleaved so both see the
# same machine: bench-gateway's echo line and paced_echo.c both on core 0, the load generator on core 1,
# RUNS pairs of CALLS calls for WINDOW seconds, the gateway first in odd pairs and the C server first in
# even ones. GW_OPTS are the gateway JVM's options (deploy/ramal.service's by default). GEN picks the load
# generator: java (ramal loadtest, the default) or c (bench/c/echo_load.c, built here, which spends far
# less of its core and is given each server's pid); either writes the same JSON, read by the summary.
# ACCEPTOR is bench-gateway's --acceptor: own (a loop of its own, as serve does; the default) or call-loop.
# JIT_CPU, when set, moves the gateway's JIT compiler threads to that CPU once it is up (the threads they
# start later inherit it), so compiles never take the event loop's core; their CPU still counts as the
# gateway's.
# Usage: JAR=dist/target/ramal.jar OUT=dir [CALLS=1000 RUNS=3 WINDOW=15 GEN=java|c ACCEPTOR=own|call-loop JIT_CPU=
#        GW_OPTS=...]
#        bench/scripts/echo-vs-c.sh
set -u
J=${JAR:?JAR=path to ramal.jar}
OUT=${OUT:?OUT=directory for the results}
CALLS=${CALLS:-1000}
RUNS=${RUNS:-3}
WINDOW=${WINDOW:-15}
GW_OPTS=${GW_OPTS-"-XX:+UseZGC -Xms256m -Xmx1g"}
GEN=${GEN:-java}
ACCEPTOR=${ACCEPTOR:-own}
case "$GEN" in java | c) ;; *) echo "GEN=$GEN is invalid, allowed: java, c" >&2; exit 2 ;; esac
HERE=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$OUT"
HOME_DIR=$(mktemp -d)
cp -r "$HERE/config" "$HOME_DIR/"
gcc -O2 -o "$HOME_DIR/paced-echo" "$HERE/bench/c/paced_echo.c"
if [ "$GEN" = c ]; then
  gcc -O2 -Wall -Wextra -o "$HOME_DIR/echo-load" "$HERE/bench/c/echo_load.c" -lm || exit 1
fi
# One load test on core 1: port calls seconds label server-pid [json-file]. The table row is line 3 of
# stdout for both generators; the C one's details go to echo-load.log.
LT() {
  if [ "$GEN" = c ]; then
    taskset -c 1 "$HOME_DIR/echo-load" --target "127.0.0.1:$1" --calls "$2" --seconds "$3" --label "$4" \
        --server-pid "$5" ${6:+--json "$6"} 2>> "$OUT/echo-load.log"
  else
    env RAMAL_HOME="$HOME_DIR" taskset -c 1 java -jar "$J" loadtest --quiet --target "127.0.0.1:$1" --calls "$2" \
        --seconds "$3" --label "$4" ${6:+--save "$6"}
  fi
}

env RAMAL_HOME="$HOME_DIR" taskset -c 0 java $GW_OPTS -Xlog:gc,safepoint:file="$OUT/gw-gc.log":uptime \
    -jar "$J" bench-gateway --transport epoll --acceptor "$ACCEPTOR" --listen 127.0.0.1:41200 > "$OUT/gw.out" 2>&1 &
GW=$!
taskset -c 0 "$HOME_DIR/paced-echo" 127.0.0.1 41300 > "$OUT/c.out" 2>&1 &
C=$!
trap 'kill $GW $C 2>/dev/null' EXIT
for _ in $(seq 60); do grep -q 'gateway lines\|listening\|echo line' "$OUT/gw.out" && break; sleep 1; done
# Either server failing to start (a port still held) would leave half the pairs empty: stop here instead.
grep -q 'gateway lines\|listening\|echo line' "$OUT/gw.out" || { echo "gateway did not start: $OUT/gw.out" >&2; exit 1; }
kill -0 "$C" 2> /dev/null || { echo "C paced echo did not start: $(cat "$OUT/c.out")" >&2; exit 1; }
sleep 2
JIT_CPU=${JIT_CPU:-}
compilers() { ps -L -o tid=,comm= -p "$GW" | awk '/CompilerThre/ {print $1}'; }
if [ -n "$JIT_CPU" ]; then
  for t in $(compilers); do taskset -p -c "$JIT_CPU" "$t" > /dev/null || exit 1; done
fi
echo "gateway JVM options: ${GW_OPTS:-none}; acceptor: $ACCEPTOR; load generator: $GEN; JIT_CPU=${JIT_CPU:-unset}" > "$OUT/machine.txt"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt"
# Warm-ups, not reported: the JIT compiles the gateway's paths; the C server needs none but gets the same.
LT 41200 500 10 warm-up $GW > /dev/null
LT 41200 "$CALLS" 10 warm-up $GW > /dev/null
LT 41300 "$CALLS" 10 warm-up $C > /dev/null
# Steal per core in ms (the hypervisor running something else while a vCPU wanted to run: a stall
# that neither server can see or avoid), from /proc/stat's eighth field, 10 ms ticks.
steal() { awk '/^cpu[01] / {printf "%d ", $9 * 10}' /proc/stat; }
# And each second's, to set beside the gateway's `pacer late` lines: time, then cpu0's and cpu1's total.
while sleep 1; do echo "$(date +%T) $(steal)"; done > "$OUT/steal.log" &
STEAL=$!
trap 'kill $GW $C $STEAL 2>/dev/null' EXIT
run() { # label port pair server-pid
  sleep 3
  local before; before=$(steal)
  LT "$2" "$CALLS" "$WINDOW" "$1" "$4" "$OUT/$1-$3.json" | sed -n 3p
  echo "$before $(steal)" | awk '{print "cpu0=" $3 - $1, "cpu1=" $4 - $2}' > "$OUT/$1-$3.steal"
}
for i in $(seq "$RUNS"); do
  if [ $((i % 2)) -eq 1 ]; then run gateway 41200 "$i" $GW; run c-paced-echo 41300 "$i" $C
  else run c-paced-echo 41300 "$i" $C; run gateway 41200 "$i" $GW; fi
done
# Where the JIT ran, and its CPU over the session (warm-ups included): utime and stime, fields 14 and
# 15 of the thread's stat, counted after its "(name)", which holds a space.
for t in $(compilers); do
  echo "$(taskset -p "$t"), cpu-s $(sed 's/.*) //' "/proc/$GW/task/$t/stat" | awk '{print ($12 + $13) / 100}')"
done >> "$OUT/machine.txt"
python3 - "$OUT" <<'PY'
import json, glob, os, sys
out = sys.argv[1]
rows = []
for i in range(1, 100):
    g, c = f"{out}/gateway-{i}.json", f"{out}/c-paced-echo-{i}.json"
    if not os.path.exists(g) or not os.path.exists(c): break
    G, C = json.load(open(g)), json.load(open(c))
    def clean(d):
        l = d["load"]
        return l["lost"] == 0 and l["refused"] == 0 and l["dropped"] == 0 and l["gapMs"]["p99"] <= 25.0
    def cell(d, label):
        l, s = d["load"], d["server"] or {}
        st = f"{out}/{label}-{i}.steal"
        steal = open(st).read().strip().replace(" ", ",") if os.path.exists(st) else "n/a"
        return (f'{"clean" if clean(d) else "NOT clean"} lost={l["lost"]} gap-p99={l["gapMs"]["p99"]} '
                f'max={l["gapMs"]["max"]} rtt-p99={l["rttMs"]["p99"]} core={s.get("cpuPercentOfCore")}% (user {s.get("userPercent")}% sys {s.get("sysPercent")}%) '
                f'cpu-ms/call-s={s.get("cpuMsPerCallSecond")} '
                f'loadgen={d["loadgen"]["cpuPercentOfCore"]}% loadgen-lag={l.get("maxSendLagMs")}ms '
                f'load={d["loadAverage"]} steal-ms={steal}')
    g, c = (G["server"] or {}).get("cpuMsPerCallSecond"), (C["server"] or {}).get("cpuMsPerCallSecond")
    ratio = g / c if g and c else None  # None: a server's /proc could not be read
    if ratio is not None: rows.append(ratio)
    print(f"pair {i}: gateway {cell(G, 'gateway')}\n        C       {cell(C, 'c-paced-echo')}\n        ratio {f'{ratio:.2f}x' if ratio is not None else 'n/a'}")
if rows:
    rows.sort()
    print(f"ratios: {', '.join(f'{r:.2f}' for r in rows)}; median {rows[len(rows)//2]:.2f}x")
PY
