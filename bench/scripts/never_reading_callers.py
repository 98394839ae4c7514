#!/usr/bin/env python3
"""Never-reading callers (issue 13): N AudioSocket callers on the echo line (port 40000) that send
their id and keep sending audio but never read, with a 4 KiB receive buffer. Prints the gateway's
RSS (from /proc/PID/status) and the bytes queued in the kernel on the gateway's side of those
connections (tx_queue in /proc/net/tcp) every second, until the gateway has closed them all.

Usage: python3 bench/scripts/never_reading_callers.py N GATEWAY_PID
"""
import socket, struct, time, uuid, sys, os, threading
N=int(sys.argv[1]); PORT=40000; PID=int(sys.argv[2])
def rss():
    for l in open(f'/proc/{PID}/status'):
        if l.startswith('VmRSS'): return int(l.split()[1])
def txq():
    tot=0; n=0
    for t in ('/proc/net/tcp','/proc/net/tcp6'):
        for l in open(t).readlines()[1:]:
            f=l.split(); lp=int(f[1].split(':')[1],16)
            if lp==PORT and f[3]=='01':
                tx=int(f[4].split(':')[0],16); tot+=tx; n+=1
    return tot,n
socks=[]
r0=rss(); print('rss-before-kb',r0)
for i in range(N):
    s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096); s.connect(('127.0.0.1',PORT))
    s.sendall(b'\x01\x00\x10'+uuid.uuid4().bytes); socks.append(s)
t0=time.time(); frame=b'\x10\x01\x40'+bytes(320); peak_rss=0; peak_tx=0; closed_at=None
while time.time()-t0<20:
    alive=0
    for s in socks:
        try: s.send(frame, socket.MSG_DONTWAIT); alive+=1
        except (BlockingIOError,): alive+=1
        except OSError: pass
    r=rss(); tx,n=txq(); peak_rss=max(peak_rss,r); peak_tx=max(peak_tx,tx)
    if int((time.time()-t0)*10)%10==0: print(f't={time.time()-t0:.1f}s rss-kb={r} established={n} tx-queued-bytes={tx}', flush=True)
    if n==0 and closed_at is None and time.time()-t0>1: closed_at=time.time()-t0; print('all closed by the gateway at', round(closed_at,1),'s'); break
    time.sleep(0.1)
print('rss-peak-kb',peak_rss,'rss-growth-kb',peak_rss-r0,'tx-queued-peak-bytes',peak_tx, 'per-call', peak_tx//max(1,N))
