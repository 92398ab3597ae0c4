// #/events: the tenant's events, filtered (the filters live in the URL, so a filtered view can be linked), a page
// at a time; and a live view that shows events as they are stored, read from GET /v1/events/stream.

import { api } from '../api.js';
import { followEvents } from '../event-stream.js';
import { EVENT_TYPES } from '../event-types.js';
import { eventColumns } from '../event-view.js';
import { whileShown } from '../lifetime.js';
import { field, h, loadMore, table, tableRow } from '../ui.js';

const PAGE_SIZE = 50;
/** The live list keeps the newest this many rows: a busy tenant's stream must not grow the page without end. */
export const LIVE_LIMIT = 500;
const FILTERS = ['type', 'email_id', 'to', 'since', 'until'];

export async function render(container, params) {
  const filters = Object.fromEntries(FILTERS.map((name) => [name, params.query.get(name) || '']));
  const live = liveSection(container, filters);
  const list = table('Events', eventColumns(), []);
  const empty = h('p', { class: 'muted', text: 'No events match.', hidden: true });
  const more = loadMore(async (cursor) => {
    const page = await api.get('/v1/events', { ...filters, limit: PAGE_SIZE, cursor });
    page.data.forEach(list.add);
    empty.hidden = list.body.children.length > 0;
    return page.next_cursor;
  });
  container.replaceChildren(
    h('h1', { text: 'Events' }),
    filterForm(filters),
    live.element,
    h('h2', { id: 'stored-title', text: 'Stored events, newest first' }),
    list.element, empty, more.button);
  await more.start();
}

/** Applying the filters changes the URL; the router renders the page again with them. */
function filterForm(filters) {
  const type = h('select', { name: 'type' },
    h('option', { value: '', text: 'any type' }),
    h('optgroup', { label: 'Types' }, EVENT_TYPES.map((t) => h('option', { value: t, text: t }))),
    h('optgroup', { label: 'Aliases' }, EVENT_TYPES.filter((t) => t.startsWith('email.'))
      .map((t) => t.slice('email.'.length)).map((a) => h('option', { value: a, text: a }))));
  type.value = filters.type;
  if (filters.type && type.value !== filters.type) { // a value from a link this list does not know
    type.append(h('option', { value: filters.type, text: filters.type }));
    type.value = filters.type;
  }
  const emailId = h('input', { type: 'text', name: 'email_id', value: filters.email_id, spellcheck: 'false',
    class: 'short' });
  const to = h('input', { type: 'email', name: 'to', value: filters.to, class: 'short' });
  const since = h('input', { type: 'datetime-local', name: 'since', step: '1', value: local(filters.since) });
  const until = h('input', { type: 'datetime-local', name: 'until', step: '1', value: local(filters.until) });
  const form = h('form', { class: 'filters', 'aria-label': 'Filter events' },
    h('div', { class: 'inline' }, field('Type', type), field('Email id', emailId), field('Recipient', to),
      field('Since (your time)', since), field('Until (your time)', until)),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', text: 'Apply' }),
      h('a', { href: '#/events', class: 'button', text: 'Clear' })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    if (type.value) query.set('type', type.value);
    if (emailId.value.trim()) query.set('email_id', emailId.value.trim());
    if (to.value.trim()) query.set('to', to.value.trim());
    if (since.value) query.set('since', new Date(since.value).toISOString());
    if (until.value) query.set('until', new Date(until.value).toISOString());
    const hash = `#/events${query.size ? `?${query}` : ''}`;
    if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
    else location.hash = hash;
  });
  return form;
}

/** An ISO time as a datetime-local value in the browser's zone ('' when there is none). */
function local(iso) {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) return '';
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return shifted.toISOString().slice(0, 19);
}

/**
 * The live view: off until asked for; on, it follows the stream with the page's filters (without `since`: it
 * shows what is stored from now on) until it is turned off or the page is left.
 */
function liveSection(container, filters) {
  const toggle = h('button', { type: 'button', class: 'live-toggle', 'aria-pressed': 'false', text: 'Live view' });
  const state = h('span', { class: 'live-state muted', text: 'off' });
  const count = h('p', { class: 'live-count', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const columns = eventColumns();
  const list = table('Live events', columns, []);
  const body = h('div', { class: 'live-body', hidden: true }, count, list.element,
    h('p', { class: 'hint', text: `The newest ${LIVE_LIMIT} events are kept here; the stored list below has all of them.` }));
  let controller = null;
  let seen = 0;
  let announced = null;

  const showCount = () => {
    // Announced at most once a second: a burst of events is one message, not hundreds.
    if (announced) return;
    announced = setTimeout(() => {
      announced = null;
      count.textContent = `${seen} new event${seen === 1 ? '' : 's'}`;
    }, count.textContent ? 1000 : 0);
  };

  const stop = () => {
    if (controller) controller.abort();
    controller = null;
    toggle.setAttribute('aria-pressed', 'false');
    state.textContent = 'off';
  };

  const start = () => {
    controller = new AbortController();
    const mine = controller;
    toggle.setAttribute('aria-pressed', 'true');
    body.hidden = false;
    state.textContent = 'connecting…';
    const streamFilters = { ...filters, since: '' };
    followEvents({
      filters: streamFilters,
      signal: mine.signal,
      onEvent: (event) => {
        seen += 1;
        list.body.prepend(tableRow(columns, event));
        while (list.body.children.length > LIVE_LIMIT) list.body.lastElementChild.remove();
        showCount();
      },
      onState: (name, detail) => {
        if (mine !== controller) return;
        if (name === 'live') state.textContent = 'live';
        else if (name === 'reconnecting') state.textContent = `connection lost; reconnecting in ${Math.round(detail / 1000)} s`;
        else if (name === 'stopped') {
          state.textContent = detail ? `stopped: ${detail.message}` : 'off';
          toggle.setAttribute('aria-pressed', 'false');
          controller = null;
        }
      },
    });
  };

  toggle.addEventListener('click', () => (controller ? stop() : start()));
  // Leaving the page (another route, a tenant switch, signing out) ends the stream.
  whileShown(container).addEventListener('abort', stop, { once: true });
  const element = h('section', { class: 'panel', 'aria-labelledby': 'live-title' },
    h('div', { class: 'inline' }, h('h2', { id: 'live-title', text: 'Live' }), toggle,
      h('span', {}, 'Stream: ', state)),
    h('p', { class: 'hint', text: 'Shows the events stored from now on that match the filters above (Since aside), as they arrive.' }),
    body);
  return { element };
}
