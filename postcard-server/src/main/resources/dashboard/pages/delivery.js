// #/deliveries/:id: one delivery of one event to one endpoint, with every attempt and the receiver's answers.

import { api } from '../api.js';
import { announce, h, run, shown, table, time } from '../ui.js';
import { statusBadge } from '../webhook-health.js';

const POLL_MS = 1500;

export async function render(container, params) {
  const path = `/v1/deliveries/${encodeURIComponent(params.id)}`;
  const show = (delivery) => container.replaceChildren(...view(delivery, path, show, container));
  show(await api.get(path));
}

function view(delivery, path, show, container) {
  const retry = delivery.status === 'failed' ? h('button', { type: 'button', class: 'primary', text: 'Retry',
    on: { click: run(async () => {
      let current = await api.post(`${path}/retry`);
      announce('Delivery queued again');
      // Follow it until the worker has tried it: the user sees the outcome without reloading.
      while (current.status === 'pending' && shown(container)) {
        show({ ...current, attempt_log: delivery.attempt_log });
        await new Promise((resolve) => { setTimeout(resolve, POLL_MS); });
        current = await api.get(path);
      }
      show(current);
      announce(`Delivery ${current.status}`);
    }) } }) : null;
  const attempts = table('Attempts', [
    { title: 'Time', cell: (a) => time(a.time) },
    { title: 'Status', cell: (a) => (a.status_code === null ? '—' : String(a.status_code)) },
    { title: 'Duration', cell: (a) => `${a.latency_ms} ms` },
    { title: 'Response', cell: (a) => (a.response_excerpt ? h('pre', { text: a.response_excerpt }) : '—') },
    { title: 'Error', cell: (a) => [a.error_class, a.error].filter(Boolean).join(': ') || '—' },
  ], delivery.attempt_log || []);
  return [
    h('p', {}, h('a', { href: `#/webhooks/${encodeURIComponent(delivery.webhook_id)}`, text: '← Webhook' })),
    h('h1', {}, 'Delivery ', h('code', { text: delivery.id })),
    h('dl', { class: 'facts' },
      fact('Status', h('span', { class: 'delivery-status', 'aria-live': 'polite' }, statusBadge(delivery.status))),
      fact('Event', h('code', { text: delivery.event_id })),
      fact('Attempts', String(delivery.attempts)),
      fact('Last status', delivery.last_status_code === null ? '—' : String(delivery.last_status_code)),
      fact('Last error', delivery.last_error || '—'),
      fact('Next retry', time(delivery.next_attempt_at)),
      fact('Created', time(delivery.created_at)),
      fact('Completed', time(delivery.completed_at))),
    h('div', { class: 'actions' }, retry),
    h('h2', { text: 'Attempts' }),
    (delivery.attempt_log || []).length ? attempts.element : h('p', { class: 'muted', text: 'No attempts yet.' }),
  ];
}

function fact(name, value) {
  return [h('dt', { text: name }), h('dd', {}, value)];
}
