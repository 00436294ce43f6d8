import { get, query } from './api.js';
import { el, replace, problem } from './dom.js';

export async function deadLettersPage(main, parameters) {
  const namespace = parameters.get('namespace') || '';
  const form = el('form', { className: 'filters', id: 'dead-letter-filters' },
    el('label', {}, 'Namespace', el('input', { name: 'namespace', value: namespace })),
    el('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/dead-letters?${new URLSearchParams([...new FormData(form)].filter(([, v]) => v))}`;
  });
  const body = el('tbody');
  replace(main, el('h1', {}, 'Dead letters'),
    el('p', { className: 'note' }, 'The newest records Punctual gave up on, newest first. Values are not shown: a rejected definition may hold secrets.'),
    form,
    el('table', { id: 'dead-letters' },
      el('thead', {}, el('tr', {}, ['At', 'Key', 'Namespace', 'Reason', 'Field', 'Origin'].map((h) => el('th', {}, h)))),
      body));
  try {
    const page = await get(query('/dead-letters', { namespace, limit: 100 }));
    for (const letter of page.deadLetters) {
      const id = letter.timerId || letter.key;
      body.append(el('tr', { 'data-key': letter.key ?? '' },
        el('td', {}, letter.at),
        el('td', {}, id ? el('a', { href: `#/timer/${encodeURIComponent(id)}` }, id) : '—'),
        el('td', {}, letter.namespace ?? '—'),
        el('td', { className: 'reason' }, letter.reason ?? ''),
        el('td', {}, letter.field ?? ''),
        el('td', {}, letter.originTopic ? `${letter.originTopic}-${letter.originPartition}@${letter.originOffset}` : '')));
    }
    if (page.partial) main.append(el('p', { className: 'note', id: 'dead-letters-partial' }, 'Only the newest records of each partition were read (punctual.api.dead-letters.max-scan): older letters may exist.'));
    if (page.deadLetters.length === 0) body.append(el('tr', {}, el('td', { colspan: 6, className: 'note' }, 'No dead letter.')));
  } catch (error) {
    main.append(problem(error));
    throw error;
  }
}
