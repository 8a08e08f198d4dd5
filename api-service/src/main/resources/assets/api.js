// Talks to /api/v1. The browser proves who it is with the session cookie (ct_session, HttpOnly); every
// POST/PUT/DELETE also sends X-CSRF-Token, copied from the readable ct_csrf cookie (double submit).
// GETs are conditional (ETag / If-None-Match) so polling stays cheap, and failures become
// ApiError / NetworkError objects that the pages turn into plain words. A 401 from any API call
// (other than a wrong password) fires a `ct:unauthenticated` event on window: auth.js shows the
// sign-in screen instead of an error.

/** The server answered with an error status. `code` and `message` come from its JSON body when present. */
export class ApiError extends Error {
  constructor(status, body, retryAfterMs = null) {
    super((body && body.message) || fallbackMessage(status));
    this.name = 'ApiError';
    this.status = status;
    this.code = (body && body.error) || `http_${status}`;
    this.body = body;
    this.retryAfterMs = retryAfterMs;
  }

  /** Worth trying again later (server trouble or rate limit), as opposed to "this request is wrong". */
  get transient() {
    return this.status >= 500 || this.status === 429 || this.status === 408;
  }
}

/** The request never got an answer (offline, server down, connection cut). */
export class NetworkError extends Error {
  constructor(message = 'We could not reach the server. Check your connection; we will keep trying.') {
    super(message);
    this.name = 'NetworkError';
    this.transient = true;
  }
}

/** Used when the server (or a proxy in front of it) answers without our JSON error body. */
function fallbackMessage(status) {
  switch (status) {
    case 400: return 'The request was not accepted. Please check the file and try again.';
    case 401: return 'You are signed out. Sign in again to continue.';
    case 403: return 'You are not allowed to do this. Reload the page and try again.';
    case 404: return 'We could not find this session. It may belong to another coach, or the link is incomplete.';
    case 409: return 'That is not possible in the session’s current state. The page has been refreshed.';
    case 413: return 'This file is too large to upload. Split the recording into shorter parts and upload each one.';
    case 415: return 'This file type is not supported. Upload the recording as MP3, M4A, WAV, FLAC, OGG or WebM.';
    case 422: return 'We could not read this file as audio. Export the recording again and upload the new file.';
    case 429: return 'The server is busy. We will try again in a moment.';
    case 507: return 'We are short of storage space on our side. Nothing is wrong with your file: upload it again in a few minutes.';
    default:
      return status >= 500
        ? 'Something went wrong on our side. Please try again in a few minutes.'
        : `The request failed (HTTP ${status}). Please try again.`;
  }
}

function parseRetryAfter(value) {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value); // Retry-After may also be an HTTP date
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : null;
}

// Server time minus local time, from the Date header: ETAs are instants on the server's clock,
// and a laptop clock a few minutes off would otherwise make "About 3 min left" wrong.
let clockSkewMs = 0;
function noteServerDate(response) {
  const d = Date.parse(response.headers.get('Date') || '');
  if (Number.isFinite(d)) clockSkewMs = d - Date.now();
}
/** "Now" on the server's clock (to within the Date header's one-second resolution). */
export const serverNow = () => Date.now() + clockSkewMs;

// ---------- who is signed in ----------

const CSRF_COOKIE = 'ct_csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
let signedInCoach; // coach_id of the last /me answer; undefined until known

/** The ct_csrf cookie's value ('' when there is none), sent back as X-CSRF-Token. */
export function csrfToken() {
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === CSRF_COOKIE) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return part.slice(eq + 1).trim();
      }
    }
  }
  return '';
}

/**
 * Records who is signed in (null: nobody). Cached bodies belong to one coach: they are dropped
 * whenever that changes, so another coach's sessions are never shown from the cache.
 */
