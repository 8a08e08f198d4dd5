// Charts drawn by hand as inline SVG: no library, no build step. Each chart is one <svg role="img">
// with a text alternative, a y axis with round ticks, and a <title> on every bar or point (the
// browser shows it on hover). Colours come from app.css classes, so dark mode follows.

const NS = 'http://www.w3.org/2000/svg';
const W = 640;
const H = 240;
const PAD = { top: 14, right: 12, bottom: 34, left: 48 };

function el(name, attrs = {}, text) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Round tick values from 0 to at least max: steps of 1, 2 or 5 times a power of ten; whole steps
 * only for counts (a recording is never half).
 */
export function niceTicks(max, { count = 4, integer = false } = {}) {
  if (!(max > 0)) return [0, 1];
  const raw = integer ? Math.max(1, max / count) : max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const ticks = [];
  for (let v = 0; v < max + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  return ticks;
}

function frame(container, label) {
  const svg = el('svg', {
    viewBox: `0 0 ${W} ${H}`, class: 'chart-svg', role: 'img', 'aria-label': label,
    preserveAspectRatio: 'xMidYMid meet',
  });
  svg.append(el('title', {}, label));
  container.replaceChildren(svg);
  return svg;
}

function yAxis(svg, ticks, format) {
  const top = ticks[ticks.length - 1];
  const y = (v) => PAD.top + (H - PAD.top - PAD.bottom) * (1 - v / top);
  for (const t of ticks) {
    svg.append(el('line', { x1: PAD.left, x2: W - PAD.right, y1: y(t), y2: y(t), class: 'chart-grid' }));
    svg.append(el('text', { x: PAD.left - 6, y: y(t) + 4, class: 'chart-tick', 'text-anchor': 'end' }, format(t)));
  }
  return y;
}

function xLabels(svg, labels, x) {
  // At most ~8 labels fit under 640 units; the rest are in the bars' and points' titles.
  const every = Math.max(1, Math.ceil(labels.length / 8));
  const last = labels.length - 1;
  labels.forEach((label, i) => {
    // The last label is always shown, so a stepped one too close before it is left out; a label at
    // the right edge (a line's last point) ends there instead of being centred past it.
    if (i !== last && (i % every !== 0 || last - i < every)) return;
    const anchor = x(i) > W - PAD.right - 24 ? 'end' : 'middle';
    svg.append(el('text', { x: x(i), y: H - PAD.bottom + 18, class: 'chart-tick', 'text-anchor': anchor }, label));
  });
}

/** Bars, one per label. values may hold null (drawn as nothing). */
export function barChart(container, { labels, values, format = String, describe, integer = false }) {
  const svg = frame(container, describe);
  const max = Math.max(0, ...values.filter((v) => v != null));
  const y = yAxis(svg, niceTicks(max, { integer }), format);
  const slot = (W - PAD.left - PAD.right) / Math.max(1, labels.length);
  const x = (i) => PAD.left + slot * (i + 0.5);
  const barWidth = Math.max(2, slot * 0.6);
  labels.forEach((label, i) => {
    const v = values[i];
    if (v == null) return;
    const top = y(v);
    const bar = el('rect', {
      x: x(i) - barWidth / 2, y: top, width: barWidth, height: Math.max(0, y(0) - top),
      class: 'chart-bar', 'data-value': v,
    });
    bar.append(el('title', {}, `${label}: ${format(v)}`));
    svg.append(bar);
  });
  xLabels(svg, labels, x);
  return svg;
}

/**
 * Lines, one per series ({name, values, cls}); a null value breaks the line. A legend names the
 * series when there is more than one.
 */
export function lineChart(container, { labels, series, format = String, describe, integer = false }) {
  const svg = frame(container, describe);
  const all = series.flatMap((s) => s.values).filter((v) => v != null);
  const y = yAxis(svg, niceTicks(Math.max(0, ...all), { integer }), format);
  const span = Math.max(1, labels.length - 1);
  const x = (i) => (labels.length === 1
    ? (PAD.left + W - PAD.right) / 2
    : PAD.left + ((W - PAD.left - PAD.right) * i) / span);
  series.forEach((s, n) => {
    let d = '';
    let pen = 'M';
    s.values.forEach((v, i) => {
      if (v == null) {
        pen = 'M';
        return;
      }
      d += `${pen}${x(i).toFixed(1)},${y(v).toFixed(1)} `;
      pen = 'L';
    });
    if (d) svg.append(el('path', { d: d.trim(), class: `chart-line ${s.cls || `series-${n}`}` }));
    s.values.forEach((v, i) => {
      if (v == null) return;
      const dot = el('circle', { cx: x(i), cy: y(v), r: 3.5, class: `chart-dot ${s.cls || `series-${n}`}` });
      dot.append(el('title', {}, `${s.name}, ${labels[i]}: ${format(v)}`));
      svg.append(dot);
    });
  });
  xLabels(svg, labels, x);
  if (series.length > 1) {
    const legend = document.createElement('ul');
    legend.className = 'chart-legend';
    series.forEach((s, n) => {
      const li = document.createElement('li');
      const key = document.createElement('span');
      key.className = `legend-key ${s.cls || `series-${n}`}`;
      key.setAttribute('aria-hidden', 'true');
      li.append(key, document.createTextNode(s.name));
      legend.append(li);
    });
    container.append(legend);
  }
  return svg;
}
