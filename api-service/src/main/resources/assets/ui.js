// Small pieces both pages share: badges, progress bars, ETA wording, the live region and the clock tick.
import {
  formatClock, formatDuration, formatPercent, formatTimeLeft, isOnHold, ordinal,
} from './format.js';

/** Screen-reader announcement through the page's polite live region. */
export function announce(text) {
  const region = document.getElementById('announcer');
  if (!region || !text) return;
  // Clearing first makes the same sentence be announced again if it recurs.
  region.textContent = '';
  setTimeout(() => {
    region.textContent = text;
  }, 50);
}

/** What a status change means, in the words a screen reader should say (null: not worth interrupting). */
export function changeAnnouncement(prev, s, name) {
  const prefix = name ? `${name}: ` : '';
  if (!prev) return null;
  if (prev.status !== s.status) {
    switch (s.status) {
      case 'processing': return `${prefix}Transcription started`;
      case 'completed': return `${prefix}Transcription complete`;
      case 'failed': return `${prefix}Transcription failed. ${(s.error && s.error.message) || ''}`.trim();
      case 'cancelled': return `${prefix}Transcription cancelled`;
      case 'pending': return `${prefix}Waiting to start`;
      default: return null;
    }
  }
  if (isOnHold(s) && !isOnHold(prev)) return `${prefix}Progress has paused. ${s.message || ''}`.trim();
  if (s.status === 'processing' && !isOnHold(s) && isOnHold(prev)) return `${prefix}Progress has resumed`;
  if (s.status === 'processing' && s.almost_done && !prev.almost_done) return `${prefix}Almost done`;
  return null;
}

export function setBadge(el, status) {
  el.textContent = status;
  el.className = `status-badge status-${status}`;
}

/** Fills a [role=progressbar] element; the visible fill follows the exact value for smooth movement. */
export function setProgressBar(el, s, label) {
  const p = s.status === 'completed' ? 100 : Math.min(100, Math.max(0, Number(s.progress) || 0));
  el.setAttribute('aria-valuenow', String(p));
  el.setAttribute('aria-valuetext', label ? `${formatPercent(p, s.status)}, ${label}` : formatPercent(p, s.status));
  el.style.setProperty('--p', `${p}%`);
  el.dataset.status = s.status;
  // Stripes move only while work really happens (and only if the coach allows motion, see app.css).
  el.classList.toggle('is-active', s.status === 'processing' && !isOnHold(s));
  el.classList.toggle('is-stalled', isOnHold(s));
}

/** One short line about time: time left, "Almost done", queue place, or how it ended. */
export function etaText(s, nowMs) {
  switch (s.status) {
    case 'pending': {
      const place = s.queue_position ? `${ordinal(s.queue_position)} in line` : 'Waiting to start';
      return s.estimated_completion ? `${place} · ${formatTimeLeft(s.estimated_completion, nowMs)}` : place;
    }
    case 'processing': {
      if (isOnHold(s)) return 'Estimate on hold — no recent progress';
      if (s.almost_done || Number(s.progress) > 90) return 'Almost done';
      if (!s.estimated_completion) return 'Estimating time left…';
      // An estimate that has passed is said honestly rather than "Less than a minute left" forever.
      if (Date.parse(s.estimated_completion) < nowMs - 60_000) return 'Taking a little longer than expected';
      return formatTimeLeft(s.estimated_completion, nowMs);
    }
    case 'completed':
      return s.processing_seconds != null ? `Done in ${formatDuration(s.processing_seconds)}` : 'Done';
    case 'failed':
      return `Stopped at ${formatPercent(s.progress, s.status)}`;
    case 'cancelled':
      return 'Cancelled';
    default:
      return '';
  }
}

/** "Expected between 14:05 and 14:40" from eta_low / eta_high, or '' when there is no range to show. */
export function etaRangeText(s, nowMs) {
  if (s.status !== 'processing' && s.status !== 'pending') return '';
  if (isOnHold(s) || !s.eta_low || !s.eta_high) return '';
  const low = formatClock(s.eta_low, nowMs);
  const high = formatClock(s.eta_high, nowMs);
  if (!low || !high) return '';
  return low === high ? `Expected around ${low}` : `Expected between ${low} and ${high}`;
}

/** Calls fn every second while the tab is visible, for "12 s ago" and time-left texts. */
export function everySecond(fn) {
  setInterval(() => {
    if (!document.hidden) fn();
  }, 1000);
}

/** Shows the polling connection state in a #connection-status element. */
export function showConnection(el, { state, delayMs, error }) {
  const secs = delayMs ? Math.max(1, Math.round(delayMs / 1000)) : 0;
  el.classList.remove('is-warn', 'is-error');
  if (state === 'ok') {
    el.textContent = '';
    el.title = '';
    el.hidden = true;
    return;
  }
  el.hidden = false;
  if (state === 'reconnecting') {
    // A static countdown would look frozen; the exact wait goes in the tooltip.
    el.textContent = 'Reconnecting…';
    el.title = `Could not reach the server. Next try in ${secs} s.`;
    el.classList.add('is-warn');
  } else if (state === 'busy') {
    el.textContent = 'The server is busy; checking again shortly…';
    el.title = `Next check in ${secs} s.`;
    el.classList.add('is-warn');
  } else {
    el.textContent = (error && error.message) || 'Updates stopped. Please reload the page.';
    el.classList.add('is-error');
  }
}
