// The Ramal wallboard: one snapshot a second from /board/events (server-sent events), drawn into
// the page. No framework: the page is small, and a wall display should run it for months.
'use strict';

const LABELS = {
  en: {
    callsNow: 'Calls now', lag: 'Loop lag', refused: 'Refused', skipped: 'Late ticks', connecting: 'connecting…',
    live: 'live', reconnecting: 'reconnecting…', extensions: 'Extensions', ramal: 'Ramal', address: 'Address',
    mode: 'Mode', state: 'State', calls: 'Calls', queue: 'queue', waiting: 'waiting', longest: 'longest wait',
    free: 'free', busy: 'busy', paused: 'paused', wrapUp: 'wrap-up', today: 'Today', offered: 'offered',
    answered: 'answered', abandoned: 'abandoned', asa: 'avg. answer', serviceLevel: 'service level',
    lastHour: 'Waiting, last hour', waitingCallers: 'Waiting callers', attendants: 'Attendants',
    nobodyWaiting: 'nobody waiting', nobodyLoggedIn: 'nobody logged in', with: 'with', up: 'UP', down: 'DOWN',
    states: { free: 'free', busy: 'busy', paused: 'paused', 'wrap-up': 'wrap-up' }, within: 'within',
    todayUnavailable: 'Today\'s figures are not up to date: ',
  },
  pt: {
    callsNow: 'Chamadas agora', lag: 'Atraso do loop', refused: 'Recusadas', skipped: 'Ticks atrasados',
    connecting: 'conectando…', live: 'ao vivo', reconnecting: 'reconectando…', extensions: 'Ramais',
    ramal: 'Ramal', address: 'Endereço', mode: 'Modo', state: 'Estado', calls: 'Chamadas', queue: 'fila',
    waiting: 'aguardando', longest: 'maior espera', free: 'livres', busy: 'ocupados', paused: 'em pausa',
    wrapUp: 'pós-atendimento', today: 'Hoje', offered: 'recebidas', answered: 'atendidas',
    abandoned: 'abandonadas', asa: 'espera média', serviceLevel: 'nível de serviço',
    lastHour: 'Aguardando, última hora', waitingCallers: 'Na fila', attendants: 'Atendentes',
    nobodyWaiting: 'ninguém na fila', nobodyLoggedIn: 'nenhum atendente', with: 'com', up: 'OK', down: 'FALHA',
    states: { free: 'livre', busy: 'ocupado', paused: 'pausa', 'wrap-up': 'pós-atend.' }, within: 'em até',
    todayUnavailable: 'Números de hoje desatualizados: ',
  },
};
const LANG = (navigator.languages || [navigator.language || 'en'])
  .some((l) => l.toLowerCase().startsWith('pt')) ? 'pt' : 'en';
const T = LABELS[LANG];
document.documentElement.lang = LANG === 'pt' ? 'pt-BR' : 'en';
const NUMBER = new Intl.NumberFormat(LANG === 'pt' ? 'pt-BR' : 'en', { maximumFractionDigits: 1 });

function translate(root) {
  root.querySelectorAll('[data-i18n]').forEach((el) => {
    const t = T[el.dataset.i18n];
    if (typeof t === 'string') el.textContent = t;
  });
}

