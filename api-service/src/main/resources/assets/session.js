// Session page: one transcription's live status, its outcome (transcript or plain-language failure),
// and its history. Everything shown comes from the API, so a refresh shows the same state.
import {
  cancelSession, deleteSession, getHistory, getStatus, getTranscript, retrySession, saveBlob, serverNow,
} from './api.js';
import { initAuth } from './auth.js';
import {
  downloadName, formatAgo, formatClock, formatDateTime, formatDuration, formatPercent, isFinal, isOnHold,
  sessionName,
} from './format.js';
import { createPoller } from './poller.js';
import {
  announce, changeAnnouncement, etaRangeText, etaText, everySecond, setBadge, setProgressBar, showConnection,
} from './ui.js';

const DEFAULT_POLL_MS = 5000;
const MAX_POLL_MS = 60_000;
const PREVIEW_CHARS = 6000;
const STATUS_LABEL = {
  pending: 'Waiting', processing: 'Processing', completed: 'Completed', failed: 'Failed', cancelled: 'Cancelled',
};

// Server messages that only restate time left ("About 3.5 hours left", "Almost done").
const TIME_LEFT_MESSAGE = /^(about .* left|less than a minute left|almost done)\.?$/i;

const $ = (id) => document.getElementById(id);

/** The id from /sessions/{id}; ?id= also works so the page can be previewed without the server's routing. */
function sessionIdFromUrl() {
  const m = window.location.pathname.match(/\/sessions\/([^/]+)\/?$/);
  if (m) return decodeURIComponent(m[1]);
  return new URLSearchParams(window.location.search).get('id');
}

const sessionId = sessionIdFromUrl();
let current = null; // last status body
let historyKey = null; // status/attempt/stall the history was last fetched for
let previewLoaded = false;
let poller;

// ---------- rendering ----------

function setText(id, text) {
  const el = $(id);
  if (el.textContent !== text) el.textContent = text;
}

