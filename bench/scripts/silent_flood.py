#!/usr/bin/env python3
"""Silent flood (issue 17): N connections that never send their id, opened at once on an echo line
with max-calls set, and meanwhile CALLS real calls (`ramal loadtest`, one JVM) on the same line.
Says whether every real call was served clean (connected, nothing lost, refused or dropped) while
the silent ones were held, when the gateway closed the silent ones (call.handshake-timeout), and
the gateway's RSS and open files.

Usage: python3 bench/scripts/silent_flood.py --pid GATEWAY_PID --port PORT [--silent 5000]
       [--calls 10] [--seconds 3] [--jar dist/target/ramal.jar] [--wait 180]
The gateway serves PORT as an echo extension with max-calls >= CALLS, e.g. (RAMAL_HOME=/tmp/flood):
  extensions:
    - {ramal: '9000', bind: 127.0.0.1, port: 41500, mode: echo, max-calls: 10}
"""
import argparse, json, os, selectors, socket, subprocess, sys, time

ap = argparse.ArgumentParser()
ap.add_argument('--pid', type=int, required=True)
ap.add_argument('--port', type=int, required=True)
ap.add_argument('--silent', type=int, default=5000)
ap.add_argument('--calls', type=int, default=10)
ap.add_argument('--seconds', type=float, default=3)
ap.add_argument('--jar', default='dist/target/ramal.jar')
ap.add_argument('--wait', type=float, default=180, help='seconds to wait for the gateway to close them all')
a = ap.parse_args()

def rss_kb():
    for line in open(f'/proc/{a.pid}/status'):
        if line.startswith('VmRSS'):
            return int(line.split()[1])

def open_files():
    return len(os.listdir(f'/proc/{a.pid}/fd'))

r0, f0 = rss_kb(), open_files()
print(f'before: rss-kb={r0} open-files={f0}', flush=True)

t0 = time.time()
silent = []
for i in range(a.silent):
    s = socket.socket()
    s.connect(('127.0.0.1', a.port))
    s.setblocking(False)
    silent.append(s)
opened = time.time() - t0
print(f'{a.silent} silent connections open in {opened:.2f} s', flush=True)

# The real calls, while the silent connections are held.
calls_at = time.time() - t0
load = subprocess.Popen(['java', '-jar', a.jar, 'loadtest', '--target', f'127.0.0.1:{a.port}', '--calls', str(a.calls),
                         '--seconds', str(a.seconds), '--ramp', '0', '--gateway-pid', str(a.pid), '--json', '--quiet'],
                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)

sel = selectors.DefaultSelector()
for s in silent:
    sel.register(s, selectors.EVENT_READ)
open_left, first_close, last_close, peak_rss, peak_files = len(silent), None, None, r0, f0
next_sample = 0
while open_left and time.time() - t0 < a.wait:
    for key, _ in sel.select(timeout=0.2):
        try:
            data = key.fileobj.recv(4096)
        except BlockingIOError:
            continue
        except ConnectionResetError:
            data = b''
        if data == b'':  # closed by the gateway (after its hangup frame, if any)
            sel.unregister(key.fileobj)
            key.fileobj.close()
            open_left -= 1
            now = time.time() - t0
            first_close = first_close if first_close is not None else now
            last_close = now
    now = time.time() - t0
    if now >= next_sample:
        r, f = rss_kb(), open_files()
        peak_rss, peak_files = max(peak_rss, r), max(peak_files, f)
        print(f't={now:.1f}s silent-open={open_left} rss-kb={r} open-files={f}', flush=True)
        next_sample = now + 1

out, _ = load.communicate()
r = json.loads(out)['load']
clean = r['connected'] == a.calls and r['lost'] == 0 and r['refused'] == 0 and r['dropped'] == 0
print()
print(f"real calls (loadtest started {calls_at:.1f} s after the first connect, {a.silent} silent then open):"
      f" connected {r['connected']}/{a.calls} refused {r['refused']} dropped {r['dropped']} lost {r['lost']}"
      f" of {r['sent']} frames, gap p99 {r['gapMs']['p99']:.1f} ms max {r['gapMs']['max']:.1f} ms"
      f" -> {'clean' if clean else 'NOT clean'}")
if first_close is not None:
    print(f'silent connections closed by the gateway from {first_close:.1f} s to {last_close:.1f} s after the first'
          f' connect; {open_left} left open')
print(f'rss-kb before {r0} peak {peak_rss} (+{peak_rss - r0}); open files before {f0} peak {peak_files}')
sys.exit(0 if clean and open_left == 0 else 1)
