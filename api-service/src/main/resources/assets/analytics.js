// Analytics: the coach's finished transcriptions by week, drawn as SVG charts (charts.js), and for an
// operator the same across coaches with engine speed and queue depth. One GET per range.
import { getJson } from './api.js';
import { initAuth } from './auth.js';
import { barChart, lineChart } from './charts.js';
import { announce } from './ui.js';

const $ = (id) => document.getElementById(id);

const shortDate = (iso) => {
  const d = new Date(`${iso}T00:00:00Z`);
  return d.toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
};
const number = (v, digits = 0) => (v == null ? '—' : Number(v).toLocaleString(undefined, {
  maximumFractionDigits: digits, minimumFractionDigits: 0,
}));
const minutes = (v) => (v == null ? '—' : `${number(v, 0)} min`);
const percent = (v) => (v == null ? '—' : `${number(v, 1)} %`);

function minutesPerHourText(v) {
  if (v == null) return '—';
  return v >= 90 ? `${number(v / 60, 1)} h` : `${number(v, 0)} min`;
}

/** Audio as hours, or as minutes while under an hour (a week of short clips is not "0 hours"). */
function audioText(hours) {
  if (hours == null) return '—';
  return hours >= 1 ? `${number(hours, 1)} h` : `${number(hours * 60, 0)} min`;
}

function readRange() {
  const params = new URLSearchParams(window.location.search);
  return { from: params.get('from') || '', to: params.get('to') || '', scope: params.get('scope') || '' };
}

function render(view) {
  const weeks = view.weeks;
  const labels = weeks.map((w) => shortDate(w.week_start));
  const span = `${shortDate(view.from)} – ${shortDate(view.to)}`;
  $('range-from').value = view.from;
  $('range-to').value = view.to;

  $('total-recordings').textContent = number(view.totals.recordings);
  $('total-hours').textContent = audioText(view.totals.audio_hours);
  $('total-turnaround').textContent = minutesPerHourText(view.totals.median_turnaround_minutes_per_audio_hour);
  $('total-failed').textContent = number(view.totals.failed);

  barChart($('chart-recordings'), {
    labels,
    values: weeks.map((w) => w.recordings),
    format: (v) => number(v, 0),
    integer: true,
    describe: `Recordings transcribed per week, ${span}: ${view.totals.recordings} in all.`,
  });
  barChart($('chart-hours'), {
    labels,
    values: weeks.map((w) => w.audio_hours),
    format: (v) => number(v, 2),
    describe: `Hours of audio transcribed per week, ${span}: ${number(view.totals.audio_hours, 2)} in all.`,
  });
  lineChart($('chart-turnaround'), {
    labels,
    series: [
      { name: 'Upload to transcript', values: weeks.map((w) => w.median_turnaround_minutes_per_audio_hour), cls: 'series-0' },
      { name: 'Transcribing', values: weeks.map((w) => w.median_processing_minutes_per_audio_hour), cls: 'series-1' },
    ],
    format: (v) => minutes(v),
    describe: `Median minutes per hour of audio by week, ${span}; over the period `
      + `${minutes(view.totals.median_turnaround_minutes_per_audio_hour)} from upload to transcript.`,
  });

  const estimates = $('estimates-table').querySelector('tbody');
  estimates.replaceChildren(
    ...[['When processing started', view.estimates.at_start], ['At half-way', view.estimates.at_half]].map(([name, e]) => {
      const tr = document.createElement('tr');
      for (const text of [name, number(e.sessions), percent(e.median_error_percent), percent(e.p90_error_percent),
        number(e.early), number(e.late)]) {
        const td = document.createElement(tr.children.length === 0 ? 'th' : 'td');
        if (tr.children.length === 0) td.scope = 'row';
        td.textContent = text;
        tr.append(td);
      }
      return tr;
    }),
  );

  const failures = $('failures-table').querySelector('tbody');
  failures.replaceChildren(...view.failures.map((f) => {
    const tr = document.createElement('tr');
    for (const text of [f.message, f.code, number(f.count)]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    return tr;
  }));
  $('failures-table').hidden = view.failures.length === 0;
  $('failures-empty').hidden = view.failures.length > 0;

  const operator = view.scope === 'all' && view.engines && view.queue;
  $('operator-parts').hidden = !operator;
  if (operator) {
    lineChart($('chart-engines'), {
      labels,
      series: view.engines.map((e, n) => ({
        name: e.engine, values: e.weeks.map((w) => w.median_seconds_per_audio_second), cls: `series-${n % 4}`,
      })),
      format: (v) => `${number(v, 2)} s`,
      describe: `Median wall seconds per second of audio by engine and week, ${span}.`,
    });
    const points = view.queue.points;
    const byDay = view.queue.bucket === 'day';
    $('queue-hint').textContent = `Most sessions waiting and being transcribed in each ${byDay ? 'day' : 'hour'} (UTC), sampled every minute.`;
    lineChart($('chart-queue'), {
      labels: points.map((p) => (byDay ? shortDate(p.at.slice(0, 10)) : `${shortDate(p.at.slice(0, 10))} ${p.at.slice(11, 16)}`)),
      series: [
        { name: 'Waiting', values: points.map((p) => p.max_pending), cls: 'series-2' },
        { name: 'Transcribing', values: points.map((p) => p.max_processing), cls: 'series-0' },
      ],
      format: (v) => number(v, 0),
      integer: true,
      describe: `Queue depth by ${byDay ? 'day' : 'hour'}, ${span}: ${points.length} ${byDay ? 'days' : 'hours'} sampled.`,
    });
  }
  $('analytics-loading').hidden = true;
  $('analytics-body').hidden = false;
}

async function load({ from, to, scope }) {
  const q = new URLSearchParams();
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  if (scope === 'all') q.set('scope', 'all');
  $('analytics-error').hidden = true;
  $('range-apply').disabled = true;
  try {
    const view = await getJson(`/api/v1/analytics${q.toString() ? `?${q}` : ''}`);
    render(view);
    announce(`Showing ${view.totals.recordings} recordings from ${shortDate(view.from)} to ${shortDate(view.to)}`);
  } catch (e) {
    $('analytics-loading').hidden = true;
    $('analytics-error').textContent = e.message;
    $('analytics-error').hidden = false;
  } finally {
    $('range-apply').disabled = false;
  }
}

initAuth((me) => {
  const range = readRange();
  const operator = me.role === 'operator';
  $('scope-field').hidden = !operator;
  $('scope-all').checked = operator && range.scope === 'all';
  $('range-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const next = { from: $('range-from').value, to: $('range-to').value, scope: $('scope-all').checked ? 'all' : '' };
    // The range is in the address, so a chart can be bookmarked or shared with a colleague.
    const q = new URLSearchParams();
    if (next.from) q.set('from', next.from);
    if (next.to) q.set('to', next.to);
    if (next.scope) q.set('scope', next.scope);
    window.history.replaceState(null, '', `/analytics?${q}`);
    load(next);
  });
  load({ ...range, scope: operator ? range.scope : '' });
});
