import { call, get, query } from './api.js';
import { el, replace, problem } from './dom.js';

const KINDS = ['cron', 'at', 'after', 'every'];

// The offset of a zone at an instant, as Intl gives it ("GMT+1").
function offset(instant, zone) {
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'shortOffset' })
      .formatToParts(new Date(instant));
    return parts.find((p) => p.type === 'timeZoneName').value;
  } catch (e) {
    return '';
  }
}

function local(instant, zone) {
  try {
    return new Intl.DateTimeFormat('sv-SE', {
      timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    }).format(new Date(instant));
  } catch (e) {
    return instant;
  }
}

export function createPage(main) {
  const field = (name, label, input) => el('label', { 'data-field': name }, label, input, el('span', { className: 'field-error' }));
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const inputs = {
    id: el('input', { name: 'id', id: 'f-id', required: true }),
    namespace: el('input', { name: 'namespace', id: 'f-namespace', value: 'default' }),
    kind: el('select', { name: 'kind', id: 'f-kind' }, KINDS.map((k) => el('option', { value: k }, k))),
    expression: el('input', { name: 'expression', id: 'f-expression', value: '0 9 * * MON-FRI', size: 30 }),
    dialect: el('select', { name: 'dialect', id: 'f-dialect' }, ['AUTO', 'UNIX', 'QUARTZ', 'SPRING'].map((d) => el('option', { value: d }, d))),
    timeZone: el('input', { name: 'timeZone', id: 'f-zone', value: browserZone }),
    url: el('input', { name: 'url', id: 'f-url', size: 40, placeholder: 'https://…' }),
    method: el('select', { name: 'method', id: 'f-method' }, ['POST', 'GET', 'PUT', 'PATCH', 'DELETE'].map((m) => el('option', { value: m }, m))),
    body: el('textarea', { name: 'body', id: 'f-body', rows: 3, cols: 40 }),
  };
  const from = el('input', { type: 'datetime-local', name: 'from', id: 'f-from' });
  const preview = el('ol', { id: 'preview' });
  const previewError = el('div', { id: 'preview-error' });
  const json = el('pre', { id: 'json' });
  const message = el('div', { id: 'create-message' });

  function definition() {
    const kind = inputs.kind.value;
    const value = inputs.expression.value.trim();
    const schedule = kind === 'cron'
      ? { cron: value, dialect: inputs.dialect.value, timeZone: inputs.timeZone.value.trim() || 'UTC' }
      : { [kind]: value };
    const http = { url: inputs.url.value.trim(), method: inputs.method.value };
    if (inputs.body.value) http.body = inputs.body.value;
    return { namespace: inputs.namespace.value.trim() || 'default', schedule, target: { http } };
  }

  let pending;
  async function refresh() {
    const sent = definition();
    json.textContent = JSON.stringify(sent, null, 2);
    const kind = inputs.kind.value;
    if (kind === 'after') {
      replace(preview, el('li', {}, `${inputs.expression.value} after the timer is defined`));
      replace(previewError);
      return;
    }
    const parameters = kind === 'cron'
      ? { cron: sent.schedule.cron, dialect: sent.schedule.dialect, timeZone: sent.schedule.timeZone, count: 10 }
      : kind === 'at' ? { at: sent.schedule.at, count: 10 } : { every: sent.schedule.every, count: 10 };
    if (from.value) parameters.from = new Date(from.value).toISOString();
    try {
      const answer = await get(query('/schedules/preview', parameters));
      const zone = kind === 'cron' ? sent.schedule.timeZone : 'UTC';
      let previous = null;
      replace(previewError);
      replace(preview, answer.instants.map((instant) => {
        const now = offset(instant, zone);
        const shifted = previous !== null && now !== previous;
        previous = now;
        return el('li', { className: shifted ? 'dst' : null },
          `${local(instant, zone)} ${now} (${instant})`, shifted ? el('span', { className: 'badge' }, ' offset changes (DST)') : null);
      }));
    } catch (error) {
      replace(preview);
      replace(previewError, problem(error));
    }
  }
  const schedule = () => {
    clearTimeout(pending);
    pending = setTimeout(refresh, 250);
  };
  Object.values(inputs).forEach((input) => input.addEventListener('input', schedule));
  from.addEventListener('input', schedule);

  const form = el('form', { id: 'create' },
    el('div', { className: 'filters' }, field('id', 'Timer id', inputs.id), field('namespace', 'Namespace', inputs.namespace)),
    el('div', { className: 'filters' }, field('schedule', 'Schedule', inputs.kind), field('schedule.cron', 'Expression, instant or duration', inputs.expression),
      field('schedule.dialect', 'Dialect', inputs.dialect), field('schedule.timeZone', 'Time zone', inputs.timeZone)),
    el('div', { className: 'filters' }, field('target.http.url', 'URL', inputs.url), field('target.http.method', 'Method', inputs.method),
      field('target.http.body', 'Body', inputs.body)),
    el('button', { type: 'submit', id: 'create-button' }, 'Create'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const span of form.querySelectorAll('.field-error')) span.textContent = '';
    const id = inputs.id.value.trim();
    try {
      await call('PUT', `/timers/${encodeURIComponent(id)}`, definition());
      location.hash = `#/timer/${encodeURIComponent(id)}?created=1`;
    } catch (error) {
      replace(message, problem(error));
      const at = error.problem && error.problem.field;
      const label = at && (form.querySelector(`[data-field="${CSS.escape(at)}"]`) || form.querySelector(`[data-field="${CSS.escape(at.split('.')[0])}"]`));
      if (label) label.querySelector('.field-error').textContent = error.problem.detail || 'invalid';
    }
  });
  replace(main, el('h1', {}, 'Create a timer'), form, message,
    el('h2', {}, 'Next instants'), el('label', {}, 'From (default: now)', from), previewError, preview,
    el('h2', {}, 'The JSON the form sends'), json);
  refresh();
}
