// #/suppressions: the addresses not to mail again: look one up, list them by reason, add and remove entries,
// import a CSV and export one.

import { ApiError, api } from '../api.js';
import { rawRequest } from '../api-raw.js';
import { announce, confirmDialog, field, h, loadMore, run, table, time } from '../ui.js';

const PAGE_SIZE = 50;
const REASONS = ['hard_bounce', 'complaint', 'unsubscribe', 'soft_bounces', 'manual'];

const entryPath = (address) => `/v1/suppressions/${encodeURIComponent(address)}`;

export async function render(container) {
  const list = listSection();
  container.replaceChildren(
    h('h1', { text: 'Suppressions' }),
    searchSection(list.refresh),
    addSection(list.refresh),
    list.element,
    importSection(list.refresh),
    exportSection());
  await list.loaded;
}

/** Removes an entry after asking; `done` runs once it is gone. */
async function remove(address, done) {
  if (!await confirmDialog(`Remove ${address} from the suppression list? Mail to it is allowed again.`, 'Remove')) {
    return;
  }
  await api.del(entryPath(address));
  announce(`${address} removed`);
  await done();
}

function searchSection(refresh) {
  const address = h('input', { type: 'email', name: 'address', required: true, autocomplete: 'off', class: 'short' });
  const result = h('div', { class: 'search-result', 'aria-live': 'polite' });
  const form = h('form', { role: 'search', 'aria-label': 'Look up an address' },
    h('div', { class: 'inline' }, field('Address', address), h('button', { type: 'submit', text: 'Look up' })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(async () => {
      const wanted = address.value.trim();
      try {
        const entry = await api.get(entryPath(wanted), undefined, { quiet: [404] });
        result.replaceChildren(h('p', {}, h('strong', { class: 'mono', text: entry.address }), ' is suppressed: ',
          h('span', { class: 'badge bad', text: entry.reason }), entry.note ? ` — ${entry.note}` : '',
          entry.expires_at ? [' until ', time(entry.expires_at)] : null, ' ',
          h('button', { type: 'button', class: 'danger', text: 'Remove',
            on: { click: run(() => remove(entry.address, async () => { result.replaceChildren(); await refresh(); })) } })));
      } catch (e) {
        if (!(e instanceof ApiError) || e.status !== 404) throw e;
        result.replaceChildren(h('p', {}, h('strong', { class: 'mono', text: wanted }), ' is not suppressed.'));
      }
    })();
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'search-title' },
    h('h2', { id: 'search-title', text: 'Look up an address' }), form, result);
}

function addSection(refresh) {
  const address = h('input', { type: 'email', name: 'address', required: true, autocomplete: 'off' });
  const reason = h('select', { name: 'reason' }, REASONS.map((r) => h('option', { value: r, text: r, selected: r === 'manual' })));
  const note = h('input', { type: 'text', name: 'note', maxlength: '1000' });
  const expires = h('input', { type: 'datetime-local', name: 'expires_at', step: '1' });
  const result = h('p', { class: 'add-result', 'aria-live': 'polite' });
  const form = h('form', { 'aria-label': 'Add an address' },
    h('div', { class: 'inline' }, field('Address', address), field('Reason', reason)),
    field('Note', note, 'one line; kept with the entry and in exports'),
    h('div', { class: 'inline' }, field('Expires (your time, optional)', expires, 'empty: the entry applies until it is removed')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', text: 'Add' })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(async () => {
      const body = { address: address.value.trim(), reason: reason.value };
      if (note.value.trim()) body.note = note.value.trim();
      if (expires.value) body.expires_at = new Date(expires.value).toISOString();
      // Through rawRequest for the status: 201 is a new entry, 200 the one that was already there, unchanged.
      const res = await rawRequest('POST', '/v1/suppressions', { body: JSON.stringify(body),
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' } });
      const entry = await res.json();
      result.textContent = res.status === 201 ? `${entry.address} is suppressed (${entry.reason}).`
        : `${entry.address} was already suppressed (${entry.reason}); the entry is unchanged.`;
      announce(result.textContent);
      form.reset();
      await refresh();
    })();
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'add-title' },
    h('h2', { id: 'add-title', text: 'Add an address' }), form, result);
}

