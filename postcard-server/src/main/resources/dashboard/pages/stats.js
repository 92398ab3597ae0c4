// #/stats: delivery and engagement over time (charts of GET /v1/stats?interval=...), and a table by tag, domain
// or provider with opens and clicks split into people and machines. Each rate says how it is computed.

import { api } from '../api.js';
import { percent, rateChart } from '../chart.js';
import { field, h, table, uid } from '../ui.js';

/** The rates as postcard-core's Rates computes them (capped at 1; null when the denominator is 0). */
export const RATES = [
  { key: 'delivery_rate', label: 'Delivery rate', formula: 'delivered / sent', color: '--chart-1' },
  { key: 'bounce_rate', label: 'Bounce rate', formula: 'bounced / sent', color: '--chart-4' },
  { key: 'complaint_rate', label: 'Complaint rate', formula: 'complained / delivered', color: '--chart-5' },
  { key: 'open_rate', label: 'Open rate', formula: 'unique human opens / delivered', color: '--chart-2' },
  { key: 'click_rate', label: 'Click rate', formula: 'unique human clicks / delivered', color: '--chart-3' },
  { key: 'click_to_open_rate', label: 'Click-to-open rate', formula: 'unique human clicks / unique human opens',
    color: '--chart-6' },
];
const rate = (key) => RATES.find((r) => r.key === key);

export async function render(container, params) {
  const q = params.query;
  const settings = {
    interval: q.get('interval') === 'hour' ? 'hour' : 'day',
    group_by: ['tag', 'domain', 'provider'].includes(q.get('group_by')) ? q.get('group_by') : 'tag',
    from: q.get('from') || '',
    to: q.get('to') || '',
  };
  const period = {
    from: settings.from ? `${settings.from}T00:00:00Z` : undefined,
    to: settings.to ? nextDay(settings.to) : undefined,
  };
  // The choices first, so a period the server refuses (its error names the field) can be corrected here.
  const results = h('div', { class: 'stats-results' });
  container.replaceChildren(h('h1', { text: 'Stats' }), controls(settings),
    h('p', { class: 'period' }, periodText(settings)), results);
  // One request first: a bad period is then reported once, not three times.
  const overTime = await api.get('/v1/stats', { ...period, interval: settings.interval });
  const [total, groups] = await Promise.all([
    api.get('/v1/stats', period),
    api.get('/v1/stats', { ...period, group_by: settings.group_by }),
  ]);
  const times = overTime.data.map((row) => Date.parse(row.bucket) / 1000);
  const column = (key) => overTime.data.map((row) => row[key]);
  const charts = h('div', { class: 'charts' });
  results.replaceChildren(
    h('h2', { text: `Rates per ${settings.interval} (UTC)` }),
    overTime.data.length ? charts : h('p', { class: 'muted', text: 'No events in this period.' }),
    overTime.data.length ? bucketTable(overTime.data, settings.interval) : null,
    h('h2', { text: `By ${settings.group_by}` }),
    groupTable(settings.group_by, total.data, groups.data),
    formulas());
  if (overTime.data.length) {
    charts.append(
      await rateChart('Delivery and engagement', settings.interval, times, ['delivery_rate', 'open_rate', 'click_rate']
        .map((key) => ({ label: rate(key).label, values: column(key), color: rate(key).color }))),
      await rateChart('Bounces and complaints', settings.interval, times, ['bounce_rate', 'complaint_rate']
        .map((key) => ({ label: rate(key).label, values: column(key), color: rate(key).color }))));
  }
}

/** The day after a yyyy-mm-dd, at midnight UTC: the end of a period that includes that day. */
function nextDay(day) {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString();
}

function periodText(settings) {
  if (!settings.from && !settings.to) return 'The last 30 days, up to now (the server\'s defaults).';
  return `From ${settings.from || '30 days before the end'} to ${settings.to || 'now'} (UTC days, both included).`;
}

