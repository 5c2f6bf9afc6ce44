// The status board. Reads GET /api/v1/dashboard every few seconds and redraws in place, without
// reloading the page. Every text from the server goes into the page as text (textContent,
// createTextNode, SVG <text>), never as markup, so a title such as "<script>" stays a title.
'use strict';

const REFRESH_MS = 10000;
const SVG = 'http://www.w3.org/2000/svg';
const STATUS_LABELS = {
  REQUESTED: 'Requested / 已提出', AWAITING_COUNTERPART: 'Awaiting counterpart / 待对方答复',
  PREPARING: 'Preparing / 筹备中', IN_SESSION: 'In session / 磋商中',
  AWAITING_CO_LEAD_APPROVAL: 'Co-lead approval / 待牵头人批准', AWAITING_LEADERS: 'Leaders / 待领导人认可',
  COMMUNICATING_OUTCOME: 'Communicating / 发布成果', IMPLEMENTING: 'Implementing / 落实中',
  CONCLUDED: 'Concluded / 已结束', NO_AGREEMENT: 'No agreement / 未达成一致', DECLINED: 'Declined / 已拒绝',
  LAPSED: 'Lapsed / 已失效', CANCELLED: 'Cancelled / 已取消'
};
const TERMINAL = ['CONCLUDED', 'NO_AGREEMENT', 'DECLINED', 'LAPSED', 'CANCELLED'];
const SIDE_NAMES = { US: 'United States / 美方', CN: 'China / 中方' };

