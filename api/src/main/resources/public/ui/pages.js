import { call, get, query, session, ApiError } from './api.js';
import { el, replace, problem } from './dom.js';
import { scheduleWords } from './schedule-words.js';
import { instantItems, isoFromInput } from './time.js';

const PAGE = 25;

export function loginPage(main, done) {
  const token = el('input', { type: 'password', name: 'token', id: 'token', autocomplete: 'off', required: true });
  const message = el('div');
  const form = el('form', { className: 'login', id: 'login' },
    el('label', {}, 'API token', token),
    el('button', { type: 'submit', id: 'login-button' }, 'Log in'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    session.login(token.value);
    try {
      await get('/timers?limit=1');
      done();
    } catch (error) {
      session.logout();
      replace(message, problem(error));
    }
  });
  replace(main, el('h1', {}, 'Log in'),
    el('p', { className: 'note' }, 'The token is kept for this tab only (session storage).'),
    form, message);
}

export async function timersPage(main, parameters) {
  const namespace = parameters.get('namespace') || '';
  const label = parameters.get('label') || '';
  const prefix = parameters.get('prefix') || '';
  const after = parameters.get('after') || '';
  const form = el('form', { className: 'filters', id: 'filters' },
    el('label', {}, 'Namespace', el('input', { name: 'namespace', value: namespace })),
    el('label', {}, 'Label (key:value)', el('input', { name: 'label', value: label })),
    el('label', {}, 'Id starts with', el('input', { name: 'prefix', id: 'prefix', value: prefix })),
    el('label', {}, 'Ids after', el('input', { name: 'after', value: after })),
    el('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    location.hash = `#/timers?${new URLSearchParams([...data].filter(([, v]) => v))}`;
  });
  const body = el('tbody');
  const pager = el('div', { className: 'pager' });
  replace(main, el('h1', {}, 'Timers'), form,
    el('table', { id: 'timers' },
      el('thead', {}, el('tr', {}, ['Id', 'Namespace', 'Schedule', 'Next', 'Last outcome', 'State'].map((h) => el('th', {}, h)))),
      body),
    pager);
  try {
    const page = await get(query('/timers', { namespace, label, prefix, after, limit: PAGE }));
    for (const timer of page.timers) {
      const outcome = timer.lastOutcome;
      appendRow(body, timer, outcome);
    }
    if (page.timers.length === 0) body.append(el('tr', {}, el('td', { colspan: 6, className: 'note' }, 'No timer.')));
    if (page.next) {
      const next = new URLSearchParams([...Object.entries({ namespace, label, prefix, after: page.next })].filter(([, v]) => v));
      pager.append(el('a', { href: `#/timers?${next}`, id: 'next-page' }, 'Next page'));
    }
  } catch (error) {
    main.append(problem(error));
    throw error;
  }
}

function appendRow(body, timer, outcome) {
  const state = timer.paused ? 'paused' : timer.inFlight ? 'in flight' : '';
  body.append(el('tr', { 'data-id': timer.id },
    el('td', {}, el('a', { href: `#/timer/${encodeURIComponent(timer.id)}` }, timer.id)),
    el('td', {}, timer.namespace),
    el('td', {}, scheduleWords(timer.definition.schedule)),
    el('td', {}, timer.nextInstants[0] || '—'),
    el('td', {}, outcome ? el('span', { className: outcome.type === 'SUCCEEDED' ? 'badge ok' : 'badge bad' }, outcome.type) : '—'),
    el('td', {}, state)));
}

