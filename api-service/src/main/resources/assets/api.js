// Talks to /api/v1. Every request carries X-Coach-Id (a stand-in until real login exists),
// GETs are conditional (ETag / If-None-Match) so polling stays cheap, and failures become
// ApiError / NetworkError objects that the pages turn into plain words.

const COACH_KEY = 'coachId';
let memoryCoachId = null; // used when localStorage is unavailable (private mode, file://)

export function getCoachId() {
  try {
    return localStorage.getItem(COACH_KEY) || memoryCoachId;
  } catch {
    return memoryCoachId;
  }
}

export function setCoachId(name) {
  memoryCoachId = name;
  try {
    localStorage.setItem(COACH_KEY, name);
  } catch {
    /* kept in memory for this page only */
  }
  etagCache.clear(); // another coach's cached bodies must never be shown
}

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
    case 401:
    case 403: return 'You are not allowed to do this. Check the coach name at the top of the page.';
    case 404: return 'We could not find this session. It may belong to another coach name, or the link is incomplete.';
    case 409: return 'That is not possible in the session’s current state. The page has been refreshed.';
    case 413: return 'This file is too large to upload. Split the recording into shorter parts and upload each one.';
    case 415: return 'This file type is not supported. Upload the recording as MP3, M4A, WAV, FLAC, OGG or WebM.';
    case 422: return 'We could not read this file as audio. Export the recording again and upload the new file.';
    case 429: return 'The server is busy. We will try again in a moment.';
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

function headers(extra = {}) {
  const h = { Accept: 'application/json', ...extra };
  const coach = getCoachId();
  if (coach) h['X-Coach-Id'] = coach;
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

async function failFrom(response) {
  const body = await readJson(response);
  throw new ApiError(response.status, body, parseRetryAfter(response.headers.get('Retry-After')));
}

// url -> { etag, body }. A 304 means "same as last time", so the last body is reused.
const etagCache = new Map();

/** GET JSON, conditionally when we hold an ETag for the URL. */
export async function getJson(url) {
  const cached = etagCache.get(url);
  const extra = cached ? { 'If-None-Match': cached.etag } : {};
  const response = await send(url, { headers: headers(extra) });
  if (response.status === 304 && cached) return cached.body;
  if (!response.ok) await failFrom(response);
  const body = await readJson(response);
  if (body === null) throw new ApiError(response.status, { message: 'The server sent an unexpected answer. Please reload the page.' });
  const etag = response.headers.get('ETag');
  if (etag) etagCache.set(url, { etag, body });
  else etagCache.delete(url);
  return body;
}

export async function postJson(url) {
  const response = await send(url, { method: 'POST', headers: headers() });
  if (!response.ok) await failFrom(response);
  return readJson(response);
}

const sessionUrl = (id, tail = '') => `/api/v1/sessions/${encodeURIComponent(id)}${tail}`;

export const getStatus = (id) => getJson(sessionUrl(id, '/status'));
export const getHistory = (id) => getJson(sessionUrl(id, '/history'));
export const retrySession = (id) => postJson(sessionUrl(id, '/retry'));
export const cancelSession = (id) => postJson(sessionUrl(id, '/cancel'));

export function listSessions({ status, limit, cursor } = {}) {
  const q = new URLSearchParams();
  if (status) q.set('status', status);
  if (limit) q.set('limit', String(limit));
  if (cursor) q.set('cursor', cursor);
  const qs = q.toString();
  return getJson(`/api/v1/sessions${qs ? `?${qs}` : ''}`);
}

/** The transcript as a Blob (needs our header, so a plain link would not do). */
export async function getTranscript(id, format) {
  const response = await send(sessionUrl(id, `/transcript?format=${encodeURIComponent(format)}`), {
    headers: headers({ Accept: '*/*' }),
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
    for (const [k, v] of Object.entries(headers())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON: handled by the status below */
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) resolve(body);
      else reject(new ApiError(xhr.status, body, parseRetryAfter(xhr.getResponseHeader('Retry-After'))));
    };
    xhr.onerror = () =>
      reject(new NetworkError('The upload stopped before it finished. Check your connection and try again. '
        + 'If the file is very large, it may be over the size limit.'));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}