/** Builds an element; strings among the children become text nodes. */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([key, value]) => {
    if (value === undefined || value === null) return;
    if (key === 'className') node.className = value;
    else if (key === 'onclick') node.addEventListener('click', value);
    else node.setAttribute(key, value);
  });
  children.flat(Infinity).forEach(child => {
    if (child === undefined || child === null) return;
    node.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  });
  return node;
}

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  Object.entries(attrs || {}).forEach(([key, value]) => node.setAttribute(key, value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function replaceChildren(node, children) {
  node.replaceChildren(...children);
}

function utc(instant) {
  if (!instant) return '–';
  return new Date(instant).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

function relative(instant, now) {
  const days = (new Date(instant) - now) / 86400000;
  if (Math.abs(days) < 1) {
    const hours = Math.round(days * 24);
    return hours >= 0 ? `in ${hours} h` : `${-hours} h ago`;
  }
  const whole = Math.round(days);
  return whole >= 0 ? `in ${whole} d` : `${-whole} d ago`;
}

function sides(list) {
  if (!list || list.length === 0) return [el('span', { className: 'muted' }, '–')];
  return list.map(side => el('span', { className: 'side ' + side, title: SIDE_NAMES[side] || side }, side));
}

function badge(status) {
  const kind = status === 'CONCLUDED' ? 'good' : ['NO_AGREEMENT', 'DECLINED', 'LAPSED', 'CANCELLED', 'OVERDUE'].includes(status) ? 'bad' : TERMINAL.includes(status) ? 'end' : '';
  return el('span', { className: 'badge ' + kind, 'data-status': status }, STATUS_LABELS[status] || status);
}

function roundLinks(links) {
  return el('span', { className: 'links' },
    el('a', { href: links.tasklist, target: '_blank', rel: 'noopener' }, 'Tasklist'),
    el('a', { href: links.cockpit, target: '_blank', rel: 'noopener' }, 'Cockpit'),
    el('a', { href: links.self, target: '_blank', rel: 'noopener' }, 'API'));
}

function roundTitle(round) {
  return el('button', { className: 'linklike round-title', type: 'button', onclick: () => showDetail(round.id) }, round.title);
}

async function api(path) {
  const response = await fetch(path, {
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' }
  });
  if (response.status === 401) {
    window.location.assign('/login');
    throw new Error('Your session ended: log in again.');
  }
  if (!response.ok) {
    let detail = response.statusText;
    try { detail = (await response.json()).detail || detail; } catch (ignored) { /* not JSON */ }
    throw new Error(`${path}: ${response.status} ${detail}`);
  }
  return response.json();
}

// ---- the parts of the board

function renderTiles(board) {
  const awaiting = side => board.waiting.filter(w => w.side.split(',').includes(side)).reduce((n, w) => n + w.openTasks, 0);
  document.getElementById('tile-active').textContent = board.activeRoundsTotal;
  document.getElementById('tile-us').textContent = awaiting('US');
  document.getElementById('tile-cn').textContent = awaiting('CN');
  document.getElementById('tile-overdue').textContent = board.commitments.byStatus.OVERDUE || 0;
  document.getElementById('tile-releases').textContent = board.upcomingReleases.length;
}

function renderActive(board, now) {
  const rows = board.activeRounds.map(round => el('tr', { 'data-round-id': round.id },
    el('td', {}, roundTitle(round), el('div', { className: 'note' }, round.id)),
    el('td', {}, `${round.level} · ${round.type}`),
    el('td', {}, round.host || '–', round.venue ? el('div', { className: 'note' }, round.venue) : null),
    el('td', {}, round.startDate ? `${round.startDate} → ${round.endDate || ''}` : '–'),
    el('td', { className: 'status' }, badge(round.status)),
    el('td', { className: 'awaited' }, sides(round.awaitedSides), round.awaitedTasks.length ? el('div', { className: 'note' }, round.awaitedTasks.join('; ')) : null),
    el('td', { className: 'num' }, round.daysInStatus),
    el('td', {}, round.nextDeadline
      ? [el('span', { className: new Date(round.nextDeadline.at) < now ? 'late' : '' }, relative(round.nextDeadline.at, now)),
         el('div', { className: 'note' }, `${round.nextDeadline.what} · ${utc(round.nextDeadline.at)}`)]
      : '–'),
    el('td', {}, roundLinks(round.links))));
  replaceChildren(document.querySelector('#active-rounds tbody'), rows);
  document.getElementById('active-empty').hidden = rows.length > 0;
}

function renderStatusChart(board) {
  const entries = Object.entries(board.roundsByStatus);
  const max = Math.max(1, ...entries.map(([, n]) => n));
  const rowHeight = 22, labelWidth = 210, barWidth = 300, width = labelWidth + barWidth + 60;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${entries.length * rowHeight + 4}`, 'aria-hidden': 'true' });
  entries.forEach(([status, count], i) => {
    const y = i * rowHeight + 2;
    const g = svg('g', { 'data-status': status, 'data-count': String(count) });
    g.appendChild(svg('text', { x: labelWidth - 8, y: y + 15, 'text-anchor': 'end' }, STATUS_LABELS[status] || status));
    g.appendChild(svg('rect', { x: labelWidth, y: y + 3, height: rowHeight - 7, width: Math.max(count > 0 ? 2 : 0, barWidth * count / max),
      rx: 3, fill: TERMINAL.includes(status) ? '#8a94a3' : '#1f4e8c' }));
    g.appendChild(svg('text', { x: labelWidth + barWidth * count / max + 6, y: y + 15 }, String(count)));
    chart.appendChild(g);
  });
  replaceChildren(document.getElementById('status-chart'), [chart]);
}

function renderWaiting(board, now) {
  const rows = board.waiting.map(w => el('tr', { 'data-side': w.side },
    el('td', {}, sides(w.side.split(','))),
    el('td', {}, w.role || '–'),
    el('td', { className: 'num' }, w.openTasks),
    el('td', {}, el('span', { className: w.oldestWaitDays >= 7 ? 'late' : '' }, `${w.oldestWaitDays} d`),
      el('div', { className: 'note' }, `${w.oldestTask || ''} — ${w.oldestRoundTitle}`))));
  replaceChildren(document.querySelector('#waiting tbody'), rows);
  document.getElementById('waiting-empty').hidden = rows.length > 0;
}

function renderReleases(board, now) {
  const items = board.upcomingReleases.map(r => el('li', { 'data-statement-id': r.statementId },
    el('strong', {}, r.roundTitle), ' ', el('span', { className: 'badge' }, r.status),
    el('div', { className: 'when' }, `${utc(r.releaseAt)} · ${relative(r.releaseAt, now)}`)));
  replaceChildren(document.getElementById('releases'), items);
  document.getElementById('releases-empty').hidden = items.length > 0;
}

function commitmentItem(c, now) {
  const when = c.status === 'OVERDUE' ? `due ${c.dueDate} · overdue / 已逾期` : `due ${c.dueDate} · ${relative(c.dueDate + 'T23:59:59Z', now)}`;
  return el('li', { 'data-commitment-id': c.id },
    sides(c.ownerSide === 'BOTH' ? ['US', 'CN'] : [c.ownerSide]), ' ', c.action,
    el('div', { className: 'when' }, `${when} · ${c.roundId}`));
}

function renderCommitments(board, now) {
  const chips = Object.entries(board.commitments.byStatus).map(([status, n]) =>
    el('span', { className: 'chip', 'data-status': status }, status, el('b', {}, n)));
  replaceChildren(document.getElementById('commitment-counts'), chips);
  replaceChildren(document.getElementById('overdue'), board.commitments.overdue.map(c => commitmentItem(c, now)));
  replaceChildren(document.getElementById('due-soon'), board.commitments.dueSoon.map(c => commitmentItem(c, now)));
}

function renderPeriods(board, now) {
  const periods = board.commitments.periods.filter(p => p.periodStart && p.periodEnd);
  document.getElementById('periods-empty').hidden = periods.length > 0;
  if (periods.length === 0) {
    replaceChildren(document.getElementById('period-chart'), []);
    return;
  }
  const day = 86400000;
  const starts = periods.map(p => Date.parse(p.periodStart + 'T00:00:00Z'));
  const ends = periods.map(p => Date.parse(p.periodEnd + 'T00:00:00Z') + day);
  const from = Math.min(...starts, now.getTime()), to = Math.max(...ends, now.getTime() + day);
  const labelWidth = 260, plot = 600, rowHeight = 24, top = 22, width = labelWidth + plot + 20;
  const x = t => labelWidth + plot * (t - from) / (to - from);
  const chart = svg('svg', { viewBox: `0 0 ${width} ${top + periods.length * rowHeight + 18}`, 'aria-hidden': 'true' });
  chart.appendChild(svg('text', { x: labelWidth, y: 12 }, new Date(from).toISOString().slice(0, 10)));
  chart.appendChild(svg('text', { x: labelWidth + plot, y: 12, 'text-anchor': 'end' }, new Date(to - day).toISOString().slice(0, 10)));
  periods.forEach((p, i) => {
    const y = top + i * rowHeight;
    const g = svg('g', { 'data-commitment-id': p.id });
    const label = p.action.length > 42 ? p.action.slice(0, 41) + '…' : p.action;
    g.appendChild(svg('text', { x: labelWidth - 8, y: y + 15, 'text-anchor': 'end' }, label));
    g.appendChild(svg('rect', { x: x(starts[i]), y: y + 4, width: Math.max(2, x(ends[i]) - x(starts[i])), height: rowHeight - 9, rx: 3,
      fill: p.status === 'PERIOD_ENDING' ? '#b26a00' : '#2e7d32' }));
    g.appendChild(svg('title', {}, `${p.action}: ${p.periodStart} → ${p.periodEnd} (${p.status})`));
    chart.appendChild(g);
  });
  const today = x(now.getTime());
  chart.appendChild(svg('line', { x1: today, x2: today, y1: top - 4, y2: top + periods.length * rowHeight, stroke: '#b3261e', 'stroke-dasharray': '3 3' }));
  chart.appendChild(svg('text', { x: today, y: top + periods.length * rowHeight + 14, fill: '#b3261e', 'text-anchor': 'middle' }, 'today / 今天'));
  replaceChildren(document.getElementById('period-chart'), [chart]);
}

function renderEnded(board) {
  const rows = board.recentlyEnded.map(round => el('tr', { 'data-round-id': round.id },
    el('td', {}, roundTitle(round)),
    el('td', {}, `${round.level} · ${round.type}`),
    el('td', {}, badge(round.status)),
    el('td', {}, round.outcomeForm || '–'),
    el('td', {}, utc(round.endedAt)),
    el('td', {}, roundLinks(round.links))));
  replaceChildren(document.querySelector('#ended-rounds tbody'), rows);
}

// ---- a round's detail, from GET /api/v1/rounds/{id}

async function showDetail(id) {
  const dialog = document.getElementById('detail');
  document.getElementById('detail-title').textContent = id;
  replaceChildren(document.getElementById('detail-body'), [el('p', {}, 'loading…')]);
  if (!dialog.open) dialog.showModal();
  try {
    const d = await api('/api/v1/rounds/' + encodeURIComponent(id));
    const r = d.round;
    document.getElementById('detail-title').textContent = r.title;
    const facts = [
      ['Round', r.id], ['Status', STATUS_LABELS[r.status] || r.status], ['Level · type', `${r.level} · ${r.type}`],
      ['Convened by', r.conveningSide], ['Host · venue', `${r.host || r.requestedHost || '–'} · ${r.venue || '–'}`],
      ['Dates', r.startDate ? `${r.startDate} → ${r.endDate}` : '–'], ['Awaiting', (d.awaited.sides || []).join(', ') || '–'],
      ['Open tasks', d.awaited.tasks.map(t => t.name).join('; ') || '–'],
      ['Sessions', String(d.outcome.sessionCount)], ['Outcome', d.outcome.outcomeForm || '–'],
      ['Commitments', String(d.commitments.length)],
      ['Joint statement', d.statement ? `${d.statement.status}${d.statement.releaseAt ? ' · release ' + utc(d.statement.releaseAt) : ''}` : '–']
    ];
    const list = el('dl', {}, facts.map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
    const history = el('ol', { className: 'list' }, d.statusHistory.map(h =>
      el('li', {}, STATUS_LABELS[h.status] || h.status, el('span', { className: 'when' }, ` · ${utc(h.changedAt)} · ${h.changedBy}`))));
    replaceChildren(document.getElementById('detail-body'), [list, el('h3', {}, 'Status history / 状态记录'), history,
      el('p', {}, roundLinks(d.links))]);
  } catch (e) {
    replaceChildren(document.getElementById('detail-body'), [el('p', { className: 'error' }, e.message)]);
  }
}

// ---- refresh loop

let lastBoard = null;

async function refresh() {
  const live = document.getElementById('live');
  try {
    const board = await api('/api/v1/dashboard');
    const now = new Date(board.generatedAt);
    renderTiles(board);
    renderActive(board, now);
    renderStatusChart(board);
    renderWaiting(board, now);
    renderReleases(board, now);
    renderCommitments(board, now);
    renderPeriods(board, now);
    renderEnded(board);
    lastBoard = board;
    document.body.dataset.generatedAt = board.generatedAt;
    document.getElementById('updated').textContent = 'updated ' + utc(board.generatedAt);
    document.getElementById('error').hidden = true;
    live.classList.remove('stale');
  } catch (e) {
    const error = document.getElementById('error');
    error.textContent = `The board could not be refreshed (${e.message}); it keeps trying. / 看板刷新失败，正在重试。`;
    error.hidden = false;
    live.classList.add('stale');
  }
}

async function whoAmI() {
  try {
    const me = await api('/api/v1/me');
    document.getElementById('user').textContent = me.name || me.userId;
  } catch (ignored) { /* the board works without it */ }
}

document.addEventListener('DOMContentLoaded', () => {
  whoAmI();
  refresh();
  setInterval(() => { if (!document.hidden) refresh(); }, REFRESH_MS);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) refresh(); });
});
