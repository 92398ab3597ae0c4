// Line charts with uPlot (vendor/, served from its WebJar by DashboardPage). uPlot sizes and places its parts
// through element.style (the CSSOM), which the dashboard's CSP (style-src 'self') allows; it draws on a canvas.

let loading = null;
const HEIGHT = 220;
const DAY = 86400;
/** Tick steps in seconds: whole days for daily buckets, whole hours for hourly ones. */
const DAY_STEPS = [DAY, 2 * DAY, 7 * DAY, 14 * DAY, 28 * DAY, 91 * DAY, 365 * DAY];
const HOUR_STEPS = [3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600, ...DAY_STEPS];

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
 * A chart of fractions (0..1, null for "no data") over the starts of UTC days or hours (`interval`). `series`:
 * [{label, values, color}] with `color` the name of a CSS variable. Answers the element; it follows its width.
 */
export async function rateChart(title, interval, times, series) {
  const UPlot = await loadUplot();
  const element = document.createElement('div');
  element.className = 'chart';
  const axis = { stroke: cssColor('--fg'), grid: { stroke: cssColor('--line'), width: 1 }, ticks: { stroke: cssColor('--line') } };
  const options = {
    title,
    width: 600,
    height: HEIGHT,
    tzDate: (ts) => UPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'), // ticks on UTC midnights, as the buckets are
    // The exact values are in the table under the charts; a legend of labels reads better than one of "--".
    legend: { live: false },
    scales: { y: { range: (u, min, max) => [0, Math.max(0.05, Math.min(1, max * 1.1))] } },
    axes: [{ ...axis, incrs: interval === 'day' ? DAY_STEPS : HOUR_STEPS, values: (u, ticks) => ticks.map((t) => label(t, interval)) },
      { ...axis, size: 56, values: (u, ticks) => ticks.map((t) => `${Math.round(t * 1000) / 10}%`) }],
    series: [{ label: 'Time (UTC)' }, ...series.map((s) => ({
      label: s.label, stroke: cssColor(s.color), width: 2, points: { show: true, size: 5 },
      value: (u, v) => (v === null || v === undefined ? '–' : percent(v)),
    }))],
  };
  const plot = new UPlot(options, [times, ...series.map((s) => s.values)], element);
  // Follow the width of the page (and a phone turned sideways); the first size is set once it is in the page.
  const resize = new ResizeObserver(() => {
    const width = Math.max(280, element.clientWidth);
    if (Math.abs(width - plot.width) > 2) plot.setSize({ width, height: HEIGHT });
  });
  resize.observe(element);
  return element;
}

/** Buckets are UTC days and hours: labelled in UTC, whatever the browser's zone. */
function label(seconds, interval) {
  const date = new Date(seconds * 1000);
  const day = date.toLocaleDateString('en', { month: 'short', day: 'numeric', timeZone: 'UTC' });
  return interval === 'day' ? day : `${day} ${String(date.getUTCHours()).padStart(2, '0')}:00`;
}

/** 0.98333 → "98.3%"; null → "–". */
export function percent(rate) {
  return rate === null || rate === undefined ? '–' : `${(rate * 100).toFixed(1)}%`;
}