function clock(ms) {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

const short = (id) => (id || '').slice(0, 8);
const $ = (root, k) => root.querySelector(`[data-k="${k}"]`);

function set(root, k, text) {
  const el = $(root, k);
  if (el && el.textContent !== String(text)) el.textContent = text;
}

function li(cls, ...cells) {
  const item = document.createElement('li');
  if (cls) item.className = cls;
  for (const [c, text] of cells) {
    const span = document.createElement('span');
    span.className = c;
    span.textContent = text;
    item.appendChild(span);
  }
  return item;
}

function spark(svg, history) {
  const max = Math.max(1, ...history);
  const w = 300;
  const h = 60;
  const step = w / Math.max(1, history.length - 1);
  const pts = history.map((v, i) => `${(i * step).toFixed(1)},${(h - 4 - (v / max) * (h - 8)).toFixed(1)}`);
  svg.replaceChildren();
  const ns = 'http://www.w3.org/2000/svg';
  const area = document.createElementNS(ns, 'polygon');
  area.setAttribute('points', `0,${h} ${pts.join(' ')} ${w},${h}`);
  const line = document.createElementNS(ns, 'polyline');
  line.setAttribute('points', pts.join(' '));
  const title = document.createElementNS(ns, 'title');
  title.textContent = `${T.lastHour}: max ${Math.max(0, ...history)}`;
  svg.append(title, area, line);
}

function queueCard(q) {
  let card = document.querySelector(`article[data-queue="${CSS.escape(q.name)}"]`);
  if (!card) {
    card = document.getElementById('queue-card').content.firstElementChild.cloneNode(true);
    card.dataset.queue = q.name;
    translate(card);
    document.getElementById('queues').appendChild(card);
  }
  set(card, 'name', q.name);
  set(card, 'waiting-count', q.waiting.length);
  set(card, 'longest', clock(q.longestWaitMs));
  const longest = $(card, 'longest').parentElement;
  const threshold = (q.today.thresholdSeconds || 0) * 1000;
  longest.classList.toggle('alert', threshold > 0 && q.longestWaitMs > threshold / 2);
  longest.classList.toggle('critical', threshold > 0 && q.longestWaitMs > threshold);
  set(card, 'free', q.free);
  set(card, 'busy', q.busy);
  set(card, 'paused', q.paused);
  set(card, 'wrap-up', q.wrapUp);
  const t = q.today;
  set(card, 'offered', t.offered);
  set(card, 'answered', t.answered);
  set(card, 'abandoned', t.abandoned);
  set(card, 'asa', t.asaSeconds == null ? '–' : clock(t.asaSeconds * 1000));
  set(card, 'sl', t.serviceLevel == null ? '–' : `${NUMBER.format(t.serviceLevel * 100)}%`);
  set(card, 'sl-label', t.thresholdSeconds ? `${T.serviceLevel} (${T.within} ${t.thresholdSeconds}s)` : T.serviceLevel);
  const err = $(card, 'today-error');
  err.hidden = !t.error;
  err.textContent = t.error ? T.todayUnavailable + t.error : '';
  spark($(card, 'spark'), q.history);

  const waiting = $(card, 'waiting');
  waiting.replaceChildren(...(q.waiting.length === 0 ? [li('empty', ['', T.nobodyWaiting])]
    : q.waiting.map((w) => {
      const item = li('', ['who', `${w.position}. ${w.ramal} · ${short(w.call)}`], ['wait', clock(w.waitedMs)]);
      item.dataset.waitingCall = w.call;
      return item;
    })));
  const members = $(card, 'attendants');
  members.replaceChildren(...(q.attendants.length === 0 ? [li('empty', ['', T.nobodyLoggedIn])]
    : q.attendants.map((a) => {
      const who = `${a.ramal} · ${short(a.call)}` + (a.with ? ` ${T.with} ${short(a.with)}` : '');
      const item = li('', ['who', who], ['state', T.states[a.state] || a.state],
        ['since', a.sinceMs ? clock(a.sinceMs) : '']);
      item.dataset.attendantCall = a.call;
      item.dataset.state = a.state;
      if (a.with) item.dataset.with = a.with;
      return item;
    })));
}

function draw(s) {
  const health = document.getElementById('health');
  health.textContent = s.health.status === 'UP' ? T.up : T.down;
  health.className = `pill ${s.health.status === 'UP' ? 'up' : 'down'}`;
  document.getElementById('calls-total').textContent = s.callsTotal;
  document.getElementById('calls-by-mode').textContent = Object.entries(s.callsByMode)
    .filter(([mode]) => mode).map(([mode, n]) => `${mode} ${n}`).join(' · ');
  document.getElementById('lag').textContent = `${NUMBER.format(s.health.lagMs)} ms`;
  document.getElementById('refused').textContent = s.health.refused;
  document.getElementById('skipped').textContent = s.health.pacerSkippedTicks;
  const seen = new Set(s.queues.map((q) => q.name));
  document.querySelectorAll('article[data-queue]').forEach((a) => { if (!seen.has(a.dataset.queue)) a.remove(); });
  s.queues.forEach(queueCard);
  const rows = s.extensions.map((e) => {
    const tr = document.createElement('tr');
    tr.dataset.ramal = e.ramal;
    const cells = [e.ramal, e.address, e.mode, e.reason ? `${e.state}: ${e.reason}` : e.state, e.active];
    cells.forEach((c, i) => {
      const td = document.createElement('td');
      td.textContent = c;
      if (i === 3) td.className = `state-${e.state}`;
      tr.appendChild(td);
    });
    return tr;
  });
  document.querySelector('#extensions tbody').replaceChildren(...rows);
  document.body.dataset.at = s.at;
}

function connect() {
  const live = document.getElementById('live');
  const events = new EventSource('/board/events');
  events.onmessage = (m) => {
    live.textContent = `${T.live} ${new Date().toLocaleTimeString(LANG === 'pt' ? 'pt-BR' : 'en')}`;
    live.className = 'live on';
    draw(JSON.parse(m.data));
  };
  events.onerror = () => {
    live.textContent = T.reconnecting;
    live.className = 'live off';
    // EventSource retries by itself; a 401 (token changed) closes it: go back to the sign-in page.
    if (events.readyState === EventSource.CLOSED) setTimeout(() => window.location.reload(), 5000);
  };
}

translate(document);
connect();