export async function timerPage(main, id, parameters) {
  const path = `/timers/${encodeURIComponent(id)}`;
  const message = el('div', { id: 'message' });
  replace(main, el('h1', {}, 'Timer ', el('span', { id: 'timer-id' }, id)), message);
  // a timer just created is accepted (202) before the scheduler has stored it: wait a moment
  let attempts = parameters && parameters.get('created') ? 30 : 1;
  let timer;
  while (!timer) {
    try {
      timer = await get(path);
    } catch (error) {
      attempts -= 1;
      if (!(error instanceof ApiError && error.status === 404 && attempts > 0)) {
        main.append(problem(error));
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
  const act = (label, method, suffix, confirmText, className) =>
    el('button', {
      type: 'button', className, id: `action-${label.toLowerCase().replace(/\s+/g, '-')}`,
      onclick: async () => {
        if (!confirm(confirmText)) return;
        try {
          const answer = await call(method, path + suffix);
          replace(message, el('div', { className: 'note' }, `${label}: done`, answer && answer.invocationId ? ` (${answer.invocationId})` : ''));
          if (method === 'DELETE') location.hash = '#/timers';
        } catch (error) {
          replace(message, problem(error));
        }
      },
    }, label);
  const history = el('tbody');
  const schedule = timer.definition.schedule || {};
  const zone = schedule.timeZone || 'UTC';
  const backfillFrom = el('input', { type: 'datetime-local', id: 'backfill-from', step: 1 });
  const backfillTo = el('input', { type: 'datetime-local', id: 'backfill-to', step: 1 });
  const backfill = el('form', { className: 'filters', id: 'backfill' },
    el('label', {}, 'Backfill from (your time)', backfillFrom),
    el('label', {}, 'to', backfillTo),
    el('button', { type: 'submit', className: 'secondary', id: 'action-backfill' }, 'Backfill'));
  backfill.addEventListener('submit', async (event) => {
    event.preventDefault();
    const range = { from: isoFromInput(backfillFrom.value), to: isoFromInput(backfillTo.value) };
    if (!confirm(`Fire ${id} once for each of its instants from ${range.from} to ${range.to}?`)) return;
    try {
      const answer = await call('POST', `${path}/backfill`, range);
      replace(message, el('div', { className: 'note' }, `Backfill: ${answer.count} firings requested`));
    } catch (error) {
      replace(message, problem(error));
    }
  });
  main.append(
    el('div', { className: 'actions' },
      timer.paused ? act('Resume', 'POST', '/resume', `Resume ${id}?`) : act('Pause', 'POST', '/pause', `Pause ${id}?`),
      act('Trigger now', 'POST', '/trigger', `Fire ${id} now?`),
      el('a', { href: `#/edit/${encodeURIComponent(id)}`, className: 'button secondary', id: 'action-edit' }, 'Edit'),
      act('Delete', 'DELETE', '', `Delete ${id}? Its state and history go.`, 'danger')),
    el('p', {}, scheduleWords(schedule), ' · namespace ', timer.namespace,
      timer.paused ? ' · paused' : '', timer.inFlight ? ' · in flight' : ''),
    el('h2', {}, `Next ${timer.nextInstants.length} instants (${zone})`),
    el('ol', { id: 'next' }, instantItems(timer.nextInstants, zone)),
    el('h2', {}, 'History'),
    el('table', { id: 'history' },
      el('thead', {}, el('tr', {}, ['At', 'Outcome', 'Attempt', 'Lateness', 'HTTP', 'Response'].map((h) => el('th', {}, h)))),
      history),
    el('h2', {}, 'Backfill a past range'),
    backfill,
    el('h2', {}, 'Definition'),
    el('pre', { id: 'definition' }, JSON.stringify(timer.definition, null, 2)));
  try {
    const events = await get(`${path}/invocations?limit=50`);
    for (const event of events.invocations || events.events || []) {
      history.append(el('tr', { 'data-type': event.type },
        el('td', {}, event.at), el('td', {}, event.type), el('td', {}, event.attempt ?? ''),
        el('td', {}, event.latenessMillis !== undefined ? `${event.latenessMillis} ms` : ''),
        el('td', {}, event.httpStatus ?? ''), el('td', {}, event.responseExcerpt || event.error || '')));
    }
  } catch (error) {
    main.append(problem(error));
    throw error;
  }
}

export { ApiError };
