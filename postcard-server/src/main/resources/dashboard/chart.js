// Line charts with uPlot (vendor/, served from its WebJar by DashboardRoutes). uPlot sizes and places its parts
// through element.style (the CSSOM), which the dashboard's CSP (style-src 'self') allows; it draws on a canvas.

let loading = null;

/** Loads uPlot's script and stylesheet once, from this origin; answers the uPlot constructor. */
export function loadUplot() {
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const css = document.createElement('link');
      css.rel = 'stylesheet';
      css.href = 'vendor/uPlot.min.css';
      document.head.append(css);
      const script = document.createElement('script');
      script.src = 'vendor/uPlot.iife.min.js';
      script.addEventListener('load', () => resolve(window.uPlot));
      script.addEventListener('error', () => {
        loading = null;
        reject(new Error('the chart library (vendor/uPlot.iife.min.js) did not load'));
      });
      document.head.append(script);
    });
  }
  return loading;
}

/** A colour from app.css, so the charts follow light and dark like the rest of the page. */
function cssColor(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/**
 * A chart of fractions (0..1, null for "no data") over UTC bucket starts. `series`: [{label, values, color}]
 * with `color` the name of a CSS variable. Answers the element; the chart follows its width.
 */
export async function rateChart(title, times, series) {
  const UPlot = await loadUplot();
  const element = document.createElement('div');
  element.className = 'chart';
  const axis = { stroke: cssColor('--fg'), grid: { stroke: cssColor('--line'), width: 1 }, ticks: { stroke: cssColor('--line') } };
  const options = {
    title,
    width: 600,
    height: 260,
    tzDate: (ts) => UPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'), // buckets are UTC hours and days
    scales: { y: { range: (u, min, max) => [0, Math.max(0.05, Math.min(1, max * 1.1))] } },
    axes: [axis, { ...axis, size: 56, values: (u, ticks) => ticks.map((t) => `${Math.round(t * 1000) / 10}%`) }],
    series: [{ label: 'Time (UTC)' }, ...series.map((s) => ({
      label: s.label, stroke: cssColor(s.color), width: 2, points: { show: true, size: 5 },
      value: (u, v) => (v === null || v === undefined ? '–' : percent(v)),
    }))],
  };
  const plot = new UPlot(options, [times, ...series.map((s) => s.values)], element);
  // Follow the width of the page (and a phone turned sideways); the first size is set once it is in the page.
  const resize = new ResizeObserver(() => {
    const width = Math.max(280, element.clientWidth);
    if (Math.abs(width - plot.width) > 2) plot.setSize({ width, height: 260 });
  });
  resize.observe(element);
  return element;
}

/** 0.98333 → "98.3%"; null → "–". */
export function percent(rate) {
  return rate === null || rate === undefined ? '–' : `${(rate * 100).toFixed(1)}%`;
}
