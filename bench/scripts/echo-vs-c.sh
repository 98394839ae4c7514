#!/usr/bin/env bash
# Echo calls per core, the gateway against the C paced echo in one session, interleaved so both see the
# same machine: bench-gateway's echo line and paced_echo.c both on core 0, the load generator on core 1,
# RUNS pairs of CALLS calls for WINDOW seconds, the gateway first in odd pairs and the C server first in
# even ones. GW_OPTS are the gateway JVM's options (deploy/ramal.service's by default). GEN picks the load
# generator: java (ramal loadtest, the default) or c (bench/c/echo_load.c, built here, which spends far
# less of its core and is given each server's pid); either writes the same JSON, read by the summary.
# ACCEPTOR is bench-gateway's --acceptor: own (a loop of its own, as serve does; the default) or call-loop.
# Usage: JAR=dist/target/ramal.jar OUT=dir [CALLS=1000 RUNS=3 WINDOW=15 GEN=java|c ACCEPTOR=own|call-loop GW_OPTS=...]
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
sleep 2
echo "gateway JVM options: ${GW_OPTS:-none}; acceptor: $ACCEPTOR; load generator: $GEN" > "$OUT/machine.txt"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt"
# Warm-ups, not reported: the JIT compiles the gateway's paths; the C server needs none but gets the same.
LT 41200 500 10 warm-up $GW > /dev/null
LT 41200 "$CALLS" 10 warm-up $GW > /dev/null
LT 41300 "$CALLS" 10 warm-up $C > /dev/null
run() { # label port pair server-pid
  sleep 3
  LT "$2" "$CALLS" "$WINDOW" "$1" "$4" "$OUT/$1-$3.json" | sed -n 3p
}
for i in $(seq "$RUNS"); do
  if [ $((i % 2)) -eq 1 ]; then run gateway 41200 "$i" $GW; run c-paced-echo 41300 "$i" $C
  else run c-paced-echo 41300 "$i" $C; run gateway 41200 "$i" $GW; fi
done
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
    def cell(d):
        l, s = d["load"], d["server"] or {}
        return (f'{"clean" if clean(d) else "NOT clean"} lost={l["lost"]} gap-p99={l["gapMs"]["p99"]} '
                f'max={l["gapMs"]["max"]} rtt-p99={l["rttMs"]["p99"]} core={s.get("cpuPercentOfCore")}% (user {s.get("userPercent")}% sys {s.get("sysPercent")}%) '
                f'cpu-ms/call-s={s.get("cpuMsPerCallSecond")} '
                f'loadgen={d["loadgen"]["cpuPercentOfCore"]}% load={d["loadAverage"]}')
    g, c = (G["server"] or {}).get("cpuMsPerCallSecond"), (C["server"] or {}).get("cpuMsPerCallSecond")
    ratio = g / c if g and c else None  # None: a server's /proc could not be read
    if ratio is not None: rows.append(ratio)
    print(f"pair {i}: gateway {cell(G)}\n        C       {cell(C)}\n        ratio {f'{ratio:.2f}x' if ratio is not None else 'n/a'}")
if rows:
    rows.sort()
    print(f"ratios: {', '.join(f'{r:.2f}' for r in rows)}; median {rows[len(rows)//2]:.2f}x")
PY
