// #/webhooks: a tenant's endpoints, their health at a glance, and the form that adds one.

import { api } from '../api.js';
import { eventPicker } from '../event-picker.js';
import { announce, field, h, loadMore, run, secretBox, table } from '../ui.js';
import { disabledBanner, disabledByPostcard, health, lastDelivery } from '../webhook-health.js';

const PAGE_SIZE = 50;

export async function render(container) {
  const banners = h('div', { class: 'banners' });
  const created = h('div');
  const formSlot = h('div');
  const newButton = h('button', { type: 'button', class: 'primary', text: 'New webhook', 'aria-expanded': 'false' });
  const list = table('Webhooks', [
    { title: 'URL', cell: (w) => h('a', { href: `#/webhooks/${encodeURIComponent(w.id)}`, class: 'mono',
      text: w.url }) },
    { title: 'Events', cell: (w) => h('span', { class: 'mono', text: w.events.join(', ') }) },
    { title: 'Enabled', cell: (w) => (w.enabled ? 'Yes' : 'No') },
    { title: 'Description', cell: (w) => w.description || '' },
    { title: 'Health', cell: (w) => healthCell(w) },
  ], []);
  const empty = h('p', { class: 'muted', text: 'No webhooks yet.', hidden: true });
  let count = 0;
  const more = loadMore(async (cursor) => {
    const page = await api.get('/v1/webhooks', { limit: PAGE_SIZE, cursor });
    page.data.forEach((w) => {
      list.add(w);
      if (disabledByPostcard(w)) banners.append(disabledBanner(w, true));
    });
    count += page.data.length;
    empty.hidden = count > 0;
    list.element.hidden = count === 0;
    return page.next_cursor;
  });

  newButton.addEventListener('click', () => {
    if (formSlot.firstChild) {
      formSlot.replaceChildren();
      newButton.setAttribute('aria-expanded', 'false');
      return;
    }
    newButton.setAttribute('aria-expanded', 'true');
    formSlot.replaceChildren(createForm(async (webhook) => {
      formSlot.replaceChildren();
      newButton.setAttribute('aria-expanded', 'false');
      created.replaceChildren(h('p', {}, 'Created ',
        h('a', { href: `#/webhooks/${encodeURIComponent(webhook.id)}`, class: 'mono', text: webhook.url }), '.'),
      secretBox('Signing secret', webhook.secret));
      announce(`Webhook ${webhook.url} created`);
      list.body.replaceChildren();
      banners.replaceChildren();
      count = 0;
      await more.start();
    }));
    formSlot.querySelector('input').focus();
  });

  container.replaceChildren(h('h1', { text: 'Webhooks' }), banners,
    h('div', { class: 'actions' }, newButton), formSlot, created, list.element, empty, more.button);
  await more.start();
}

/** Health: Postcard's own verdict first (disabled, paused), then how the last delivery went. */
function healthCell(webhook) {
  const cell = h('span', {}, health(webhook));
  if (webhook.enabled) {
    lastDelivery(webhook.id).then((node) => { if (node) cell.append(' ', node); }).catch(() => {});
  }
  return cell;
}

function createForm(onCreated) {
  const url = h('input', { type: 'url', required: true, placeholder: 'https://example.com/postcard', name: 'url' });
  const description = h('input', { type: 'text', name: 'description' });
  const secret = h('input', { type: 'text', name: 'secret', autocomplete: 'off', spellcheck: 'false' });
  const enabled = h('input', { type: 'checkbox', name: 'enabled', checked: true, id: 'new-webhook-enabled' });
  const events = eventPicker('Events', []);
  const form = h('form', { class: 'panel', 'aria-label': 'New webhook' },
    h('h2', { text: 'New webhook' }),
    field('Endpoint URL', url, 'https, on a public address (unless the operator allows private networks)'),
    field('Description', description),
    events.element,
    field('Signing secret (optional)', secret, 'leave empty and Postcard makes one (whsec_...)'),
    h('div', { class: 'inline' }, enabled, h('label', { for: enabled.id, text: 'Enabled' })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', text: 'Create webhook' })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(async () => {
      const chosen = events.values();
      if (chosen.length === 0) throw new Error('choose at least one event type');
      const body = { url: url.value.trim(), events: chosen, enabled: enabled.checked };
      if (description.value.trim()) body.description = description.value.trim();
      if (secret.value.trim()) body.secret = secret.value.trim();
      await onCreated(await api.post('/v1/webhooks', body));
    })();
  });
  return form;
}
