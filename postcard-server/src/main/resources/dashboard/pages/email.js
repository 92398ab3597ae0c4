// #/emails and #/emails/:id: look a message up by its id; its status, counters, timeline (oldest first) and the
// clicks on each of its links.

import { ApiError, api } from '../api.js';
import { eventColumns } from '../event-view.js';
import { field, h, table, time } from '../ui.js';

export async function render(container, params) {
  const lookup = lookupForm(params.id || '');
  if (!params.id) {
    container.replaceChildren(h('h1', { text: 'Emails' }), lookup,
      h('p', { class: 'hint' }, 'Email ids are in the events (', h('a', { href: '#/events', text: 'Events' }),
        ') and are what POST /v1/tracking/instrument answered.'));
    return;
  }
  const path = `/v1/emails/${encodeURIComponent(params.id)}`;
  let email;
  try {
    email = await api.get(path, undefined, { quiet: [404] });
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 404) throw e;
    container.replaceChildren(h('h1', { text: 'Email not found' }), lookup,
      h('p', { class: 'not-found' }, 'This tenant has no email ', h('code', { text: params.id }), '.'));
    return;
  }
  const links = await api.get(`${path}/links`, { limit: 1000 });
  const timeline = table('Timeline', eventColumns(), email.events || []);
  const clicks = table('Clicks per link', [
    { title: 'Link', cell: (l) => h('span', { class: 'mono', text: l.url }) },
    { title: 'People', cell: (l) => String(l.clicks.human) },
    { title: 'People (unique)', cell: (l) => String(l.clicks.unique_human) },
    { title: 'All clicks', cell: (l) => String(l.clicks.total) },
  ], links.data);
  container.replaceChildren(
    lookup,
    h('h1', {}, 'Email ', h('code', { text: email.id })),
    h('dl', { class: 'facts' },
      fact('Status', h('span', { class: 'badge email-status', text: email.status })),
      fact('To', h('span', { class: 'mono', text: email.to || '—' })),
      fact('From', h('span', { class: 'mono', text: email.from || '—' })),
      fact('Subject', email.subject || '—'),
      fact('Tags', (email.tags || []).length ? email.tags.join(', ') : '—'),
      fact('Provider', email.provider ? `${email.provider}${email.provider_message_id ? ` (${email.provider_message_id})` : ''}` : '—'),
      fact('Opens', h('span', { class: 'email-opens', text: `${email.opens.human} by people, ${email.opens.total - email.opens.human} by machines` })),
      fact('Clicks', h('span', { class: 'email-clicks', text: `${email.clicks.human} by people, ${email.clicks.total - email.clicks.human} by machines` })),
      fact('Created', time(email.created_at)),
      fact('Updated', time(email.updated_at)),
      email.metadata && Object.keys(email.metadata).length
        ? fact('Metadata', h('pre', { text: JSON.stringify(email.metadata, null, 2) })) : null),
    h('p', {}, h('a', { href: `#/events?email_id=${encodeURIComponent(email.id)}`, text: 'This email in the events list' })),
    h('h2', { text: 'Timeline, oldest first' }),
    (email.events || []).length ? timeline.element : h('p', { class: 'muted', text: 'No events yet.' }),
    h('h2', { text: 'Clicks per link' }),
    links.data.length ? clicks.element : h('p', { class: 'muted', text: 'No clicks yet.' }));
}

function lookupForm(current) {
  const id = h('input', { type: 'text', name: 'email_id', value: current, required: true, spellcheck: 'false',
    autocomplete: 'off', class: 'short', placeholder: 'msg_...' });
  const form = h('form', { class: 'inline', role: 'search', 'aria-label': 'Find an email' },
    field('Email id', id), h('button', { type: 'submit', text: 'Show' }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (id.value.trim()) location.hash = `#/emails/${encodeURIComponent(id.value.trim())}`;
  });
  return form;
}

function fact(name, value) {
  return [h('dt', { text: name }), h('dd', {}, value)];
}
