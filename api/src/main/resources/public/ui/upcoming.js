import { get, query } from './api.js';
import { el, replace, problem } from './dom.js';
import { timeline } from './chart.js';

const HOUR_MS = 60 * 60 * 1000;

export async function upcomingPage(main) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const from = Date.now();
  const to = from + HOUR_MS;
  const chart = el('div', { id: 'upcoming-chart' });
  const body = el('tbody');
  const summary = el('p', { id: 'upcoming-summary', className: 'note' });
  replace(main, el('h1', {}, 'Upcoming'), summary, chart,
    el('table', { id: 'upcoming' },
      el('thead', {}, el('tr', {}, ['Due', 'Timer', 'Namespace', 'Attempt'].map((h) => el('th', {}, h)))),
      body));
  try {
    const answer = await get(query('/upcoming', { until: new Date(to).toISOString(), limit: 1000 }));
    const firings = answer.firings;
    summary.textContent = `${firings.length}${firings.length === 1000 ? '+' : ''} firings due in the next hour (times in ${zone}).`;
    replace(chart, timeline('chart-upcoming', 'Firings due in the next hour', firings, from, to, zone));
    for (const firing of firings.slice(0, 100)) {
      body.append(el('tr', { 'data-timer': firing.timerId },
        el('td', {}, firing.dueAt),
        el('td', {}, el('a', { href: `#/timer/${encodeURIComponent(firing.timerId)}` }, firing.timerId)),
        el('td', {}, firing.namespace ?? ''),
        el('td', {}, firing.attempt)));
    }
    if (firings.length === 0) body.append(el('tr', {}, el('td', { colspan: 4, className: 'note' }, 'Nothing due in the next hour.')));
  } catch (error) {
    main.append(problem(error));
    throw error;
  }
}