export function setSignedInCoach(coachId) {
  const id = coachId || null;
  if (signedInCoach !== undefined && signedInCoach !== id) etagCache.clear();
  if (!id) etagCache.clear();
  signedInCoach = id;
}

/** Tells the page that the API no longer knows this browser (session expired or signed out elsewhere). */
function notifyUnauthenticated(error) {
  setSignedInCoach(null);
  window.dispatchEvent(new CustomEvent('ct:unauthenticated', { detail: error }));
}

function headers(method = 'GET', extra = {}) {
  const h = { Accept: 'application/json', ...extra };
  if (UNSAFE.has(method)) {
    const csrf = csrfToken();
    if (csrf) h['X-CSRF-Token'] = csrf;
  }
  return h;
}

async function readJson(response) {
  const type = response.headers.get('Content-Type') || '';
  if (!type.includes('json')) return null;
  try {
    return await response.json();
  } catch {
    return null;
  }
}

async function send(url, init) {
  let response;
  try {
    // no-store: the browser must not answer from, or revalidate with, its own cache;
    // we do conditional requests ourselves so that a 304 reaches this code.
    response = await fetch(url, { cache: 'no-store', credentials: 'same-origin', ...init });
  } catch {
    throw new NetworkError();
  }
  noteServerDate(response);
  return response;
}

/**
 * Throws the ApiError for a failed response. A 401 is "you are not signed in" except when the
 * server says the password was wrong (invalid_credentials); the former also fires ct:unauthenticated
 * unless the caller handles it itself (quiet401, used by /me and the sign-in forms).
 */
function errorFrom(status, body, retryAfter, quiet401 = false) {
  const error = new ApiError(status, body, parseRetryAfter(retryAfter));
  if (status === 401 && !quiet401 && error.code !== 'invalid_credentials') notifyUnauthenticated(error);
  return error;
}

async function failFrom(response, quiet401 = false) {
  const body = await readJson(response);
  throw errorFrom(response.status, body, response.headers.get('Retry-After'), quiet401);
}

// url -> { etag, body }. A 304 means "same as last time", so the last body is reused.
const etagCache = new Map();

/** GET JSON, conditionally when we hold an ETag for the URL. */
export async function getJson(url, { quiet401 = false } = {}) {
  const cached = etagCache.get(url);
  const extra = cached ? { 'If-None-Match': cached.etag } : {};
  const response = await send(url, { headers: headers('GET', extra) });
  if (response.status === 304 && cached) return cached.body;
  if (!response.ok) await failFrom(response, quiet401);
  const body = await readJson(response);
  if (body === null) throw new ApiError(response.status, { message: 'The server sent an unexpected answer. Please reload the page.' });
  const etag = response.headers.get('ETag');
  if (etag) etagCache.set(url, { etag, body });
  else etagCache.delete(url);
  return body;
}

/** POST (or another unsafe method) with an optional JSON body; resolves with the JSON answer or null (204). */
export async function sendJson(method, url, data, { quiet401 = false } = {}) {
  const init = { method, headers: headers(method) };
  if (data !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(data);
  }
  const response = await send(url, init);
  if (!response.ok) await failFrom(response, quiet401);
  return readJson(response);
}

export const postJson = (url, data, options) => sendJson('POST', url, data, options);

// ---------- sign-in (auth.js, set-password.js, settings.js) ----------

/** {mode: local|oidc|header, signup: open|closed, oidc_login_url}; needs no credential. */
export const getAuthConfig = () => getJson('/api/v1/auth/config', { quiet401: true });

/** The signed-in coach {coach_id, email, name, role, auth}; rejects with a 401 ApiError when signed out. */
export async function getMe() {
  try {
    const me = await getJson('/api/v1/me', { quiet401: true });
    setSignedInCoach(me.coach_id);
    return me;
  } catch (e) {
    if (e.status === 401) setSignedInCoach(null);
    throw e;
  }
}

