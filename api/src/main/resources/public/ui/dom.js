// Builds elements from values as text only: nothing from a definition is ever parsed as markup.
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.substring(2), value);
    else if (name === 'className') element.className = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export function replace(container, ...children) {
  container.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined));
}

// A problem document (RFC 9457) of the API, or any error, shown as text.
export function problem(error) {
  const body = error && error.problem;
  const text = body
    ? [body.title, body.detail, body.field ? `field: ${body.field}` : null].filter(Boolean).join('\n')
    : String(error && error.message ? error.message : error);
  return el('div', { className: 'problem', role: 'alert' }, text);
}