function listSection() {
  const reason = h('select', { name: 'reason' }, h('option', { value: '', text: 'every reason' }),
    REASONS.map((r) => h('option', { value: r, text: r })));
  const slot = h('div');
  const refresh = run(async () => {
    const list = table('Suppressed addresses', [
      { title: 'Address', cell: (s) => h('span', { class: 'mono', text: s.address }) },
      { title: 'Reason', cell: (s) => s.reason },
      { title: 'Note', cell: (s) => s.note || '' },
      { title: 'Since', cell: (s) => time(s.created_at) },
      { title: 'Expires', cell: (s) => (s.expires_at ? time(s.expires_at) : 'never') },
      { title: 'Deciding event', cell: (s) => (s.source_event_id ? h('code', { text: s.source_event_id }) : 'manual') },
      { title: '', cell: (s) => h('button', { type: 'button', class: 'danger', text: 'Remove',
        'aria-label': `Remove ${s.address}`, on: { click: run(() => remove(s.address, refresh)) } }) },
    ], []);
    const empty = h('p', { class: 'muted', text: 'No suppressed addresses.', hidden: true });
    const more = loadMore(async (cursor) => {
      const page = await api.get('/v1/suppressions', { limit: PAGE_SIZE, cursor, reason: reason.value });
      page.data.forEach(list.add);
      empty.hidden = list.body.children.length > 0;
      return page.next_cursor;
    });
    slot.replaceChildren(list.element, empty, more.button);
    await more.start();
  });
  reason.addEventListener('change', refresh);
  const element = h('section', { 'aria-labelledby': 'list-title' },
    h('h2', { id: 'list-title', text: 'Suppressed addresses, newest first' }),
    h('div', { class: 'inline' }, field('Reason', reason)),
    slot);
  return { element, refresh, loaded: refresh() };
}

function importSection(refresh) {
  const file = h('input', { type: 'file', name: 'csv', accept: '.csv,text/csv', required: true });
  const result = h('div', { class: 'import-result', 'aria-live': 'polite' });
  const form = h('form', { 'aria-label': 'Import a CSV' },
    field('CSV file', file, 'address,reason,created_at,expires_at,source_event_id,note — a header line may name the'
      + ' columns in any order; a file of bare addresses works'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', text: 'Import' })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(async () => {
      const chosen = file.files[0];
      if (!chosen) throw new Error('choose a CSV file');
      result.replaceChildren(h('p', { class: 'muted', text: `Importing ${chosen.name}…` }));
      try {
        const res = await rawRequest('POST', '/v1/suppressions', { body: chosen,
          headers: { 'Content-Type': 'text/csv', Accept: 'application/json' } });
        const answer = await res.json();
        result.replaceChildren(
          h('p', { class: 'import-counts', text: `Imported ${answer.imported}, updated ${answer.updated}, rejected ${answer.rejected_total}.` }),
          answer.rejected.length ? table('Rejected lines', [
            { title: 'Line', cell: (r) => String(r.line) },
            { title: 'Error', cell: (r) => r.error },
          ], answer.rejected).element : null);
        announce(`Imported ${answer.imported}, updated ${answer.updated}, rejected ${answer.rejected_total}`);
      } catch (e) {
        result.replaceChildren();
        throw e;
      }
      form.reset();
      await refresh();
    })();
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'import-title' },
    h('h2', { id: 'import-title', text: 'Import a CSV' }), form, result);
}

/** The export is fetched with the key and offered as a file from memory: a link with the key in it never exists. */
function exportSection() {
  const slot = h('div', { class: 'export-result', 'aria-live': 'polite' });
  let url = null;
  const prepare = h('button', { type: 'button', text: 'Export CSV' });
  prepare.addEventListener('click', run(async () => {
    prepare.disabled = true;
    try {
      const res = await rawRequest('GET', '/v1/suppressions', { query: { format: 'csv' }, headers: { Accept: 'text/csv' } });
      const blob = await res.blob();
      if (url) URL.revokeObjectURL(url);
      url = URL.createObjectURL(blob);
      const entries = (await blob.text()).split('\n').filter(Boolean).length - 1; // the header line first
      const link = h('a', { href: url, download: 'suppressions.csv', class: 'button download',
        text: `Download suppressions.csv (${entries} entr${entries === 1 ? 'y' : 'ies'})` });
      slot.replaceChildren(link);
      link.focus();
    } finally {
      prepare.disabled = false;
    }
  }));
  return h('section', { class: 'panel', 'aria-labelledby': 'export-title' },
    h('h2', { id: 'export-title', text: 'Export a CSV' }),
    h('p', { class: 'hint', text: 'Every active entry, in the format the import reads.' }),
    h('div', { class: 'actions' }, prepare), slot);
}
