import { session, ApiError, query } from './api.js';
import { el, replace, problem } from './dom.js';

const MAX_ROWS = 200;
const TYPES = ['', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'RETRY_SCHEDULED', 'DEAD_LETTERED', 'STARTED',
  'CANCELLED', 'COMPLETED', 'MISFIRED', 'SKIPPED', 'REJECTED'];

// Reads a text/event-stream answer with fetch (EventSource cannot send the token in a header),
// calling onEvent(name, data, id) for each event.
async function readEvents(response, onEvent) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.substring(0, end);
      buffer = buffer.substring(end).replace(/^\r?\n\r?\n/, '');
      let name = 'message';
      let id = null;
      const data = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith('event:')) name = line.substring(6).trim();
        else if (line.startsWith('data:')) data.push(line.substring(5).replace(/^ /, ''));
        else if (line.startsWith('id:')) id = line.substring(3).trim();
      }
      onEvent(name, data.join('\n'), id);
    }
  }
}

function row(event) {
  const bad = ['FAILED', 'TIMED_OUT', 'DEAD_LETTERED', 'REJECTED'].includes(event.type);
  return el('tr', { 'data-timer': event.timerId, 'data-type': event.type },
    el('td', {}, event.at),
    el('td', {}, el('a', { href: `#/timer/${encodeURIComponent(event.timerId)}` }, event.timerId)),
    el('td', {}, event.namespace ?? ''),
    el('td', {}, el('span', { className: bad ? 'badge bad' : event.type === 'SUCCEEDED' ? 'badge ok' : 'badge' }, event.type)),
    el('td', {}, event.attempt ?? ''),
    el('td', {}, event.latenessMillis !== undefined && event.latenessMillis !== null ? `${event.latenessMillis} ms` : ''),
    el('td', {}, event.httpStatus ?? ''),
    el('td', {}, event.error || event.responseExcerpt || ''));
}

export function livePage(main, parameters) {
  const namespace = parameters.get('namespace') || '';
  const timer = parameters.get('timer') || '';
  const type = parameters.get('type') || '';
  const form = el('form', { className: 'filters', id: 'live-filters' },
    el('label', {}, 'Namespace', el('input', { name: 'namespace', value: namespace })),
    el('label', {}, 'Timer', el('input', { name: 'timer', value: timer })),
    el('label', {}, 'Outcome', el('select', { name: 'type', id: 'live-type' },
      TYPES.map((t) => el('option', { value: t, selected: t === type }, t || 'any')))),
    el('button', { type: 'submit' }, 'Watch'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/live?${new URLSearchParams([...new FormData(form)].filter(([, v]) => v))}`;
  });
  const state = el('span', { id: 'live-state', className: 'badge' }, 'connecting');
  const message = el('div');
  const body = el('tbody');
  replace(main, el('h1', {}, 'Live activity ', state), form, message,
    el('table', { id: 'live' },
      el('thead', {}, el('tr', {}, ['At', 'Timer', 'Namespace', 'Outcome', 'Attempt', 'Lateness', 'HTTP', 'Error or response'].map((h) => el('th', {}, h)))),
      body));
  const controller = new AbortController();
  const headers = { Accept: 'text/event-stream', Authorization: `Bearer ${session.token()}` };
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  // Opens the stream; a 503 (this token's streams are all open: one a reload left is released
  // at its next heartbeat) is tried again a few times.
  async function open() {
    for (let attempt = 1; ; attempt += 1) {
      const response = await fetch(query('/events', { namespace, timer, type }), { headers, signal: controller.signal });
      if (response.ok) return response;
      let json = null;
      try {
        json = await response.json();
      } catch (e) {
        json = null;
      }
      const error = new ApiError(response.status, json);
      if (response.status !== 503 || attempt >= 10) throw error;
      state.textContent = 'waiting for a free stream';
      replace(message, el('p', { className: 'note' }, error.message));
      await pause(2000);
    }
  }
  const done = (async () => {
    const response = await open();
    replace(message);
    await readEvents(response, (name, data) => {
      if (name === 'ready') {
        state.textContent = 'live';
        state.className = 'badge ok';
      } else if (name !== 'heartbeat') {
        body.prepend(row(JSON.parse(data)));
        while (body.rows.length > MAX_ROWS) body.deleteRow(-1);
      }
    });
    state.textContent = 'ended';
    state.className = 'badge bad';
  })().catch((error) => {
    if (controller.signal.aborted) return;
    state.textContent = 'stopped';
    state.className = 'badge bad';
    replace(message, problem(error));
    throw error;
  });
  return { done, dispose: () => controller.abort() };
}
