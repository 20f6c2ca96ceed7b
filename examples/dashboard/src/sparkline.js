// A sparkline: one small SVG line of a series (nulls leave a gap), with a dot on the last value.
// The figures it is drawn from are always shown beside it: the line adds the shape, not the data.

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/**
 * @param {(number | null)[]} values oldest first
 * @param {{label: string, width?: number, height?: number, min?: number, max?: number}} options
 *   `label`: what a screen reader says; `min`/`max`: the scale (default the values' own range)
 */
export function sparkline(values, { label, width = 96, height = 22, min, max }) {
  const known = values.filter((v) => typeof v === 'number');
  const lo = min ?? Math.min(...known, 0);
  const hi = max ?? Math.max(...known, lo + 1);
  const pad = 3;
  const x = (i) => (values.length > 1 ? pad + (i * (width - 2 * pad)) / (values.length - 1) : width / 2);
  const y = (v) => height - pad - ((v - lo) / (hi - lo || 1)) * (height - 2 * pad);
  const root = svg('svg', { class: 'spark', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label });
  root.dataset.values = values.map((v) => (v === null ? '' : v)).join(',');
  let path = '';
  values.forEach((v, i) => {
    if (typeof v !== 'number') return;
    path += `${path && typeof values[i - 1] === 'number' ? 'L' : 'M'}${x(i).toFixed(1)} ${y(v).toFixed(1)}`;
  });
  if (path) root.append(svg('path', { d: path, fill: 'none', stroke: 'currentColor', 'stroke-width': 1.5 }));
  values.forEach((v, i) => {
    if (typeof v === 'number') root.append(svg('circle', { cx: x(i).toFixed(1), cy: y(v).toFixed(1), r: i === values.length - 1 ? 2.6 : 1.6, fill: 'currentColor' }));
  });
  return root;
}
