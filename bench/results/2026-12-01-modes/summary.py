import json, sys, os
d = sys.argv[1]
def load(name):
    p = os.path.join(d, name + '.json')
    return json.load(open(p)) if os.path.exists(p) else None
def cpu(r): return r['server']['cpuMsPerCallSecond'] if r and r.get('server') else None
rows = []
for kind, sizes in (('echo', (100, 200, 400)), ('ai', (50, 100, 200)), ('queue', (50, 100, 200)), ('c', (100, 200, 400))):
    for n in sizes:
        r = load(f'{kind}-{n}')
        if not r: continue
        l = r['load']; s = r['server']
        extra = ''
        if 'turns' in l:
            t = l['turns']; extra = f"turns {t['turns']} ({t['answered']}/{t['complete']}) lat p50 {t['latencyMs']['p50']} p99 {t['latencyMs']['p99']} max {t['latencyMs']['max']}"
        if 'bridges' in l:
            b = l['bridges']; extra = f"pairs {b['pairsBridged']}/{b['pairs']} tone legs {b['legsHearingPartnerTone']} other {b['otherToneFrames']} oneway p50 {l['rttMs']['p50']} p99 {l['rttMs']['p99']}"
        print(f"{kind}-{n}: legs {l['calls']} sent {l['sent']} lost {l['lost']} gap p99 {l['gapMs']['p99']} max {l['gapMs']['max']} >25 {l['gapsOver25ms']} "
              f"cpu% {s['cpuPercentOfCore']} ms/call-s {s['cpuMsPerCallSecond']} loadgen% {r['loadgen']['cpuPercentOfCore']} lag {l['maxSendLagMs']} load {r['loadAverage']} {extra}")
def ratio(a, b):
    x, y = cpu(load(a)), cpu(load(b))
    return f"{x}/{y} = {x/y:.2f}x" if x and y else 'n/a'
print('AI vs echo:', 'n100', ratio('ai-100', 'echo-100'), '| n200', ratio('ai-200', 'echo-200'))
print('leg vs echo:', '100', ratio('queue-50', 'echo-100'), '| 200', ratio('queue-100', 'echo-200'), '| 400', ratio('queue-200', 'echo-400'))
print('echo vs C:', '100', ratio('echo-100', 'c-100'), '| 200', ratio('echo-200', 'c-200'), '| 400', ratio('echo-400', 'c-400'))
print('AI vs C:', '100', ratio('ai-100', 'c-100'), '| 200', ratio('ai-200', 'c-200'))
print('leg vs C:', '100', ratio('queue-50', 'c-100'), '| 200', ratio('queue-100', 'c-200'), '| 400', ratio('queue-200', 'c-400'))
