// Words and numbers a coach reads. Pure functions (the clock is passed in) so they are easy to reason about.

const MINUTE = 60;
const HOUR = 60 * MINUTE;

/** "45 s", "12 min", "3 h 30 min", "4 h". Used for processing time and time left. */
export function formatDuration(totalSeconds) {
  const s = Math.max(0, Math.round(totalSeconds));
  if (s < MINUTE) return `${s} s`;
  if (s < HOUR) {
    const m = Math.floor(s / MINUTE);
    const rest = s % MINUTE;
    // Seconds only matter for short spans ("2 min 5 s"); beyond 10 minutes they are noise.
    return rest && m < 10 ? `${m} min ${rest} s` : `${m} min`;
  }
  const h = Math.floor(s / HOUR);
  const m = Math.round((s % HOUR) / MINUTE);
  if (m === 60) return `${h + 1} h`;
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** A place in a recording as a player shows it: "42:15", "1:00:00". */
export function formatPosition(totalSeconds) {
  const s = Math.max(0, Math.floor(Number(totalSeconds) || 0));
  const two = (n) => String(n).padStart(2, '0');
  if (s >= HOUR) return `${Math.floor(s / HOUR)}:${two(Math.floor((s % HOUR) / MINUTE))}:${two(s % MINUTE)}`;
  return `${Math.floor(s / MINUTE)}:${two(s % MINUTE)}`;
}

/**
 * Time left until an ISO instant, rounded to what a person plans with:
 * whole minutes below an hour, 5-minute steps above ("About 3 h 30 min left").
 */
export function formatTimeLeft(iso, nowMs) {
  const left = (Date.parse(iso) - nowMs) / 1000;
  if (!Number.isFinite(left)) return '';
  if (left < MINUTE) return 'Less than a minute left';
  if (left < HOUR) return `About ${Math.ceil(left / MINUTE)} min left`;
  const steps = Math.round(left / (5 * MINUTE)) * 5 * MINUTE;
  return `About ${formatDuration(steps)} left`;
}

/** "12 s ago", "3 min ago", "2 h ago", "yesterday", else a date. Never "in 2 s" for small clock skew. */
export function formatAgo(iso, nowMs) {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return '';
  const s = Math.max(0, Math.round((nowMs - t) / 1000));
  if (s < 5) return 'just now';
  if (s < MINUTE) return `${s} s ago`;
  if (s < HOUR) return `${Math.floor(s / MINUTE)} min ago`;
  if (s < 24 * HOUR) return `${Math.floor(s / HOUR)} h ago`;
  if (s < 48 * HOUR) return 'yesterday';
  return new Date(t).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

/** A clock time ("14:05"), with the day when it is not today ("Tue 09:10"). */
export function formatClock(iso, nowMs = Date.now()) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const time = d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  const sameDay = new Date(nowMs).toDateString() === d.toDateString();
  return sameDay ? time : `${d.toLocaleDateString(undefined, { weekday: 'short' })} ${time}`;
}

/** Local date and time ("25 Nov 2026, 14:05"); with seconds for tooltips where precision helps. */
export function formatDateTime(iso, withSeconds = false) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const opts = { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' };
  if (withSeconds) opts.second = '2-digit';
  return d.toLocaleString(undefined, opts);
}

/** Percent for display: floored so 99.96 never reads "100 %" before the transcript exists. */
export function formatPercent(progress, status, decimals = 0) {
  if (status === 'completed') return '100 %';
  const p = Math.min(100, Math.max(0, Number(progress) || 0));
  const f = 10 ** decimals;
  const v = Math.floor(p * f) / f;
  return `${v.toFixed(decimals)} %`;
}

export function formatBytes(bytes) {
  const b = Math.max(0, Number(bytes) || 0);
  if (b < 1024) return `${b} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = b / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** Title shown for a session: its title, else the uploaded file's name. */
export function sessionName(s) {
  return (s.title && s.title.trim()) || s.original_filename || 'Untitled session';
}

/** A file name safe on every OS for downloads: "<title>.<ext>". */
export function downloadName(s, ext) {
  let base = (s.title && s.title.trim()) || (s.original_filename || 'transcript').replace(/\.[^.]+$/, '');
  base = base.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').replace(/^\.+/, '').slice(0, 120).trim() || 'transcript';
  return `${base}.${ext}`;
}

export const FINAL_STATUSES = new Set(['completed', 'failed', 'cancelled']);
export const isFinal = (s) => FINAL_STATUSES.has(s.status);

/**
 * Processing, but not moving: no progress for the stall threshold, or no worker heard from (pace
 * worker_lost). The bar stops, the estimate is put on hold and the server's explanation is shown.
 */
export const isOnHold = (s) => s.status === 'processing' && (!!s.stalled || s.pace === 'worker_lost');

/** Ordinal for queue positions: 1st, 2nd, 3rd, 4th, 11th, 21st. */
export function ordinal(n) {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] || 'th'}`;
}
