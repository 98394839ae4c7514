#!/usr/bin/env bash
# What the wallboard's live pages cost the gateway at CALLS echo calls (issue 14): the gateway on
# core 0, `ramal loadtest` on core 1, runs alternating between no page and PAGES pages (curl -N
# on /board/events, on core 1 too, each reading one snapshot a second), RUNS of each.
#
# Per run, one markdown row: the gateway's CPU over the load generator's window (utime+stime of
# /proc, as every loadtest figure), its frames lost and gap p99, and the CPU of the two threads
# the pages use, ramal-board (the snapshot) and the admin event loop (the streams), from
# /proc/<pid>/task/<tid>/schedstat (nanoseconds) over the whole run, with the bytes each page read.
#
#   bench/scripts/wallboard-cpu.sh      # JAR=dist/target/ramal.jar RUNS=3 PAGES=10 CALLS=1000 WINDOW=20 BASE_PORT=23500
#   (RESULTS=dir keeps each run's loadtest JSON; the medians per page count come last)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-3} PAGES=${PAGES:-10} CALLS=${CALLS:-1000} WINDOW=${WINDOW:-20} BASE_PORT=${BASE_PORT:-23500}
ECHO=$BASE_PORT ADMIN=$((BASE_PORT + 3)) TOKEN=bench-$RANDOM$RANDOM
WORK=$(mktemp -d /tmp/ramal-wallboard-cpu.XXXXXX)
cp "${JAR:-dist/target/ramal.jar}" "$WORK/ramal.jar" # a rebuild meanwhile cannot change what runs
mkdir -p "$WORK/home/config"
cp -r config/prompts "$WORK/home/config/"
cat > "$WORK/home/config/extensions.yaml" <<EOF
extensions:
  - {ramal: "9000", bind: 127.0.0.1, port: $ECHO, mode: echo}
  - {ramal: "9100", bind: 127.0.0.1, port: $((BASE_PORT + 1)), mode: queue, settings: {queue: suporte}}
  - {ramal: "9200", bind: 127.0.0.1, port: $((BASE_PORT + 2)), mode: agent, settings: {queues: [suporte]}}
EOF

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

RAMAL_HOME=$WORK/home taskset -c 0 java -jar "$WORK/ramal.jar" serve -D http.port=$ADMIN -D http.token=$TOKEN \
    > "$WORK/gateway.log" 2>&1 &
GW=$!
PIDS+=($GW)
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$ADMIN/health" > /dev/null && break; sleep 0.5; done
tid() { grep -l "^$1" /proc/$GW/task/*/comm | head -1 | cut -d/ -f5; }
BOARD=$(tid ramal-board) ADMINLOOP=$(tid ramal-admin)
ns() { cut -d' ' -f1 "/proc/$GW/task/$1/schedstat"; }
loadtest() { taskset -c 1 java -jar "$WORK/ramal.jar" loadtest --target 127.0.0.1:$ECHO --gateway-pid $GW --quiet "$@"; }

loadtest --calls 200 --seconds 10 > /dev/null # warm-up, not reported
echo "| run | pages | gateway CPU % of core | CPU ms per call-s | lost | gap p99 ms | ramal-board + admin loop CPU ms/s | bytes/s per page | load avg |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
for run in $(seq 1 "$RUNS"); do
  for pages in 0 "$PAGES"; do
    CURLS=()
    for i in $(seq 1 "$pages"); do
      taskset -c 1 curl -sN -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$ADMIN/board/events" \
          > "$WORK/page-$i.txt" &
      CURLS+=($!)
    done
    b0=$(ns "$BOARD") a0=$(ns "$ADMINLOOP") t0=$(date +%s%N)
    loadtest --calls "$CALLS" --seconds "$WINDOW" --json > "$WORK/run.json"
    b1=$(ns "$BOARD") a1=$(ns "$ADMINLOOP") t1=$(date +%s%N)
    bytes=0
    for pid in "${CURLS[@]}"; do kill "$pid"; wait "$pid" 2>/dev/null || true; done
    [ "$pages" -gt 0 ] && bytes=$(cat "$WORK"/page-*.txt | wc -c) && rm -f "$WORK"/page-*.txt
    [ -n "${RESULTS:-}" ] && mkdir -p "$RESULTS" && cp "$WORK/run.json" "$RESULTS/run-$run-pages-$pages.json"
    python3 - "$WORK/run.json" "$run" "$pages" $((b1 - b0 + a1 - a0)) $((t1 - t0)) "$bytes" "$WORK/rows.jsonl" <<'EOF'
import json, sys
run, pages, thread_ns, wall_ns, total_bytes = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
text = open(sys.argv[1]).read()
try:
    d = json.loads(text[text.index("{"):])  # anything the generator printed before its JSON is not ours to parse
except ValueError as e:
    print(f"| {run} | {pages} | loadtest output unreadable ({e}): {text[:200]!r} |")
    sys.exit(0)
s, l = d["server"], d["load"]
threads = thread_ns / 1e6 / (wall_ns / 1e9)
per_page = total_bytes / pages / (wall_ns / 1e9) if pages else 0
print(f"| {run} | {pages} | {s['cpuPercentOfCore']:.1f} | {s['cpuMsPerCallSecond']:.3f} | {l['lost']} | "
      f"{l['gapMs']['p99']:.1f} | {threads:.2f} | {per_page:,.0f} | {d['loadAverage']} |", flush=True)
with open(sys.argv[7], "a") as f:
    f.write(json.dumps({"pages": pages, "cpu": s["cpuMsPerCallSecond"], "threads": threads}) + "\n")
EOF
  done
done
python3 - "$WORK/rows.jsonl" <<'EOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
for pages in sorted({r["pages"] for r in rows}):
    mine = [r for r in rows if r["pages"] == pages]
    cpu = [r["cpu"] for r in mine]
    print(f"pages={pages} runs={len(mine)} cpu-ms-per-call-s median={statistics.median(cpu):.3f} "
          f"min={min(cpu):.3f} max={max(cpu):.3f} "
          f"board+admin-ms-per-s median={statistics.median(r['threads'] for r in mine):.2f}")
EOF