async function signedIn(promise) {
  const coach = await promise;
  if (coach && coach.coach_id) setSignedInCoach(coach.coach_id);
  return coach;
}

export const signUp = ({ email, password, name }) =>
  signedIn(postJson('/api/v1/auth/signup', { email, password, name }, { quiet401: true }));
export const logIn = ({ email, password }) =>
  signedIn(postJson('/api/v1/auth/login', { email, password }, { quiet401: true }));
/** Sets the password from an operator's one-time link; signs in as that coach. */
export const setPasswordWithLink = ({ token, password }) =>
  signedIn(postJson('/api/v1/auth/password', { token, password }, { quiet401: true }));

export async function logOut() {
  try {
    await postJson('/api/v1/auth/logout', undefined, { quiet401: true });
  } catch (e) {
    if (e.status !== 401) throw e; // already signed out: that is what was asked
  } finally {
    setSignedInCoach(null);
  }
}

/** 401 here means a wrong current password (invalid_credentials), which is not a sign-out. */
export const changePassword = ({ currentPassword, newPassword }) =>
  postJson('/api/v1/me/password', { current_password: currentPassword, new_password: newPassword });

// ---------- personal access tokens (settings.js) ----------

export const listTokens = () => getJson('/api/v1/tokens');
/** {id, name, token, created_at}: the token itself is in this answer only. */
export const createToken = (name) => postJson('/api/v1/tokens', { name });
export const revokeToken = (id) => sendJson('DELETE', `/api/v1/tokens/${encodeURIComponent(id)}`);

// ---------- sessions ----------

const sessionUrl = (id, tail = '') => `/api/v1/sessions/${encodeURIComponent(id)}${tail}`;

export const getStatus = (id) => getJson(sessionUrl(id, '/status'));
export const getHistory = (id) => getJson(sessionUrl(id, '/history'));
export const retrySession = (id) => postJson(sessionUrl(id, '/retry'));
export const cancelSession = (id) => postJson(sessionUrl(id, '/cancel'));
/** Deletes a finished session with its recording and transcript (frees the storage quota); null (204). */
export const deleteSession = (id) => sendJson('DELETE', sessionUrl(id));

export function listSessions({ status, limit, cursor } = {}) {
  const q = new URLSearchParams();
  if (status) q.set('status', status);
  if (limit) q.set('limit', String(limit));
  if (cursor) q.set('cursor', cursor);
  const qs = q.toString();
  return getJson(`/api/v1/sessions${qs ? `?${qs}` : ''}`);
}

/** The transcript as a Blob (saved with a file name of our choosing, so a plain link would not do). */
export async function getTranscript(id, format) {
  const response = await send(sessionUrl(id, `/transcript?format=${encodeURIComponent(format)}`), {
    headers: headers('GET', { Accept: '*/*' }),
  });
  if (!response.ok) await failFrom(response);
  return response.blob();
}

/** Hands a Blob to the browser as a file download. */
export function saveBlob(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some browsers; a minute is plenty.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Uploads an audio file with XMLHttpRequest, because fetch() cannot report upload progress.
 * onProgress(sentBytes, totalBytes). Returns { promise, abort }; the promise resolves with the
 * created session's status body and rejects with ApiError / NetworkError / an AbortError.
 */
export function uploadAudio(file, title, onProgress) {
  const xhr = new XMLHttpRequest();
  const promise = new Promise((resolve, reject) => {
    const form = new FormData();
    form.append('audio', file, file.name);
    if (title) form.append('title', title);
    xhr.open('POST', '/api/v1/sessions');
    for (const [k, v] of Object.entries(headers('POST'))) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON: handled by the status below */
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) resolve(body);
      else reject(errorFrom(xhr.status, body, xhr.getResponseHeader('Retry-After')));
    };
    xhr.onerror = () =>
      reject(new NetworkError('The upload stopped before it finished. Check your connection and try again. '
        + 'If the file is very large, it may be over the size limit.'));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}
