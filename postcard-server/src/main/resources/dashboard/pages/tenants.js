// #/tenants (admin keys only): the tenants, and a form that adds one. Switching between them is the shell's.

import { api, session } from '../api.js';
import { announce, field, h, loadMore, run, table, time } from '../ui.js';

const PAGE_SIZE = 100;

export async function render(container) {
  const list = table('Tenants', [
    { title: 'Id', cell: (t) => h('code', { text: t.id }) },
    { title: 'Name', cell: (t) => t.name },
    { title: 'Created', cell: (t) => time(t.created_at) },
    { title: '', cell: (t) => (t.id === (session.tenant() || 'default') ? h('span', { class: 'badge ok', text: 'acting for' }) : '') },
  ], []);
  const more = loadMore(async (cursor) => {
    const page = await api.get('/v1/tenants', { limit: PAGE_SIZE, cursor });
    page.data.forEach(list.add);
    return page.next_cursor;
  });
  const result = h('p', { 'aria-live': 'polite', class: 'tenant-result' });
  container.replaceChildren(h('h1', { text: 'Tenants' }),
    createForm(async (tenant) => {
      result.textContent = `Tenant ${tenant.id} created. Choose it in the Tenant menu to act for it.`;
      announce(result.textContent);
      addToSwitcher(tenant);
      list.body.replaceChildren();
      await more.start();
    }),
    result, list.element, more.button);
  await more.start();
}

/** The shell's switcher lists tenants when it signs in; a new one is added to it here. */
function addToSwitcher(tenant) {
  const select = document.getElementById('tenant');
  if (!select || [...select.options].some((o) => o.value === tenant.id)) return;
  const option = document.createElement('option');
  option.value = tenant.id;
  option.textContent = tenant.name ? `${tenant.name} (${tenant.id})` : tenant.id;
  select.append(option);
}

function createForm(onCreated) {
  const id = h('input', { type: 'text', name: 'id', required: true, autocomplete: 'off', spellcheck: 'false', class: 'short',
    placeholder: 'acme' });
  const name = h('input', { type: 'text', name: 'name', required: true, class: 'short', placeholder: 'Acme Corp' });
  const form = h('form', { class: 'panel', 'aria-label': 'New tenant' },
    h('h2', { text: 'New tenant' }), h('div', { class: 'inline' }, field('Id', id), field('Name', name)),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', text: 'Create tenant' })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(async () => {
      const tenant = await api.post('/v1/tenants', { id: id.value.trim(), name: name.value.trim() });
      form.reset();
      await onCreated(tenant);
    })();
  });
  return form;
}
