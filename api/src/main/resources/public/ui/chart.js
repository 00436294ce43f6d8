// Charts drawn as SVG elements: values and labels are set as attributes and text, never markup.
import { el } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

const W = 560;
const H = 170;
const LEFT = 44;
const BOTTOM = 22;
const TOP = 10;

function frame(id, title, max, unit) {
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', id, role: 'img', 'aria-label': title });
  const plotHeight = H - BOTTOM - TOP;
  root.append(
    svg('line', { x1: LEFT, y1: TOP + plotHeight, x2: W - 4, y2: TOP + plotHeight, class: 'axis' }),
    svg('line', { x1: LEFT, y1: TOP, x2: LEFT, y2: TOP + plotHeight, class: 'axis' }),
    svg('text', { x: LEFT - 4, y: TOP + 8, class: 'tick', 'text-anchor': 'end' }, compact(max)),
    svg('text', { x: LEFT - 4, y: TOP + plotHeight, class: 'tick', 'text-anchor': 'end' }, '0'),
    svg('text', { x: LEFT - 4, y: TOP + plotHeight / 2 + 4, class: 'tick', 'text-anchor': 'end' }, unit || ''));
  return { root, plotHeight };
}

function compact(value) {
  if (value >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (value >= 1e4) return `${Math.round(value / 1e3)}k`;
  return String(Math.round(value * 10) / 10);
}

function minuteLabels(root, count, plotHeight) {
  const width = W - LEFT - 4;
  for (const [i, text, anchor] of [[0, '−60 min', 'start'], [Math.floor(count / 2), '−30 min', 'middle'], [count - 1, 'now', 'end']]) {
    root.append(svg('text', {
      x: LEFT + (anchor === 'start' ? 0 : anchor === 'end' ? count : i + 0.5) * (width / count), y: TOP + plotHeight + 16, class: 'tick', 'text-anchor': anchor,
    }, text));
  }
}

// Bars, one per point ({label, value}), oldest left.
export function barChart(id, title, points, unit, className = '') {
  const max = Math.max(1, ...points.map((p) => p.value || 0));
  const { root, plotHeight } = frame(id, title, max, unit);
  const width = (W - LEFT - 4) / points.length;
  points.forEach((point, i) => {
    const height = ((point.value || 0) / max) * plotHeight;
    root.append(svg('rect', {
      x: LEFT + i * width + 1, y: TOP + plotHeight - height, width: Math.max(1, width - 2), height,
      class: `bar ${className}`, 'data-value': point.value,
    }, svg('title', {}, `${point.label}: ${point.value}${unit ? ` ${unit}` : ''}`)));
  });
  minuteLabels(root, points.length, plotHeight);
  return figure(title, root);
}

// A line through the points that have a value; a dot on each.
export function lineChart(id, title, points, unit) {
  const values = points.map((p) => p.value).filter((v) => v !== null && v !== undefined);
  const max = Math.max(1, ...values);
  const { root, plotHeight } = frame(id, title, max, unit);
  const width = (W - LEFT - 4) / points.length;
  const coordinates = [];
  points.forEach((point, i) => {
    if (point.value === null || point.value === undefined) return;
    const x = LEFT + (i + 0.5) * width;
    const y = TOP + plotHeight - (point.value / max) * plotHeight;
    coordinates.push(`${x},${y}`);
    root.append(svg('circle', { cx: x, cy: y, r: 2.5, class: 'dot', 'data-value': point.value },
      svg('title', {}, `${point.label}: ≤ ${point.value} ${unit}`)));
  });
  if (coordinates.length > 1) root.prepend(svg('polyline', { points: coordinates.join(' '), class: 'line' }));
  minuteLabels(root, points.length, plotHeight);
  return figure(title, root);
}

// Horizontal stacked bars, one row per {label, values: [a, b]}, with a legend.
export function stackedRows(id, title, rows, legend) {
  const rowHeight = 22;
  const height = Math.max(1, rows.length) * rowHeight + 24;
  const root = svg('svg', { viewBox: `0 0 ${W} ${height}`, class: 'chart', id, role: 'img', 'aria-label': title });
  const max = Math.max(1, ...rows.map((r) => r.values.reduce((a, b) => a + b, 0)));
  const labelWidth = 150;
  const width = W - labelWidth - 60;
  rows.forEach((row, i) => {
    const y = i * rowHeight + 4;
    root.append(svg('text', { x: labelWidth - 6, y: y + 13, class: 'tick', 'text-anchor': 'end' }, row.label));
    let x = labelWidth;
    row.values.forEach((value, k) => {
      const w = (value / max) * width;
      root.append(svg('rect', { x, y, width: Math.max(0, w), height: rowHeight - 6, class: `bar series-${k}`, 'data-value': value },
        svg('title', {}, `${row.label}: ${value} ${legend[k]}`)));
      x += w;
    });
    root.append(svg('text', { x: x + 6, y: y + 13, class: 'tick' }, row.values.join(' / ')));
  });
  legend.forEach((name, k) => {
    root.append(svg('rect', { x: labelWidth + k * 110, y: height - 14, width: 10, height: 10, class: `bar series-${k}` }),
      svg('text', { x: labelWidth + k * 110 + 14, y: height - 5, class: 'tick' }, name));
  });
  return figure(title, root);
}

// One row per instance: a square per partition it owns (active filled, standby outlined).
export function partitionRows(id, title, instances) {
  const rowHeight = 26;
  const height = Math.max(1, instances.length) * rowHeight + 8;
  const root = svg('svg', { viewBox: `0 0 ${W} ${height}`, class: 'chart', id, role: 'img', 'aria-label': title });
  instances.forEach((instance, i) => {
    const y = i * rowHeight + 4;
    root.append(svg('text', { x: 4, y: y + 14, class: `tick${instance.answered ? '' : ' bad'}` },
      `${instance.host}${instance.self ? ' (this)' : ''}${instance.answered ? '' : ' — no answer'}`));
    let x = 220;
    for (const partition of instance.partitions || []) {
      root.append(svg('rect', { x, y, width: 16, height: 16, class: 'partition active' }, svg('title', {}, `partition ${partition}`)),
        svg('text', { x: x + 8, y: y + 12, class: 'partition-label', 'text-anchor': 'middle' }, partition));
      x += 19;
    }
    for (const partition of instance.standbyPartitions || []) {
      root.append(svg('rect', { x, y, width: 16, height: 16, class: 'partition standby' }, svg('title', {}, `standby of partition ${partition}`)),
        svg('text', { x: x + 8, y: y + 12, class: 'partition-label', 'text-anchor': 'middle' }, partition));
      x += 19;
    }
  });
  return figure(title, root);
}

// A lane per timer (the busiest twelve, the rest together) with a mark per firing, on a time axis
// from `from` to `to` (epoch ms), a tick every ten minutes.
export function timeline(id, title, firings, from, to, zone) {
  const LANES = 12;
  const width = 1100;
  const left = 190;
  const laneHeight = 20;
  const counts = new Map();
  for (const firing of firings) counts.set(firing.timerId, (counts.get(firing.timerId) || 0) + 1);
  const busiest = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, LANES).map(([timer]) => timer);
  const lanes = new Map(busiest.map((timer, i) => [timer, i]));
  const others = counts.size > busiest.length;
  const laneCount = busiest.length + (others ? 1 : 0);
  const height = Math.max(1, laneCount) * laneHeight + 30;
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart timeline', id, role: 'img', 'aria-label': title });
  const x = (t) => left + ((t - from) / (to - from)) * (width - left - 20);
  const axis = laneCount * laneHeight + 4;
  root.append(svg('line', { x1: left, y1: axis, x2: width - 20, y2: axis, class: 'axis' }));
  for (let t = from; t <= to; t += 10 * 60 * 1000) {
    const label = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit' }).format(new Date(t));
    root.append(svg('line', { x1: x(t), y1: axis - 3, x2: x(t), y2: axis + 3, class: 'axis' }),
      svg('text', { x: x(t), y: axis + 18, class: 'tick', 'text-anchor': 'middle' }, label));
  }
  busiest.forEach((timer, i) => root.append(
    svg('text', { x: left - 8, y: i * laneHeight + 14, class: 'tick', 'text-anchor': 'end' },
      timer.length > 28 ? `${timer.substring(0, 27)}…` : timer, svg('title', {}, `${timer}: ${counts.get(timer)} firings`))));
  if (others) {
    root.append(svg('text', { x: left - 8, y: busiest.length * laneHeight + 14, class: 'tick', 'text-anchor': 'end' },
      `${counts.size - busiest.length} other timers`));
  }
  for (const firing of firings) {
    const lane = lanes.has(firing.timerId) ? lanes.get(firing.timerId) : busiest.length;
    root.append(svg('circle', { cx: x(Date.parse(firing.dueAt)), cy: lane * laneHeight + 10, r: 3, class: 'dot', 'data-timer': firing.timerId },
      svg('title', {}, `${firing.dueAt} ${firing.timerId}`)));
  }
  return figure(title, root);
}

function figure(title, root) {
  return el('figure', { className: 'figure' }, el('figcaption', {}, title), root);
}