/** Only http(s) or same-site links from the API become clickable. */
function safeUrl(url) {
  try {
    const u = new URL(url, window.location.origin);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** The parts that change with the clock: time left, its range, "updated 12 s ago". */
function renderTimes(s) {
  const now = serverNow();
  const eta = etaText(s, now);
  // Once complete, the success box says how long it took; this spot says when it finished.
  setText('eta', s.status === 'completed' && s.updated_at ? `Finished ${formatClock(s.updated_at, now)}` : eta);
  const range = etaRangeText(s, now);
  setText('eta-range', range);
  $('eta').title = range;
  setProgressBar($('progress'), s, eta);
  const at = s.updated_at || s.created_at;
  setText('updated', at ? `Updated ${formatAgo(at, now)}` : '');
  $('updated').title = at ? `Last update ${formatDateTime(at, true)}` : '';
  if (isOnHold(s)) {
    // Uses the server's own explanation; the time since the last real progress backs it up.
    setText('stalled-text', `${s.message || 'No progress for a while.'}${at ? ` Last progress at ${formatClock(at, now)}.` : ''}`);
  }
}

function renderFacts(s) {
  const facts = [];
  if (s.title && s.original_filename) facts.push(['File', s.original_filename]);
  if (s.duration_total) facts.push(['Audio length', formatDuration(s.duration_total)]);
  if (s.status === 'processing' && s.duration_total) {
    facts.push(['Transcribed so far', `${formatDuration(s.duration_processed || 0)} of audio`]);
  }
  if (s.created_at) facts.push(['Uploaded', formatDateTime(s.created_at)]);
  if (s.started_at) facts.push(['Started', formatDateTime(s.started_at)]);
  if (s.processing_seconds != null && s.status !== 'completed') {
    facts.push(['Processing time', formatDuration(s.processing_seconds)]);
  }
  if (s.attempt > 1) facts.push(['Attempt', String(s.attempt)]);
  const dl = $('facts');
  dl.replaceChildren(...facts.map(([k, v]) => {
    const div = document.createElement('div');
    const dt = document.createElement('dt');
    const dd = document.createElement('dd');
    dt.textContent = k;
    dd.textContent = v;
    div.append(dt, dd);
    return div;
  }));
  dl.hidden = facts.length === 0;
}

function render(s) {
  const name = sessionName(s);
  const status = s.status;
  const processing = status === 'processing';
  const stalled = isOnHold(s);

  setText('session-title', name);
  const pct = formatPercent(s.progress, status, processing ? 1 : 0);
  document.title = `${status === 'completed' ? 'Complete' : pct} · ${name} — CoachTrack`;
  setText('session-subtitle', s.title && s.original_filename ? s.original_filename : '');

  setBadge($('status-badge'), status);
  setText('percent', pct);

  // The server's sentence ("About 3.5 hours left", "Transcription complete!") is the headline;
  // while stalled it moves into the warning box, which says the same thing with more weight.
  const message = s.message || { completed: 'Transcription complete!', cancelled: 'Cancelled' }[status] || '';
  setText('message', message);
  $('message').className = `message is-${status}`;
  $('message').hidden = stalled
    || (processing && TIME_LEFT_MESSAGE.test(message)) // the ETA line already says it, in finer words
    || (status === 'failed' && s.error && s.error.message === message);
  $('stalled').hidden = !stalled;

  // Success
  $('success').hidden = status !== 'completed';
  if (status === 'completed') {
    const took = s.processing_seconds != null ? `Processed in ${formatDuration(s.processing_seconds)}` : 'Processed';
    setText('processing-duration', `${took}. The transcript is ready below.`);
  }

  // Failure: what happened, what to do, where to read more.
  const failed = status === 'failed';
  $('failure').hidden = !failed;
  if (failed) {
    const err = s.error || {};
    setText('error-message', err.message || s.message || 'Processing failed. Please try again.');
    setText('next-steps', err.next_steps || (err.retryable === false
      ? 'Upload a new file to try again.'
      : 'Press Retry. Parts already transcribed are kept.'));
    const help = err.help_url && safeUrl(err.help_url);
    $('help-link').hidden = !help;
    if (help) $('help-link').href = help;
  }

  // Actions. The server says what is allowed; the status is a fallback for older answers.
  const canRetry = s.can_retry ?? (failed && !!(s.error && s.error.retryable));
  const canCancel = s.can_cancel ?? (status === 'pending' || processing);
  $('retry-button').hidden = !canRetry;
  $('cancel-button').hidden = !canCancel;
  // Only what nothing works on any more; a failed session's waiting run is cancelled by the server.
  $('delete-button').hidden = !(status === 'completed' || status === 'cancelled' || failed);
  const showNewUpload = failed || status === 'cancelled';
  $('new-upload-link').hidden = !showNewUpload;
  // When retrying cannot help, uploading a new file is the main way forward.
  $('new-upload-link').className = `btn ${showNewUpload && !canRetry ? 'btn-primary' : 'btn-secondary'}`;

  renderTimes(s);
  renderFacts(s);

  $('transcript-section').hidden = status !== 'completed';
  if (status === 'completed' && !previewLoaded) loadPreview(s);
}

// ---------- history ----------

async function loadHistory(s) {
  const key = `${s.status}|${s.attempt}|${isOnHold(s)}`;
  if (key === historyKey) return;
  historyKey = key;
  try {
    const body = await getHistory(sessionId);
    renderHistory(body.history || []);
  } catch {
    historyKey = null; // try again with the next status answer
  }
}

function renderHistory(entries) {
  const sorted = [...entries].sort((a, b) => (Date.parse(a.at) || 0) - (Date.parse(b.at) || 0));
  const items = sorted.map((h) => {
    const li = document.createElement('li');
    li.dataset.to = h.to_status || '';
    const head = document.createElement('div');
    head.className = 't-head';
    const what = document.createElement('span');
    what.className = 't-what';
    const to = STATUS_LABEL[h.to_status] || h.to_status || '';
    what.textContent = h.from_status ? `${STATUS_LABEL[h.from_status] || h.from_status} → ${to}` : `Uploaded · ${to}`;
    const time = document.createElement('time');
    time.dateTime = h.at || '';
    time.textContent = h.at ? formatDateTime(h.at) : '';
    head.append(what, time);
    li.append(head);
    if (h.message) {
      const p = document.createElement('p');
      p.className = 't-msg';
      p.textContent = h.message;
      li.append(p);
    }
    const extra = [];
    if (h.attempt > 1) extra.push(`Attempt ${h.attempt}`);
    if (h.error_code) extra.push(`Code: ${h.error_code}`);
    if (extra.length) {
      const p = document.createElement('p');
      p.className = 't-extra';
      p.textContent = extra.join(' · ');
      li.append(p);
    }
    return li;
  });
  $('history').replaceChildren(...items);
  $('history-empty').hidden = items.length > 0;
}

// ---------- transcript ----------

async function loadPreview() {
  previewLoaded = true;
  const pre = $('transcript-preview');
  try {
    const text = (await (await getTranscript(sessionId, 'txt')).text()).trim();
    if (!text) {
      pre.textContent = 'The transcript is empty: no words were recognised.';
      return;
    }
    const cut = text.length > PREVIEW_CHARS;
    pre.textContent = cut ? `${text.slice(0, PREVIEW_CHARS).replace(/\s+\S*$/, '')} …` : text;
    $('transcript-note').textContent = 'This preview shows the beginning. Download the transcript to read all of it.';
    $('transcript-note').hidden = !cut;
  } catch (e) {
    previewLoaded = false; // try again on the next answer
    pre.textContent = `The preview could not be loaded. ${e.message}`;
  }
}

async function download(format, button) {
  if (!current) return;
  $('download-error').hidden = true;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    const blob = await getTranscript(sessionId, format);
    saveBlob(blob, downloadName(current, format));
    announce(`${format.toUpperCase()} transcript downloaded`);
  } catch (e) {
    $('download-error').textContent = e.message;
    $('download-error').hidden = false;
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

// ---------- status updates ----------

/** Takes a status body from a poll or an action; returns the delay before the next poll (null: stop). */
function apply(s, { quiet = false } = {}) {
  const prev = current;
  current = s;
  $('not-found').hidden = true;
  $('session').hidden = false;
  render(s);
  const said = changeAnnouncement(prev, s);
  if (said && !quiet) announce(said);
  loadHistory(s);
  if (isFinal(s)) return null;
  const ms = Number(s.poll_after_ms) || DEFAULT_POLL_MS;
  return Math.min(MAX_POLL_MS, ms);
}

function showNotFound(error) {
  $('session').hidden = true;
  $('not-found').hidden = false;
  if (error && error.status !== 404) setText('not-found-text', error.message);
  document.title = 'Session not found — CoachTrack';
}

function showActionError(message) {
  $('action-error').textContent = message;
  $('action-error').hidden = false;
}

async function runAction(button, action, doneText) {
  $('action-error').hidden = true;
  button.disabled = true;
  try {
    const s = await action(sessionId);
    // The action's own sentence replaces the generic status-change one.
    if (s && s.status) apply(s, { quiet: true });
    announce(doneText(s || {}));
  } catch (e) {
    // 409 means the state moved on (e.g. it completed meanwhile): say so, and show the real state.
    showActionError(e.message);
  } finally {
    button.disabled = false;
    poller.start(); // resumes polling after Retry; stops by itself at a final state
    // The pressed button may now be hidden; keep keyboard focus somewhere meaningful.
    if (button.hidden) $('progress').focus();
  }
}

// The server may stop at once or only acknowledge the request; say which.
const cancelledText = (s) => (s.status === 'cancelled' ? 'Transcription cancelled' : 'Cancelling the transcription');

function initActions() {
  $('retry-button').addEventListener('click', (e) =>
    runAction(e.currentTarget, retrySession, () => 'Retrying the transcription'));

  const dialog = $('cancel-dialog');
  $('cancel-button').addEventListener('click', (e) => {
    const button = e.currentTarget;
    if (typeof dialog.showModal !== 'function') {
      // eslint-disable-next-line no-alert
      if (window.confirm('Cancel this transcription? Processing stops and no transcript will be made.')) {
        runAction(button, cancelSession, cancelledText);
      }
      return;
    }
    dialog.returnValue = '';
    dialog.showModal();
  });
  dialog.addEventListener('close', () => {
    if (dialog.returnValue === 'confirm') runAction($('cancel-button'), cancelSession, cancelledText);
    else $('cancel-button').focus();
  });

  const deleteDialog = $('delete-dialog');
  const removeSession = async () => {
    $('action-error').hidden = true;
    $('delete-button').disabled = true;
    try {
      await deleteSession(sessionId);
      poller.stop();
      window.location.assign('/');
    } catch (e) {
      showActionError(e.message);
      $('delete-button').disabled = false;
    }
  };
  $('delete-button').addEventListener('click', () => {
    if (typeof deleteDialog.showModal !== 'function') {
      // eslint-disable-next-line no-alert
      if (window.confirm('Delete this session? The recording and the transcript are removed for good.')) {
        removeSession();
      }
      return;
    }
    deleteDialog.returnValue = '';
    deleteDialog.showModal();
  });
  deleteDialog.addEventListener('close', () => {
    if (deleteDialog.returnValue === 'confirm') removeSession();
    else $('delete-button').focus();
  });

  for (const fmt of ['txt', 'srt', 'vtt', 'json']) {
    const b = $(`download-${fmt}`);
    b.addEventListener('click', () => download(fmt, b));
  }
}

function start() {
  if (!sessionId) {
    showNotFound();
    return;
  }
  $('progress').tabIndex = -1; // a focus target after actions, not a tab stop
  poller = createPoller({
    load: () => getStatus(sessionId),
    onResult: apply,
    onConnection(c) {
      showConnection($('connection-status'), c);
      if (c.state === 'error') {
        if (!current) showNotFound(c.error);
        else showActionError(c.error.message);
      }
    },
  });
  poller.start();
  everySecond(() => current && renderTimes(current));
}

initActions();
initAuth(start, { onSignedOut: () => poller && poller.stop() });
