// The monthly trend (report.months) with Chart.js: the pass rate of all check outcomes and the
// score of each PDCA phase per month, over bands that show the N/P/L/F thresholds.
import { CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip, Legend);
// System fonts only: nothing is fetched at run time.
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, "Hiragino Sans", "Noto Sans CJK JP", "Yu Gothic UI", Meiryo, sans-serif';
Chart.defaults.color = '#3b4550';

export const PHASE_COLOURS = { plan: '#6d4bb3', do: '#1f6fb2', check: '#c2410c', act: '#0f766e' };
const BANDS = { N: 'rgba(217, 58, 50, 0.08)', P: 'rgba(246, 195, 67, 0.12)', L: 'rgba(124, 196, 127, 0.12)', F: 'rgba(30, 123, 52, 0.08)' };

/** Shades the rating bands behind the lines. */
const ratingBands = {
  id: 'ratingBands',
  beforeDatasetsDraw(chart, _args, { thresholds }) {
    if (!thresholds) return;
    const { ctx, chartArea: area, scales } = chart;
    const y = scales.y;
    const bands = [['N', 0, thresholds.n], ['P', thresholds.n, thresholds.p], ['L', thresholds.p, thresholds.l], ['F', thresholds.l, 100]];
    ctx.save();
    ctx.font = `700 11px ${Chart.defaults.font.family}`;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    for (const [rating, lo, hi] of bands) {
      const top = Math.max(area.top, y.getPixelForValue(hi));
      const bottom = Math.min(area.bottom, y.getPixelForValue(lo));
      if (bottom <= top) continue;
      ctx.fillStyle = BANDS[rating];
      ctx.fillRect(area.left, top, area.right - area.left, bottom - top);
      ctx.fillStyle = 'rgba(59, 69, 80, 0.7)';
      ctx.fillText(rating, area.right + 8, (top + bottom) / 2);
      // The threshold above the band, as a dashed line.
      if (hi < 100 && y.getPixelForValue(hi) >= area.top) {
        ctx.strokeStyle = 'rgba(59, 69, 80, 0.35)';
        ctx.setLineDash([4, 4]);
        ctx.beginPath();
        ctx.moveTo(area.left, top);
        ctx.lineTo(area.right, top);
        ctx.stroke();
        ctx.setLineDash([]);
      }
    }
    ctx.restore();
  },
};

let chart = null;

/** Pass rate of a month's check outcomes, in percent (null without outcomes). */
export function monthRate(m) {
  const n = m.passed + m.failed;
  return n ? Math.round((m.passed / n) * 1000) / 10 : null;
}

/**
 * Draws (or redraws) the chart into `canvas`.
 * @param {HTMLCanvasElement} canvas
 * @param {object} report
 * @param {object} t UI strings
 */
export function drawTrend(canvas, report, t) {
  chart?.destroy();
  const months = report.months;
  const line = (label, data, colour, extra = {}) => ({
    label, data, borderColor: colour, backgroundColor: colour, pointRadius: 3, pointHoverRadius: 5,
    borderWidth: 2, spanGaps: false, tension: 0.2, ...extra,
  });
  const datasets = [
    line(t.overall, months.map(monthRate), '#111827', { borderWidth: 3, pointRadius: 3.5 }),
    ...['plan', 'do', 'check', 'act'].map((p) =>
      line(t.phases[p], months.map((m) => m.phases[p].score ?? null), PHASE_COLOURS[p], { borderDash: [5, 3] })),
  ];
  // The scale starts a little below the lowest value, so that month-to-month movement shows.
  const values = datasets.flatMap((d) => d.data).filter((v) => v !== null);
  const low = values.length ? Math.max(0, Math.floor((Math.min(...values) - 5) / 10) * 10) : 0;
  chart = new Chart(canvas, {
    type: 'line',
    data: { labels: months.map((m) => m.month), datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      layout: { padding: { right: 22 } },
      scales: {
        y: { min: low, max: 100, ticks: { callback: (v) => `${v} %` }, grid: { color: 'rgba(0,0,0,0.06)' } },
        x: { grid: { display: false } },
      },
      plugins: {
        ratingBands: { thresholds: report.thresholds },
        legend: { position: 'bottom', labels: { usePointStyle: true, boxWidth: 8 } },
        tooltip: {
          filter: (item) => item.raw !== null,
          callbacks: { label: (item) => ` ${item.dataset.label}: ${item.raw} %` },
        },
      },
    },
    plugins: [ratingBands],
  });
  return chart;
}