/** The choices live in the URL: applying them renders the page again, and a view can be linked. */
function controls(settings) {
  const interval = h('select', { name: 'interval' }, ['day', 'hour'].map((i) =>
    h('option', { value: i, text: i === 'day' ? 'Day' : 'Hour', selected: i === settings.interval })));
  const groupBy = h('select', { name: 'group_by' }, ['tag', 'domain', 'provider'].map((g) =>
    h('option', { value: g, text: g, selected: g === settings.group_by })));
  const from = h('input', { type: 'date', name: 'from', value: settings.from });
  const to = h('input', { type: 'date', name: 'to', value: settings.to });
  const form = h('form', { class: 'inline', 'aria-label': 'Stats period and grouping' },
    field('Each point is a', interval), field('From (UTC day)', from), field('To (UTC day, included)', to),
    field('Table by', groupBy), h('button', { type: 'submit', class: 'primary', text: 'Show' }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = new URLSearchParams({ interval: interval.value, group_by: groupBy.value });
    if (from.value) query.set('from', from.value);
    if (to.value) query.set('to', to.value);
    const hash = `#/stats?${query}`;
    if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
    else location.hash = hash;
  });
  return form;
}

/** A column heading for a rate: its formula on hover (title) and on keyboard focus (a tooltip it describes). */
function rateHeading(r) {
  const tipId = uid('formula');
  return h('span', { class: 'rate-head' },
    h('button', { type: 'button', class: 'link formula', title: `${r.label} = ${r.formula}`, 'aria-describedby': tipId,
      text: r.label }),
    h('span', { role: 'tooltip', id: tipId, class: 'tip', text: `= ${r.formula}` }));
}

function engagement(counts) {
  return `${counts.human} (${counts.unique_human} unique)`;
}

function machines(counts) {
  return `${counts.machine} (${counts.unique_machine} unique)`;
}

function groupTable(dimension, total, groups) {
  const rows = [...total.map((row) => ({ ...row, name: 'All', all: true })),
    ...groups.map((row) => ({ ...row, name: row[dimension] }))];
  if (rows.length === 0) return h('p', { class: 'muted', text: 'No events in this period.' });
  const columns = [
    { title: dimension, cell: (r) => (r.all ? h('strong', { text: 'All' }) : h('span', { class: 'mono', text: r.name })) },
    { title: 'Sent', cell: (r) => String(r.sent) },
    { title: 'Delivered', cell: (r) => String(r.delivered) },
    { title: 'Bounced', cell: (r) => `${r.bounced} (${r.hard_bounced} hard)` },
    { title: 'Complained', cell: (r) => String(r.complained) },
    { title: 'Unsubscribed', cell: (r) => String(r.unsubscribed) },
    { title: 'Opens by people', cell: (r) => engagement(r.opens) },
    { title: 'Opens by machines', cell: (r) => machines(r.opens) },
    { title: 'Clicks by people', cell: (r) => engagement(r.clicks) },
    { title: 'Clicks by machines', cell: (r) => machines(r.clicks) },
    ...RATES.map((r) => ({ title: r.label, heading: rateHeading(r), cell: (row) => percent(row[r.key]) })),
  ];
  const built = table(`Stats by ${dimension}`, columns, rows);
  // The rate headings carry their formula: swap the plain text the table helper put in for them.
  const headings = built.element.querySelectorAll('thead th');
  columns.forEach((c, i) => { if (c.heading) headings[i].replaceChildren(c.heading); });
  built.element.classList.add('stats-table');
  return built.element;
}

/** The charts' numbers, for those who cannot see the charts (and for exact values). */
function bucketTable(data, interval) {
  const built = table(`Rates per ${interval}`, [
    { title: interval === 'day' ? 'Day (UTC)' : 'Hour (UTC)', cell: (r) => (interval === 'day' ? r.bucket.slice(0, 10)
      : `${r.bucket.slice(0, 16).replace('T', ' ')}`) },
    { title: 'Sent', cell: (r) => String(r.sent) },
    { title: 'Delivered', cell: (r) => String(r.delivered) },
    ...RATES.map((r) => ({ title: r.label, cell: (row) => percent(row[r.key]) })),
  ], data);
  return h('details', { class: 'chart-data' }, h('summary', { text: 'The charts\' numbers as a table' }), built.element);
}

function formulas() {
  return h('section', { 'aria-labelledby': 'formulas-title', class: 'formulas' },
    h('h2', { id: 'formulas-title', text: 'How the rates are computed' }),
    h('dl', { class: 'facts' }, RATES.flatMap((r) => [h('dt', { text: r.label }), h('dd', { class: 'mono', text: r.formula })])),
    h('p', { class: 'hint', text: 'Unique: each message counted once, at its first human open or click. Machines are'
      + ' image proxies, privacy protection and link scanners. A rate is – when its denominator is 0, and at most'
      + ' 100% (events may arrive without the ones before them).' }));
}
