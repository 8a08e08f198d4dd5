// Dashboard: upload a recording, then follow every session. The whole list is polled in one request
// (not one request per session), so several sessions processing at once update independently and cheaply.
import { listSessions, serverNow, uploadAudio } from './api.js';
import { initAuth } from './auth.js';
import {
  formatAgo, formatBytes, formatDateTime, formatPercent, isFinal, isOnHold, sessionName,
} from './format.js';
import { createPoller } from './poller.js';
import {
  announce, changeAnnouncement, etaText, etaRangeText, everySecond, setBadge, setProgressBar, showConnection,
} from './ui.js';

const PAGE_SIZE = 25;
const ACTIVE_DELAY_MS = 5000;
const IDLE_DELAY_MS = 30_000; // nothing running: still notice sessions started from another tab, slowly

const $ = (id) => document.getElementById(id);

const sessions = new Map(); // session_id -> latest status body
let olderCursor; // cursor for "Show older sessions"; undefined until the first page arrives
let firstLoad = true;
let poller;

// ---------- session list ----------

function rowFor(id) {
  return $('session-list').querySelector(`[data-session-id="${CSS.escape(id)}"]`);
}

function buildRow(s) {
  const li = document.createElement('li');
  li.className = 'session-row';
  li.dataset.sessionId = s.session_id;
  li.innerHTML = `
    <div class="row-top">
      <a class="session-link"></a>
      <span class="row-badges"><span class="tag-stalled" hidden>stalled</span><span class="status-badge"></span></span>
    </div>
    <div class="row-progress">
      <div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0"><div class="bar-fill"></div></div>
      <span class="row-percent" aria-hidden="true"></span>
    </div>
    <div class="row-meta">
      <span class="row-eta"></span>
      <time class="row-updated"></time>
    </div>`;
  li.querySelector('.session-link').href = `/sessions/${encodeURIComponent(s.session_id)}`;
  return li;
}

/** Updates one row in place, so focus and the bar's smooth transition survive each poll. */
function renderRow(li, s, now) {
  const name = sessionName(s);
  const link = li.querySelector('.session-link');
  if (link.textContent !== name) link.textContent = name;
  li.querySelector('.row-top').title = s.title && s.original_filename ? s.original_filename : '';
  setBadge(li.querySelector('.status-badge'), s.status);
  const stalled = isOnHold(s);
  const tag = li.querySelector('.tag-stalled');
  tag.hidden = !stalled;
  tag.textContent = s.pace === 'worker_lost' ? 'worker lost' : 'stalled';
  li.classList.toggle('is-stalled', stalled);
  li.classList.toggle('is-failed', s.status === 'failed');

  const eta = etaText(s, now);
  const bar = li.querySelector('[role=progressbar]');
  bar.setAttribute('aria-label', `Progress of ${name}`);
  setProgressBar(bar, s, eta);
  li.querySelector('.row-percent').textContent = formatPercent(s.progress, s.status);

  const etaEl = li.querySelector('.row-eta');
  // A failed row says why in a few words; details are on the session page.
  etaEl.textContent = s.status === 'failed' && s.error && s.error.message ? s.error.message : eta;
  etaEl.title = etaRangeText(s, now);

  const updated = li.querySelector('.row-updated');
  const at = s.updated_at || s.created_at;
  if (at) {
    updated.dateTime = at;
    updated.textContent = `updated ${formatAgo(at, now)}`;
    updated.title = `Last update ${formatDateTime(at, true)}`;
  }
}

function byNewest(a, b) {
  return (Date.parse(b.created_at) || 0) - (Date.parse(a.created_at) || 0);
}

function renderList() {
  const list = $('session-list');
  const now = serverNow();
  const ordered = [...sessions.values()].sort(byNewest);
  ordered.forEach((s, i) => {
    let li = rowFor(s.session_id);
    if (!li) li = buildRow(s);
    renderRow(li, s, now);
    // Only move rows that are out of place: moving a focused element would drop keyboard focus.
    if (list.children[i] !== li) list.insertBefore(li, list.children[i] || null);
  });
  $('list-loading').hidden = true;
  $('session-empty').hidden = sessions.size > 0;
}

