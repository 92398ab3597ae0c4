// #/webhooks/:id: one endpoint: its settings, a test send, its deliveries, retries and replays.

import { api } from '../api.js';
import { eventPicker } from '../event-picker.js';
import { EVENT_TYPES } from '../event-types.js';
import { announce, confirmDialog, field, h, loadMore, run, secretBox, shown, table, time } from '../ui.js';
import { disabledBanner, disabledByPostcard, health, statusBadge } from '../webhook-health.js';

const PAGE_SIZE = 50;
const POLL_MS = 1500;

export async function render(container, params) {
  const path = `/v1/webhooks/${encodeURIComponent(params.id)}`;
  const webhook = await api.get(path);
  const summary = h('div');
  const notices = h('div', { 'aria-live': 'polite' });
  const show = (current) => summary.replaceChildren(...summaryOf(current, path, notices, show).filter(Boolean));
  show(webhook);
  const deliveries = deliveriesSection(path);
  container.replaceChildren(
    h('p', {}, h('a', { href: '#/webhooks', text: '← Webhooks' })),
    summary, notices,
    testSection(path),
    deliveries.element,
    replaySection(path));
  await deliveries.loaded;
}

function summaryOf(webhook, path, notices, show) {
  const editSlot = h('div');
  const toggle = h('button', { type: 'button', text: webhook.enabled ? 'Disable' : 'Enable',
    on: { click: run(async () => {
      show(await api.patch(path, { enabled: !webhook.enabled }));
      announce(webhook.enabled ? 'Webhook disabled' : 'Webhook enabled');
    }) } });
  const edit = h('button', { type: 'button', text: 'Edit', on: { click: () => {
    editSlot.replaceChildren(editForm(webhook, path, show, () => editSlot.replaceChildren()));
    editSlot.querySelector('input').focus();
  } } });
  const rotate = h('button', { type: 'button', text: 'Rotate secret', on: { click: run(async () => {
    if (!await confirmDialog('Rotate the signing secret? The old one keeps signing for 24 hours.', 'Rotate')) return;
    const rotated = await api.post(`${path}/rotate-secret`);
    notices.replaceChildren(secretBox('New signing secret', rotated.secret),
      h('p', {}, 'The previous secret also signs until ', time(rotated.previous_secret_expires_at), '.'));
  }) } });
  const remove = h('button', { type: 'button', class: 'danger', text: 'Delete', on: { click: run(async () => {
    if (!await confirmDialog(`Delete the webhook ${webhook.url}? Its deliveries stop.`, 'Delete')) return;
    await api.del(path);
    announce('Webhook deleted');
    location.hash = '#/webhooks';
  }) } });
  return [
    disabledByPostcard(webhook) ? disabledBanner(webhook, false) : null,
    h('h1', {}, h('span', { class: 'mono', text: webhook.url })),
    h('dl', { class: 'facts' },
      fact('Id', h('code', { text: webhook.id })),
      fact('Health', health(webhook)),
      fact('Enabled', webhook.enabled ? 'Yes' : 'No'),
      fact('Events', h('span', { class: 'mono', text: webhook.events.join(', ') })),
      fact('Description', webhook.description || ''),
      fact('Created', time(webhook.created_at)),
      fact('Updated', time(webhook.updated_at))),
    h('div', { class: 'actions' }, edit, toggle, rotate, remove),
    editSlot,
  ];
}

function fact(name, value) {
  return [h('dt', { text: name }), h('dd', {}, value)];
}

function editForm(webhook, path, show, close) {
  const url = h('input', { type: 'url', required: true, value: webhook.url, name: 'url' });
  const description = h('input', { type: 'text', value: webhook.description || '', name: 'description' });
  const events = eventPicker('Events', webhook.events);
  const form = h('form', { class: 'panel', 'aria-label': 'Edit webhook' },
    h('h2', { text: 'Edit webhook' }), field('Endpoint URL', url), field('Description', description), events.element,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', text: 'Save' }),
      h('button', { type: 'button', text: 'Cancel', on: { click: close } })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(async () => {
      if (events.values().length === 0) throw new Error('choose at least one event type');
      show(await api.patch(path, { url: url.value.trim(), events: events.values(), description: description.value }));
      announce('Webhook saved');
    })();
  });
  return form;
}

/** Sends a sample of one type at once and shows how the receiver answered. */
function testSection(path) {
  const type = h('select', { name: 'event_type' }, EVENT_TYPES.map((t) => h('option', { value: t, text: t })));
  const result = h('div', { class: 'test-result', 'aria-live': 'polite' });
  const send = h('button', { type: 'submit', text: 'Send test event' });
  const form = h('form', { 'aria-label': 'Send a test event' },
    h('div', { class: 'inline' }, field('Event type', type), send));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(async () => {
      send.disabled = true;
      result.replaceChildren(h('p', { class: 'muted', text: 'Sending…' }));
      try {
        const outcome = await api.post(`${path}/test`, { event_type: type.value });
        result.replaceChildren(testResult(outcome));
        announce(outcome.success ? `Test delivered: ${outcome.status}` : `Test failed: ${outcome.error}`);
      } catch (e) {
        result.replaceChildren();
        throw e;
      } finally {
        send.disabled = false;
      }
    })();
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'test-title' },
    h('h2', { id: 'test-title', text: 'Send a test event' }),
    h('p', { class: 'hint', text: 'A signed sample with "test": true, sent now and stored nowhere.' }), form, result);
}

