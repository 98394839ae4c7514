# A fresh `ramal serve` (demo lines, own home), then at once N echo calls: does the first burst stall?
set -u
J=${J:-/tmp/ramal-perf.jar}
N=${N:-200}
OUT=${OUT:-/tmp/cold}
for i in $(seq ${RUNS:-3}); do
  H=$(mktemp -d); cp -r /work/main/config $H/
  env RAMAL_HOME=$H java -jar $J serve -D http.port=0 > $OUT/serve-$i.out 2>&1 &
  GW=$!
  for _ in $(seq 100); do grep -q 'ramal started' $OUT/serve-$i.out && break; sleep 0.2; done
  env RAMAL_HOME=/tmp/perfload java -jar $J loadtest --quiet --target 127.0.0.1:40000 --calls $N --seconds 8 --save $OUT/lt-$i.json | sed -n 3p
  sleep 1
  echo "run $i: $(grep -c 'pacer late' $H/logs/ramal.log) pacer-late lines: $(grep 'pacer late' $H/logs/ramal.log | sed 's/.*pacer late//' | tr '\n' ';')"
  grep -E 'warmed|ramal started' $H/logs/ramal.log | sed 's/.*INFO  \[[^]]*\] [^ ]* //' | cut -c1-120
  kill $GW; wait $GW 2>/dev/null
  rm -rf $H
done
