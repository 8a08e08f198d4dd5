// Desktop notifications: when a transcription completes while CoachTrack is in a background tab, and
// the coach both allowed notifications in this browser (a button on the Settings page asks, never a
// page load) and kept "desktop notifications" on in their settings. Pages hand every status they
// receive to track(); polling pauses in hidden tabs, so while hidden and something is still running
// a slow batch check (every 30 s, one request) keeps watching.
import { getJson, sendJson } from './api.js';
import { sessionName } from './format.js';

const BACKGROUND_CHECK_MS = 30_000;
const SHOWN_PREFIX = 'ct-notified:'; // localStorage: one notification per session across tabs

let preferences = null;
const lastStatus = new Map(); // session_id -> status last seen by this page
let timer = null;

export const notificationsSupported = () => typeof window.Notification === 'function';

/** 'granted', 'denied', 'default' (not asked yet) or 'unsupported'. */
export const permission = () => (notificationsSupported() ? window.Notification.permission : 'unsupported');

/** Asks the browser; call from a click, browsers ignore it otherwise. */
export async function askPermission() {
  if (!notificationsSupported()) return 'unsupported';
  return window.Notification.requestPermission();
}

export const getPreferences = () => getJson('/api/v1/me/notifications');
export async function savePreferences(changes) {
  preferences = await sendJson('PUT', '/api/v1/me/notifications', changes);
  return preferences;
}

/** Loads the coach's choice once per page; without it nothing is shown. */
export async function initDesktopNotifications() {
  try {
    preferences = await getPreferences();
  } catch {
    preferences = null;
  }
  document.addEventListener('visibilitychange', schedule);
  schedule();
}

const enabled = () => !!(preferences && preferences.desktop_on_completion) && permission() === 'granted';

function alreadyShown(id) {
  try {
    if (window.localStorage.getItem(SHOWN_PREFIX + id)) return true;
    window.localStorage.setItem(SHOWN_PREFIX + id, String(Date.now()));
  } catch {
    /* storage blocked: the notification's tag still keeps the desktop from stacking copies */
  }
  return false;
}

function show(s) {
  if (alreadyShown(s.session_id)) return;
  const n = new window.Notification('Transcript ready', {
    body: `“${sessionName(s)}” is transcribed.`,
    tag: `coachtrack-${s.session_id}`,
    icon: '/assets/favicon.svg',
  });
  n.onclick = () => {
    window.focus();
    const path = `/sessions/${encodeURIComponent(s.session_id)}`;
    if (window.location.pathname !== path) window.location.assign(path);
    n.close();
  };
}

/** Takes a status body a page received: a completion seen happen while hidden is notified. */
export function track(s) {
  if (!s || !s.session_id) return;
  const before = lastStatus.get(s.session_id);
  lastStatus.set(s.session_id, s.status);
  if (before && before !== 'completed' && s.status === 'completed' && document.hidden && enabled()) show(s);
  schedule();
}

const unfinished = () => [...lastStatus.entries()]
  .filter(([, status]) => status === 'pending' || status === 'processing')
  .map(([id]) => id);

function schedule() {
  const watch = document.hidden && enabled() && unfinished().length > 0;
  if (watch && !timer) timer = setTimeout(check, BACKGROUND_CHECK_MS);
  if (!watch && timer) {
    clearTimeout(timer);
    timer = null;
  }
}

async function check() {
  timer = null;
  const ids = unfinished().slice(0, 100);
  if (ids.length) {
    try {
      const body = await getJson(`/api/v1/sessions/status?ids=${ids.map(encodeURIComponent).join(',')}`);
      for (const s of body.sessions || []) track(s);
    } catch {
      /* offline or signed out: the next check, or the page's own polling when visible, catches up */
    }
  }
  schedule();
}