/** Merges fresh status bodies; announces changes a coach would want to hear about. */
function merge(list) {
  for (const s of list) {
    const prev = sessions.get(s.session_id);
    if (!firstLoad) {
      const text = changeAnnouncement(prev, s, sessionName(s));
      // Only final outcomes and stalls are announced here: a list of sessions should not chatter.
      if (text && (isFinal(s) || isOnHold(s))) announce(text);
    }
    sessions.set(s.session_id, s);
  }
}

function nextDelay() {
  const active = [...sessions.values()].filter((s) => !isFinal(s));
  if (!active.length) return IDLE_DELAY_MS;
  return Math.min(...active.map((s) => s.poll_after_ms || ACTIVE_DELAY_MS));
}

function startPolling() {
  poller = createPoller({
    load: () => listSessions({ limit: PAGE_SIZE }),
    onResult(body) {
      merge(body.sessions || []);
      // The cursor for older pages is only taken from the first answer; later polls only refresh.
      if (olderCursor === undefined) {
        olderCursor = body.next_cursor || null;
        $('load-more').hidden = !olderCursor;
      }
      firstLoad = false;
      $('list-error').hidden = true;
      renderList();
      return nextDelay();
    },
    onConnection(c) {
      showConnection($('connection-status'), c);
      if (c.state === 'error') {
        $('list-loading').hidden = true;
        $('list-error').textContent = c.error.message;
        $('list-error').hidden = false;
      }
    },
  });
  poller.start();
}

async function loadOlder() {
  const btn = $('load-more');
  btn.disabled = true;
  try {
    const body = await listSessions({ limit: PAGE_SIZE, cursor: olderCursor });
    merge(body.sessions || []);
    olderCursor = body.next_cursor || null;
    renderList();
  } catch (e) {
    $('list-error').textContent = e.message;
    $('list-error').hidden = false;
  } finally {
    btn.disabled = false;
    btn.hidden = !olderCursor;
  }
}

// ---------- upload ----------

let currentUpload = null;

function chosenFile() {
  return $('audio-input').files[0] || null;
}

function showChosen() {
  const file = chosenFile();
  const el = $('file-chosen');
  if (!file) {
    el.hidden = true;
    el.textContent = '';
    return;
  }
  el.innerHTML = 'Selected: <strong></strong> <span class="muted"></span>';
  el.querySelector('strong').textContent = file.name;
  el.querySelector('.muted').textContent = `(${formatBytes(file.size)})`;
  el.hidden = false;
  $('upload-error').hidden = true;
  $('upload-success').hidden = true;
  $('upload-progress').hidden = true;
}

function showUploadError(message) {
  const el = $('upload-error');
  el.textContent = message;
  el.hidden = false;
}

function setUploading(on) {
  $('upload-button').disabled = on;
  $('audio-input').disabled = on;
  $('title-input').disabled = on;
  $('drop-zone').classList.toggle('is-disabled', on);
  $('upload-abort').hidden = !on;
  if (on) $('upload-progress').hidden = false;
}

function showUploadProgress(sent, total, file) {
  const pct = total > 0 ? Math.min(100, Math.floor((sent / total) * 100)) : 0;
  $('upload-progress-bar').value = pct;
  // Once every byte is sent the server is already checking the file; stopping now would not undo it.
  $('upload-abort').hidden = pct >= 100;
  // Bytes of the file itself: the request total also counts a few hundred bytes of form framing.
  const sentOfFile = Math.min(file.size, Math.round((pct / 100) * file.size));
  $('upload-progress-text').textContent = pct >= 100
    ? `${formatBytes(file.size)} sent (100 %). Checking the recording…`
    : `${formatBytes(sentOfFile)} of ${formatBytes(file.size)} (${pct} %)`;
}

