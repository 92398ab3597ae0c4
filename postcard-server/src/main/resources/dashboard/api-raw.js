// Requests that api.js's JSON helper does not make: a CSV body, a CSV answer, a response read as a stream.
// Same rules: this origin only, the key in the Authorization header (never in a URL), problems shown as api.js does.

import { ApiError, apiBase, session, showError } from './api.js';

/** The headers every /v1 request carries: the key, and the tenant an admin key acts for. */
export function authHeaders(extra = {}) {
  const headers = { Authorization: `Bearer ${session.key()}`, ...extra };
  if (session.tenant()) headers['X-Tenant-ID'] = session.tenant();
  return headers;
}

export function apiUrl(path, query = {}) {
  const url = new URL(apiBase + path, location.origin);
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, value);
  }
  return url;
}

/**
 * Sends one request and answers the Response when it is 2xx. Otherwise the problem is read, shown (unless its
 * status is in `quiet`) and thrown as ApiError; a 401 also ends the session.
 */
export async function rawRequest(method, path, { query, headers = {}, body, signal, quiet = [] } = {}) {
  let res;
  try {
    res = await fetch(apiUrl(path, query), {
      method, headers: authHeaders(headers), body, signal, credentials: 'omit', cache: 'no-store', redirect: 'error',
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    const error = new ApiError(0, { title: 'Network error', detail: `the server did not answer (${e.message})` });
    if (!quiet.includes(0)) showError(error);
    throw error;
  }
  if (res.ok) return res;
  throw await problem(res, quiet);
}

async function problem(res, quiet) {
  const text = await res.text().catch(() => '');
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  const error = new ApiError(res.status, json && typeof json === 'object' ? json
    : { title: `HTTP ${res.status}`, detail: text.slice(0, 300) });
  error.retryAfter = Number(res.headers.get('Retry-After')) || 0;
  if (!quiet.includes(res.status)) showError(error);
  if (res.status === 401) {
    // As api.js does: the key is no longer taken. The router shows the sign-in form for a session without one.
    session.end();
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  }
  return error;
}
