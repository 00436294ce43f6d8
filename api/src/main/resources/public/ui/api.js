// The REST API, with the token kept in session storage (never in a URL).
const TOKEN = 'punctual.token';

export const session = {
  token: () => sessionStorage.getItem(TOKEN),
  login: (token) => sessionStorage.setItem(TOKEN, token),
  logout: () => sessionStorage.removeItem(TOKEN),
};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && problem.detail ? problem.detail : `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  const token = session.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null;
  }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

export const get = (path) => call('GET', path);

export function query(path, parameters) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== null && value !== '') search.append(name, value);
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}
