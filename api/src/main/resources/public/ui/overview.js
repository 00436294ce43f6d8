import { get } from './api.js';
import { el, replace, problem } from './dom.js';
import { barChart, lineChart, stackedRows, partitionRows } from './chart.js';

const REFRESH_MS = 15000;

function minuteLabel(start) {
  return new Date(start).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function render(body, overview) {
  const minutes = overview.minutes;
  const points = (key) => minutes.map((m) => ({ label: minuteLabel(m.start), value: m[key] }));
  const hour = overview.lastHour;
  const p99 = hour.latenessP99Millis === null ? 'no sample'
    : `${hour.latenessP99Above ? '>' : '≤'} ${hour.latenessP99Millis} ms`;
  const notes = [];
  if (overview.activityPartial) notes.push('More namespaces were active in a minute than an instance tracks (500): the figures of the others are summed apart, shown to admin tokens only.');
  if (overview.countsPartial) notes.push('Timer counts are partial: an instance stopped counting at punctual.api.overview.counts-max-entries.');
  for (const instance of overview.instances.filter((i) => !i.answered)) {
    notes.push(`Instance ${instance.host} did not answer (${instance.problem || 'no answer'}): its figures are missing.`);
  }
  replace(body,
    el('p', { id: 'summary' }, `Last hour: ${hour.firings} firings, ${hour.failures} failures, `
      + `${hour.deadLetters} dead letters, lateness p99 ${p99} (${hour.latenessSamples} samples).`),
    notes.map((note) => el('p', { className: 'problem' }, note)),
    el('div', { className: 'charts' },
      barChart('chart-firings', 'Firings per minute', points('firings'), ''),
      barChart('chart-failures', 'Failures per minute', points('failures'), '', 'bad'),
      barChart('chart-dead-letters', 'Dead letters per minute', points('deadLetters'), '', 'bad'),
      lineChart('chart-lateness', 'Lateness p99 per minute (first attempts)', points('latenessP99Millis'), 'ms')),
    el('div', { className: 'charts' },
      stackedRows('chart-namespaces', 'Timers per namespace',
        overview.namespaces.map((n) => ({ label: n.namespace, values: [n.pending, n.paused] })), ['pending', 'paused']),
      partitionRows('chart-instances', 'Instances and their partitions (filled: active, outlined: standby)', overview.instances)),
    executors(overview.executors || []));
}

// The executors' own meters (admin tokens, when punctual.api.overview.executors names them).
function executors(list) {
  if (list.length === 0) return null;
  const reachable = list.filter((e) => e.reachable);
  return el('div', { className: 'charts', id: 'executors' },
    stackedRows('chart-executors', 'Executors: actions running / held',
      reachable.map((e) => ({ label: e.url, values: [e.inFlight || 0, e.held || 0] })), ['running', 'held']),
    el('figure', { className: 'figure' }, el('figcaption', {}, 'Executors: attempts since start'),
      el('ul', {}, list.map((e) => el('li', { 'data-url': e.url },
        e.reachable
          ? `${e.url}: ${Object.entries(e.calls || {}).map(([outcome, n]) => `${outcome} ${n}`).join(', ') || 'none'}${e.paused ? ' (consumption paused)' : ''}`
          : `${e.url}: not reachable (${e.problem || 'no answer'})`)))));
}

export function overviewPage(main) {
  const body = el('div', { id: 'overview' }, el('p', { className: 'note' }, 'Loading…'));
  const updated = el('span', { className: 'note', id: 'updated' });
  replace(main, el('h1', {}, 'Overview ', updated), body);
  let stopped = false;
  async function load() {
    try {
      const overview = await get('/overview');
      if (stopped) return;
      render(body, overview);
      updated.textContent = ` · updated ${new Date().toLocaleTimeString()}`;
    } catch (error) {
      if (!stopped) replace(body, problem(error));
      throw error;
    }
  }
  const timer = setInterval(() => load().catch(() => {}), REFRESH_MS);
  const dispose = () => {
    stopped = true;
    clearInterval(timer);
  };
  return { done: load(), dispose };
}
