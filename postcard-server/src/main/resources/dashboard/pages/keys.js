// #/keys: the tenant's API keys. A new key is shown once, in the answer to its creation; lists show its prefix.

import { api, session } from '../api.js';
import { announce, confirmDialog, field, h, loadMore, run, secretBox, table, time } from '../ui.js';

const PAGE_SIZE = 50;

export async function render(container) {
  const created = h('div', { class: 'created' });
  const list = table('API keys', [
    { title: 'Name', cell: (k) => k.name },
    { title: 'Prefix', cell: (k) => h('code', { text: `${k.prefix}…` }) },
    { title: 'Kind', cell: (k) => (k.admin ? h('span', { class: 'badge wait', text: 'admin' }) : 'tenant') },
    { title: 'Created', cell: (k) => time(k.created_at) },
    { title: 'Status', cell: (k) => (k.revoked_at ? h('span', {}, h('span', { class: 'badge bad', text: 'revoked' }), ' ',
      time(k.revoked_at)) : h('span', { class: 'badge ok', text: 'active' })) },
    { title: '', cell: (k) => (k.revoked_at ? '' : h('button', { type: 'button', class: 'danger', text: 'Revoke',
      'aria-label': `Revoke ${k.name}`, on: { click: run(() => revoke(k, reload)) } })) },
  ], []);
  const empty = h('p', { class: 'muted', text: 'No keys.', hidden: true });
  const more = loadMore(async (cursor) => {
    const page = await api.get('/v1/api-keys', { limit: PAGE_SIZE, cursor });
    page.data.forEach(list.add);
    empty.hidden = list.body.children.length > 0;
    return page.next_cursor;
  });
  async function reload() {
    list.body.replaceChildren();
    await more.start();
  }
  container.replaceChildren(h('h1', { text: 'API keys' }),
    createForm(async (key) => {
      created.replaceChildren(h('p', { class: 'once' }, h('strong', { text: 'You won\'t see this key again.' }),
        ' Postcard keeps only its hash: copy it now into your secret store.'), secretBox(`API key "${key.name}"`, key.key));
      announce(`Key ${key.name} created; copy it now, it is shown only once`);
      await reload();
      created.querySelector('input.secret').focus();
    }),
    created, list.element, empty, more.button);
  await more.start();
}

async function revoke(key, reload) {
  const own = (session.key() || '').startsWith(key.prefix) ? ' It may be the key you are signed in with.' : '';
  if (!await confirmDialog(`Revoke the key "${key.name}" (${key.prefix}…)? Requests with it are refused from now on.${own}`,
    'Revoke')) {
    return;
  }
  await api.del(`/v1/api-keys/${encodeURIComponent(key.id)}`);
  announce(`Key ${key.name} revoked`);
  await reload();
}

function createForm(onCreated) {
  const name = h('input', { type: 'text', name: 'name', required: true, autocomplete: 'off', class: 'short' });
  const admin = h('input', { type: 'checkbox', name: 'admin', id: 'new-key-admin' });
  const form = h('form', { class: 'panel', 'aria-label': 'New API key' },
    h('h2', { text: 'New API key' }),
    field('Name', name, 'what uses it, e.g. "ci" or "billing app"'),
    session.isAdmin() ? h('div', { class: 'inline' }, admin,
      h('label', { for: admin.id, text: 'Admin key (every tenant, tenants and admin keys)' })) : null,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', text: 'Create key' })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(async () => {
      const body = { name: name.value.trim() };
      if (admin.checked) body.admin = true;
      const key = await api.post('/v1/api-keys', body);
      form.reset();
      await onCreated(key);
    })();
  });
  return form;
}