async function onUpload(e) {
  e.preventDefault();
  if (currentUpload) return;
  const file = chosenFile();
  $('upload-success').hidden = true;
  if (!file) {
    showUploadError('Choose an audio file first: drag it onto the box above or use “choose a file”.');
    $('audio-input').focus();
    return;
  }
  $('upload-error').hidden = true;
  const title = $('title-input').value.trim();
  showUploadProgress(0, file.size, file);
  setUploading(true);
  announce(`Uploading ${file.name}`);

  currentUpload = uploadAudio(file, title, (sent, total) => showUploadProgress(sent, total, file));
  try {
    const created = await currentUpload.promise;
    if (created && created.session_id) {
      // Show the new session at once; the next poll fills in anything the upload answer lacked.
      sessions.set(created.session_id, {
        title: title || null, original_filename: file.name, status: 'pending', progress: 0,
        created_at: new Date(serverNow()).toISOString(), ...created,
      });
      renderList();
    }
    $('upload-form').reset();
    showChosen();
    // The finished bar stays as a receipt until the next file is chosen.
    $('upload-progress-bar').value = 100;
    $('upload-progress-text').textContent = `${formatBytes(file.size)} of ${formatBytes(file.size)} uploaded (100 %)`;
    const done = $('upload-success');
    done.innerHTML = '<strong></strong> is uploaded and queued for transcription. <a>Follow its progress</a>.';
    done.querySelector('strong').textContent = title || file.name;
    done.querySelector('a').href = `/sessions/${encodeURIComponent(created.session_id)}`;
    done.hidden = false;
    announce(`${title || file.name} uploaded. Transcription is queued.`);
    poller.poke();
  } catch (err) {
    $('upload-progress').hidden = true;
    if (err.name === 'AbortError') {
      showUploadError('Upload stopped. Nothing was saved; choose “Upload and transcribe” to try again.');
    } else {
      // The server explains what was wrong and what to do (too large, not audio, …): show it as is.
      showUploadError(err.message);
    }
  } finally {
    currentUpload = null;
    setUploading(false);
  }
}

function initUpload() {
  const input = $('audio-input');
  const zone = $('drop-zone');
  input.addEventListener('change', showChosen);
  $('upload-form').addEventListener('submit', onUpload);
  $('upload-abort').addEventListener('click', () => currentUpload && currentUpload.abort());

  // Dragging: highlight the box, and never let a dropped file navigate the browser away.
  let depth = 0;
  const hasFiles = (e) => e.dataTransfer && [...e.dataTransfer.types].includes('Files');
  zone.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    depth += 1;
    zone.classList.add('is-dragover');
  });
  zone.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (!depth) zone.classList.remove('is-dragover');
  });
  window.addEventListener('dragover', (e) => {
    if (hasFiles(e)) e.preventDefault();
  });
  window.addEventListener('drop', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth = 0;
    zone.classList.remove('is-dragover');
    if (currentUpload || !zone.contains(e.target)) return;
    const file = e.dataTransfer.files[0];
    if (!file) return;
    // Put the dropped file into the real input, so there is one source of truth for the form.
    const dt = new DataTransfer();
    dt.items.add(file);
    input.files = dt.files;
    showChosen();
    if (e.dataTransfer.files.length > 1) {
      showUploadError(`Only one recording can be uploaded at a time; “${file.name}” was chosen.`);
    }
  });
}

// ---------- start ----------

function tick() {
  const now = serverNow();
  for (const s of sessions.values()) {
    const li = rowFor(s.session_id);
    if (li) renderRow(li, s, now);
  }
}

initUpload();
$('load-more').addEventListener('click', loadOlder);
initAuth(() => {
  startPolling();
  everySecond(tick);
}, {
  onSignedOut: () => poller && poller.stop(),
});
