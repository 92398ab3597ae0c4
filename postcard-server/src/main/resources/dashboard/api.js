// The one way the dashboard talks to Postcard: the public /v1 API, with the key the user typed, on this origin.

const KEY = 'postcard.key';
const TENANT = 'postcard.tenant';
const ADMIN = 'postcard.admin';

// The API lives where the dashboard does, minus "/dashboard...": the server's base path (e.g. /api) comes along.
export const apiBase = location.pathname.slice(0, location.pathname.lastIndexOf('/dashboard'));

/** An answer other than 2xx, with the RFC 9457 problem's fields when the server sent one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.title = problem.title || `HTTP ${status}`;
    this.detail = problem.detail || '';
    this.field = problem.field || '';
  }
}

// sessionStorage, not localStorage: the key dies with the tab, and it never goes into a URL.
export const session = {
  key: () => sessionStorage.getItem(KEY),
  tenant: () => sessionStorage.getItem(TENANT),
  isAdmin: () => sessionStorage.getItem(ADMIN) === 'true',
  start(key, admin) {
    sessionStorage.setItem(KEY, key);
    sessionStorage.setItem(ADMIN, String(admin));
    sessionStorage.removeItem(TENANT);
  },
  setTenant(id) {
    if (id) sessionStorage.setItem(TENANT, id); else sessionStorage.removeItem(TENANT);
  },
  end() {
    [KEY, TENANT, ADMIN].forEach((k) => sessionStorage.removeItem(k));
  },
};

let signedOut = () => {};
/** What to do when the server no longer takes the key (401): the app shows the sign-in form again. */
export function onSignedOut(handler) {
  signedOut = handler;
}

/**
 * Sends one request and answers the parsed JSON (null for 204). A failure is shown in the error area and thrown
 * as ApiError; `quiet` lists statuses the caller expects and handles itself, or is true for a request whose
 * failure is not worth an error box (a detail fetched beside the page). `key` overrides the session's key
 * (checking a key before signing in with it).
 */
export async function request(method, path, { query, body, key, quiet = [] } = {}) {
  const shown = (status) => quiet !== true && !quiet.includes(status);
  const url = new URL(apiBase + path, location.origin);
  for (const [name, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, value);
  }
  const headers = { Accept: 'application/json', Authorization: `Bearer ${key ?? session.key()}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (key === undefined && session.tenant()) headers['X-Tenant-ID'] = session.tenant();
  let res;
  try {
    res = await fetch(url, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit', cache: 'no-store', redirect: 'error',
    });
  } catch (e) {
    const error = new ApiError(0, { title: 'Network error', detail: `the server did not answer (${e.message})` });
    if (shown(0)) showError(error);
    throw error;
  }
  if (res.status === 204) return null;
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (res.ok) return json;
  const error = new ApiError(res.status, json && typeof json === 'object' ? json
    : { title: `HTTP ${res.status}`, detail: text.slice(0, 300) });
  if (shown(res.status)) showError(error);
  if (res.status === 401 && key === undefined) {
    session.end();
    signedOut(error);
  }
  throw error;
}

export const api = {
  get: (path, query, options) => request('GET', path, { ...options, query }),
  post: (path, body, options) => request('POST', path, { ...options, body }),
  patch: (path, body, options) => request('PATCH', path, { ...options, body }),
  del: (path, options) => request('DELETE', path, options),
};

/** Shows an error (an ApiError's title, detail and field, or any other error's message) until the next action. */
export function showError(error) {
  const area = document.getElementById('errors');
  const box = document.createElement('div');
  box.className = 'error';
  const title = document.createElement('strong');
  title.textContent = error instanceof ApiError ? `${error.title} (${error.status || 'no answer'})` : 'Error';
  box.append(title);
  const detail = document.createElement('span');
  detail.textContent = ` ${error instanceof ApiError ? error.detail : error.message}`;
  box.append(detail);
  if (error.field) {
    const field = document.createElement('span');
    field.className = 'error-field';
    field.textContent = ` field: ${error.field}`;
    box.append(field);
  }
  area.append(box);
}

export function clearErrors() {
  document.getElementById('errors').replaceChildren();
}
