// How an endpoint is doing, shared by the list and the detail page.

import { api } from './api.js';
import { h } from './ui.js';

// The reason the API gives for an endpoint a person disabled (WebhookEndpoints.DISABLED_BY_USER); any other
// reason is Postcard's own doing, which must be shown loudly. DashboardRoutesTest checks the two agree.
const DISABLED_BY_USER = 'disabled by the user';

/** True when Postcard, not a person, stopped deliveries to this endpoint. */
export function disabledByPostcard(webhook) {
  return !webhook.enabled && Boolean(webhook.disabled_reason) && webhook.disabled_reason !== DISABLED_BY_USER;
}

/** Postcard disabled this endpoint itself (410 Gone, or failing for days): this must not be missed. */
export function disabledBanner(webhook, withLink) {
  return h('div', { class: 'banner', role: 'alert' },
    'Postcard disabled ',
    withLink ? h('a', { href: `#/webhooks/${encodeURIComponent(webhook.id)}`, class: 'mono', text: webhook.url })
      : 'this endpoint',
    ': nothing is delivered to it.',
    h('p', {}, 'Reason: ', h('span', { class: 'disabled-reason', text: webhook.disabled_reason })),
    h('p', { text: 'Fix the receiver, then enable the endpoint again; events in between can be replayed.' }));
}

export function health(webhook) {
  if (disabledByPostcard(webhook)) {
    return h('span', {}, h('span', { class: 'badge bad', text: 'Disabled by Postcard' }), ' ',
      h('span', { class: 'disabled-reason', text: webhook.disabled_reason }));
  }
  if (!webhook.enabled) return h('span', { class: 'badge wait', text: 'Paused' });
  return h('span', { class: 'badge ok', text: 'Active' });
}

/** The newest delivery's status, or null when there has been none. */
export async function lastDelivery(webhookId) {
  // Quiet: the list is what matters; a health detail that failed to load is left out, not an error box.
  const page = await api.get(`/v1/webhooks/${encodeURIComponent(webhookId)}/deliveries`, { limit: 1 },
    { quiet: true });
  const last = page.data[0];
  return last ? h('span', { class: 'muted', text: `last delivery ${deliveryText(last)}` }) : null;
}

export function deliveryText(delivery) {
  const code = delivery.last_status_code ? ` (${delivery.last_status_code})` : '';
  return `${delivery.status}${code}`;
}

export function statusBadge(status) {
  const kind = { succeeded: 'ok', failed: 'bad', pending: 'wait' }[status] || '';
  return h('span', { class: `badge ${kind}`, text: status });
}
