import { call, get, query } from './api.js';
import { el, replace, problem } from './dom.js';
import { instantItems } from './time.js';

const REDACTED = '<redacted>';

const KINDS = ['cron', 'at', 'after', 'every'];

// The create page, or with `editId` the edit page of that timer: the form changes the schedule and
// the HTTP target's URL, method and body, and keeps every other field of the definition as read.
// Header values the API shows redacted must be entered again: the marker is no value.
export async function createPage(main, editId) {
  let original = null;
  if (editId) {
    replace(main, el('h1', {}, 'Edit ', editId));
    try {
      original = (await get(`/timers/${encodeURIComponent(editId)}`)).definition;
    } catch (error) {
      main.append(problem(error));
      throw error;
    }
  }
  timerForm(main, editId, original);
}

// The target of a definition, whichever its kind.
function targetOf(definition) {
  const target = definition.target || {};
  return target.http || target.kafka || {};
}

function kindOf(schedule) {
  return KINDS.find((kind) => schedule && schedule[kind] !== undefined && schedule[kind] !== null) || 'cron';
}

function timerForm(main, editId, original) {
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
  const secrets = {};
  if (original) {
    const schedule = original.schedule || {};
    const http = original.target && original.target.http;
    inputs.id.value = editId;
    inputs.id.disabled = true;
    inputs.namespace.value = original.namespace || 'default';
    inputs.namespace.disabled = true;
    inputs.kind.value = kindOf(schedule);
    inputs.expression.value = schedule[inputs.kind.value] ?? '';
    if (schedule.dialect) inputs.dialect.value = schedule.dialect;
    inputs.timeZone.value = schedule.timeZone || 'UTC';
    if (http) {
      inputs.url.value = http.url || '';
      inputs.method.value = http.method || 'POST';
      inputs.body.value = http.body || '';
    } else {
      for (const input of [inputs.url, inputs.method, inputs.body]) input.disabled = true;
    }
    for (const [name, value] of Object.entries(targetOf(original).headers || {})) {
      if (value === REDACTED) secrets[name] = el('input', { type: 'password', required: true, autocomplete: 'off', id: `f-secret-${name}` });
    }
  }
  const from = el('input', { type: 'datetime-local', name: 'from', id: 'f-from' });
  const preview = el('ol', { id: 'preview' });
  const previewError = el('div', { id: 'preview-error' });
  const json = el('pre', { id: 'json' });
  const message = el('div', { id: 'create-message' });

  function definition() {
    const kind = inputs.kind.value;
    const value = inputs.expression.value.trim();
    const kept = original && kindOf(original.schedule) === kind ? original.schedule : {};
    const schedule = kind === 'cron'
      ? { ...kept, cron: value, dialect: inputs.dialect.value, timeZone: inputs.timeZone.value.trim() || 'UTC' }
      : { ...kept, [kind]: value };
    if (!original) {
      const http = { url: inputs.url.value.trim(), method: inputs.method.value };
      if (inputs.body.value) http.body = inputs.body.value;
      return { namespace: inputs.namespace.value.trim() || 'default', schedule, target: { http } };
    }
    const sent = { ...original, schedule };
    const targetKind = original.target && original.target.http ? 'http' : 'kafka';
    const target = { ...targetOf(original) };
    target.headers = { ...(target.headers || {}) };
    for (const [name, input] of Object.entries(secrets)) target.headers[name] = input.value ? '(entered, not shown)' : REDACTED;
    if (targetKind === 'http') Object.assign(target, { url: inputs.url.value.trim(), method: inputs.method.value, body: inputs.body.value || null });
    sent.target = { [targetKind]: target };
    return sent;
  }

  // What is sent: the entered secrets in place of the text the JSON view shows for them.
  function sendable() {
    const sent = definition();
    if (original) {
      const target = targetOf(sent);
      for (const [name, input] of Object.entries(secrets)) target.headers[name] = input.value;
    }
    return sent;
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
      : kind === 'at' ? { at: sent.schedule.at, count: 10 } : { every: sent.schedule.every, startAt: sent.schedule.startAt, count: 10 };
    if (from.value) parameters.from = new Date(from.value).toISOString();
    try {
      const answer = await get(query('/schedules/preview', parameters));
      const zone = kind === 'cron' ? sent.schedule.timeZone : 'UTC';
      replace(previewError);
      replace(preview, instantItems(answer.instants, zone));
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

  const secretFields = Object.entries(secrets).map(([name, input]) =>
    field(`target.${original.target && original.target.http ? 'http' : 'kafka'}.headers.${name}`, `Header ${name} (hidden in answers: enter it again)`, input));
  const form = el('form', { id: 'create' },
    el('div', { className: 'filters' }, field('id', 'Timer id', inputs.id), field('namespace', 'Namespace', inputs.namespace)),
    el('div', { className: 'filters' }, field('schedule', 'Schedule', inputs.kind), field('schedule.cron', 'Expression, instant or duration', inputs.expression),
      field('schedule.dialect', 'Dialect', inputs.dialect), field('schedule.timeZone', 'Time zone', inputs.timeZone)),
    el('div', { className: 'filters' }, field('target.http.url', 'URL', inputs.url), field('target.http.method', 'Method', inputs.method),
      field('target.http.body', 'Body', inputs.body)),
    secretFields.length ? el('div', { className: 'filters' }, secretFields) : null,
    original && !(original.target && original.target.http)
      ? el('p', { className: 'note' }, 'This timer\'s target is not HTTP: the form changes its schedule only.') : null,
    el('button', { type: 'submit', id: 'create-button' }, original ? 'Save' : 'Create'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const span of form.querySelectorAll('.field-error')) span.textContent = '';
    const id = inputs.id.value.trim();
    if (original && !confirm(`Replace the definition of ${id}?`)) return;
    try {
      await call('PUT', `/timers/${encodeURIComponent(id)}`, sendable());
      location.hash = `#/timer/${encodeURIComponent(id)}?created=1`;
    } catch (error) {
      replace(message, problem(error));
      const at = error.problem && error.problem.field;
      const label = at && (form.querySelector(`[data-field="${CSS.escape(at)}"]`) || form.querySelector(`[data-field="${CSS.escape(at.split('.')[0])}"]`));
      if (label) label.querySelector('.field-error').textContent = error.problem.detail || 'invalid';
    }
  });
  replace(main, el('h1', {}, original ? `Edit ${editId}` : 'Create a timer'), form, message,
    el('h2', {}, 'Next instants'), el('label', {}, 'From (default: now)', from), previewError, preview,
    el('h2', {}, 'The JSON the form sends'), json);
  refresh();
}