function testResult(outcome) {
  return h('dl', { class: 'facts' },
    fact('Result', h('span', { class: `badge ${outcome.success ? 'ok' : 'bad'}`,
      text: outcome.success ? 'Delivered' : 'Failed' })),
    fact('Status', h('span', { class: 'test-status', text: outcome.status ?? '—' })),
    fact('Latency', `${outcome.latency_ms} ms`),
    fact('Response', outcome.response ? h('pre', { text: outcome.response }) : '—'),
    outcome.error ? fact('Error', h('span', { class: 'test-error', text: outcome.error })) : null);
}

function deliveriesSection(path) {
  const status = h('select', { name: 'status' }, ['', 'pending', 'succeeded', 'failed'].map((s) =>
    h('option', { value: s, text: s || 'all' })));
  const slot = h('div');
  const show = run(async () => {
    const list = table('Deliveries', [
      { title: 'Created', cell: (d) => time(d.created_at) },
      { title: 'Delivery', cell: (d) => deliveryLink(d) },
      { title: 'Event', cell: (d) => h('code', { text: d.event_id }) },
      { title: 'Status', cell: (d) => statusBadge(d.status) },
      { title: 'Attempts', cell: (d) => String(d.attempts) },
      { title: 'Last answer', cell: (d) => lastAnswer(d) },
      { title: 'Next attempt', cell: (d) => time(d.next_attempt_at) },
      { title: '', cell: (d) => (d.status === 'failed' ? retryButton(d) : '') },
    ], []);
    const empty = h('p', { class: 'muted', text: 'No deliveries.', hidden: true });
    const more = loadMore(async (cursor) => {
      const page = await api.get(`${path}/deliveries`, { limit: PAGE_SIZE, cursor, status: status.value });
      page.data.forEach(list.add);
      empty.hidden = list.body.children.length > 0;
      return page.next_cursor;
    });
    slot.replaceChildren(list.element, empty, more.button);
    await more.start();
  });
  status.addEventListener('change', show);
  const element = h('section', { 'aria-labelledby': 'deliveries-title' },
    h('h2', { id: 'deliveries-title', text: 'Deliveries' }),
    h('div', { class: 'inline' }, field('Status', status),
      h('button', { type: 'button', text: 'Refresh', on: { click: show } })),
    slot);
  return { element, loaded: show() };
}

function deliveryLink(delivery) {
  return h('a', { href: `#/deliveries/${encodeURIComponent(delivery.id)}`, class: 'mono', text: delivery.id });
}

function lastAnswer(delivery) {
  const parts = [];
  if (delivery.last_status_code) parts.push(String(delivery.last_status_code));
  if (delivery.last_error) parts.push(delivery.last_error);
  return parts.join(' — ') || '—';
}

/** Retries a failed delivery, then follows it in its row until it is settled again. */
function retryButton(delivery) {
  const button = h('button', { type: 'button', text: 'Retry', 'aria-label': `Retry ${delivery.id}` });
  button.addEventListener('click', run(async () => {
    button.disabled = true;
    let row = button.closest('tr');
    const update = (current) => {
      const next = rowFor(row, current);
      row.replaceWith(next);
      row = next;
    };
    let current = await api.post(`/v1/deliveries/${encodeURIComponent(delivery.id)}/retry`);
    announce(`Delivery ${delivery.id} queued again`);
    update(current);
    while (current.status === 'pending' && shown(row)) {
      await new Promise((resolve) => { setTimeout(resolve, POLL_MS); });
      current = await api.get(`/v1/deliveries/${encodeURIComponent(delivery.id)}`);
      update(current);
    }
    announce(`Delivery ${delivery.id} ${current.status}`);
  }));
  return button;
}

/** The row of a delivery, rebuilt from its current state (same cells as the table). */
function rowFor(oldRow, delivery) {
  const cells = oldRow.cloneNode(false);
  const fresh = [
    time(delivery.created_at),
    deliveryLink(delivery),
    h('code', { text: delivery.event_id }),
    statusBadge(delivery.status),
    String(delivery.attempts),
    lastAnswer(delivery),
    time(delivery.next_attempt_at),
    delivery.status === 'failed' ? retryButton(delivery) : '',
  ];
  [...oldRow.children].forEach((td, i) => {
    const copy = td.cloneNode(false);
    copy.append(fresh[i]);
    cells.append(copy);
  });
  return cells;
}

/** Queues again every event of a period (optionally only some types) for this endpoint. */
function replaySection(path) {
  const since = h('input', { type: 'datetime-local', required: true, step: '1', name: 'since' });
  const until = h('input', { type: 'datetime-local', required: true, step: '1', name: 'until' });
  const types = eventPicker('Only these types (none: every type it subscribes to)', [], { wildcards: false });
  const result = h('p', { 'aria-live': 'polite', class: 'replay-result' });
  const form = h('form', { 'aria-label': 'Replay a period' },
    h('div', { class: 'inline' }, field('Since (your time)', since), field('Until (your time)', until)),
    types.element,
    h('div', { class: 'actions' }, h('button', { type: 'submit', text: 'Replay' })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(async () => {
      const body = { since: new Date(since.value).toISOString(), until: new Date(until.value).toISOString() };
      if (types.values().length) body.types = types.values();
      const answer = await api.post(`${path}/replay`, body);
      result.textContent = `Replayed ${answer.replayed} event${answer.replayed === 1 ? '' : 's'}.`;
    })();
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'replay-title' },
    h('h2', { id: 'replay-title', text: 'Replay a period' }), form, result);
}
