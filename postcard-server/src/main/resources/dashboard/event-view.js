// How one event looks in a list, shared by the events page and an email's timeline: a row that opens to show
// the envelope's JSON, and a link to the email it is about.

import { h, time } from './ui.js';

export function emailLink(emailId) {
  if (!emailId) return h('span', { class: 'muted', text: '—' });
  return h('a', { href: `#/emails/${encodeURIComponent(emailId)}`, class: 'mono', text: emailId });
}

/** A few words on what happened, from the fields that tell events of one type apart. */
export function gist(event) {
  const d = event.data || {};
  const parts = [];
  if (d.url) parts.push(d.url);
  if (d.bounce_type) parts.push(`${d.bounce_type} bounce${d.bounce_reason ? ` (${d.bounce_reason})` : ''}`);
  if (d.machine === true) parts.push(`machine${d.machine_reason ? `: ${d.machine_reason}` : ''}`);
  if (d.reason) parts.push(String(d.reason));
  if (d.address && !d.to) parts.push(d.address);
  if (d.provider) parts.push(`via ${d.provider}`);
  return parts.join(' · ');
}

/** The columns of an event table; the id cell is a button that shows the event's JSON under its row. */
export function eventColumns() {
  return [
    { title: 'Time', cell: (e) => time(e.created_at) },
    { title: 'Type', cell: (e) => h('span', { class: 'mono event-type', text: e.type }) },
    { title: 'Recipient', cell: (e) => (e.data && e.data.to ? h('span', { class: 'mono', text: e.data.to }) : '—') },
    { title: 'Email', cell: (e) => emailLink(e.data && e.data.email_id) },
    { title: 'Details', cell: (e) => gist(e) || '—' },
    { title: 'Event', cell: (e) => jsonToggle(e) },
  ];
}

function jsonToggle(event) {
  const button = h('button', { type: 'button', class: 'link mono event-id', 'aria-expanded': 'false',
    title: 'Show the event as JSON', text: event.id });
  button.addEventListener('click', () => {
    const row = button.closest('tr');
    const open = row.nextElementSibling && row.nextElementSibling.classList.contains('event-json')
      ? row.nextElementSibling : null;
    if (open) {
      open.remove();
      button.setAttribute('aria-expanded', 'false');
      return;
    }
    const pre = h('pre', { tabindex: '0', 'aria-label': `Event ${event.id} as JSON`,
      text: JSON.stringify(event, null, 2) });
    row.after(h('tr', { class: 'event-json' }, h('td', { colspan: String(row.children.length) }, pre)));
    button.setAttribute('aria-expanded', 'true');
  });
  return button;
}
