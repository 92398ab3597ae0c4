// #/sources: where each email provider's webhooks come in. Create one per provider with its verification
// settings, then paste its URL into the provider's console; secrets are never shown again.

import { api } from '../api.js';
import { PROVIDERS } from '../providers.js';
import { announce, confirmDialog, field, h, loadMore, run, table, time } from '../ui.js';

const PAGE_SIZE = 50;
/** Fields every source has; the rest of a source's answer is its provider's public settings. */
const COMMON = ['id', 'provider', 'url', 'tolerance_seconds', 'keep_raw', 'created_at'];

export async function render(container) {
  const created = h('div', { class: 'created', 'aria-live': 'polite' });
  const list = table('Sources', [
    { title: 'Provider', cell: (s) => h('strong', { text: s.provider }) },
    { title: 'URL for the provider', cell: (s) => urlWithCopy(s.url) },
    { title: 'Settings', cell: (s) => settingsText(s) },
    { title: 'Created', cell: (s) => time(s.created_at) },
    { title: '', cell: (s) => h('button', { type: 'button', class: 'danger', text: 'Delete',
      'aria-label': `Delete source ${s.id}`, on: { click: run(() => remove(s, reload)) } }) },
  ], []);
  const empty = h('p', { class: 'muted', text: 'No sources yet.', hidden: true });
  const more = loadMore(async (cursor) => {
    const page = await api.get('/v1/sources', { limit: PAGE_SIZE, cursor });
    page.data.forEach(list.add);
    empty.hidden = list.body.children.length > 0;
    return page.next_cursor;
  });
  async function reload() {
    list.body.replaceChildren();
    await more.start();
  }
  container.replaceChildren(h('h1', { text: 'Sources' }),
    h('p', { class: 'hint', text: 'A source takes one provider\'s webhooks for this tenant and checks they come from it.' }),
    createSection(async (source) => {
      created.replaceChildren(setupGuide(source));
      announce(`Source created for ${source.provider}`);
      await reload();
      created.querySelector('input.source-url').focus();
    }),
    created, list.element, empty, more.button);
  await more.start();
}

async function remove(source, reload) {
  if (!await confirmDialog(`Delete the ${source.provider} source ${source.id}? Its URL stops taking webhooks.`, 'Delete')) {
    return;
  }
  await api.del(`/v1/sources/${encodeURIComponent(source.id)}`);
  announce(`Source ${source.id} deleted`);
  await reload();
}

/** The provider's public settings in a line: secrets show only as "set". */
function settingsText(source) {
  const parts = [];
  for (const [name, value] of Object.entries(source)) {
    if (COMMON.includes(name)) continue;
    if (typeof value === 'boolean' && name.endsWith('_set')) parts.push(`${name.slice(0, -4)}: ${value ? 'set' : 'not set'}`);
    else if (value && typeof value === 'object' && !Array.isArray(value) && value.username !== undefined) {
      parts.push(`${name}: ${value.username}`);
    } else parts.push(`${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  if (PROVIDERS[source.provider] && PROVIDERS[source.provider].signed) parts.push(`tolerance: ${source.tolerance_seconds} s`);
  if (source.keep_raw) parts.push('keeps raw');
  return h('span', { class: 'mono settings', text: parts.join('; ') });
}

function urlWithCopy(url) {
  const input = h('input', { type: 'text', readonly: true, value: url, class: 'source-url mono', spellcheck: 'false',
    'aria-label': 'Webhook URL' });
  const copy = h('button', { type: 'button', text: 'Copy', 'aria-label': `Copy ${url}`,
    on: { click: run(async () => { await navigator.clipboard.writeText(url); announce('URL copied'); }) } });
  return h('span', { class: 'copy-field' }, input, copy);
}

function setupGuide(source) {
  const provider = PROVIDERS[source.provider];
  return h('section', { class: 'notice', 'aria-labelledby': 'guide-title' },
    h('h2', { id: 'guide-title', text: `Set up ${provider ? provider.label : source.provider}` }),
    h('p', { text: 'Paste this URL into the provider\'s console:' }),
    urlWithCopy(source.url),
    provider ? h('ol', { class: 'steps' }, provider.steps.map((s) => h('li', { text: s }))) : null,
    h('p', { class: 'hint' }, 'The full guide: ', h('code', { text: `docs/providers/${source.provider}.md` }),
      '. Put Postcard\'s email id in the provider\'s metadata as postcard_email_id to tie events to your messages.'));
}

function createSection(onCreated) {
  const provider = h('select', { name: 'provider' }, Object.entries(PROVIDERS).map(([name, p]) =>
    h('option', { value: name, text: p.label })));
  const fieldsSlot = h('div');
  const tolerance = h('input', { type: 'number', name: 'tolerance_seconds', min: '0', max: '86400', value: '300',
    class: 'short' });
  const toleranceField = field('Timestamp tolerance (seconds)', tolerance, 'how far a signed time may be from now; 0 turns the check off');
  const keepRaw = h('input', { type: 'checkbox', name: 'keep_raw', id: 'source-keep-raw' });
  let inputs = [];
  const showFields = () => {
    const chosen = PROVIDERS[provider.value];
    inputs = chosen.fields.map((f) => ({ spec: f, control: control(f) }));
    fieldsSlot.replaceChildren(...inputs.map(({ spec, control: c }) => (spec.kind === 'checkbox'
      ? h('div', { class: 'inline' }, c, h('label', { for: c.id, text: spec.label }))
      : field(spec.label, c, spec.hint))));
    toleranceField.hidden = !chosen.signed;
  };
  provider.addEventListener('change', showFields);
  showFields();
  const form = h('form', { class: 'panel', 'aria-label': 'New source' },
    h('h2', { text: 'New source' }), field('Provider', provider), fieldsSlot, toleranceField,
    h('div', { class: 'inline' }, keepRaw, h('label', { for: keepRaw.id, text: 'Keep the provider\'s event under data.raw' })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', text: 'Create source' })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(async () => {
      const body = { provider: provider.value };
      for (const { spec, control: c } of inputs) {
        const value = valueOf(spec, c);
        if (value !== undefined) put(body, spec.path, value);
      }
      if (PROVIDERS[provider.value].signed && tolerance.value !== '') body.tolerance_seconds = Number(tolerance.value);
      if (keepRaw.checked) body.keep_raw = true;
      const source = await api.post('/v1/sources', body);
      form.reset();
      showFields();
      await onCreated(source);
    })();
  });
  return form;
}

function control(spec) {
  const name = spec.path.join('.');
  if (spec.kind === 'checkbox') return h('input', { type: 'checkbox', name, id: `source-${name}`, checked: !!spec.checked });
  if (spec.kind === 'textarea' || spec.kind === 'lines' || spec.kind === 'json') {
    return h('textarea', { name, rows: spec.kind === 'json' ? '6' : '3', spellcheck: 'false', class: 'mono',
      required: !!spec.required });
  }
  return h('input', { type: spec.kind === 'secret' ? 'password' : 'text', name, autocomplete: 'off', spellcheck: 'false',
    required: !!spec.required });
}

/** The value for the request body, undefined when the field is left empty. */
function valueOf(spec, c) {
  if (spec.kind === 'checkbox') return c.checked;
  const text = c.value.trim();
  if (!text) return undefined;
  if (spec.kind === 'lines') return text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (spec.kind === 'json') {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new Error(`${spec.label} is not valid JSON: ${e.message}`);
    }
  }
  return text;
}

function put(body, path, value) {
  let node = body;
  path.slice(0, -1).forEach((key) => { node[key] = node[key] || {}; node = node[key]; });
  node[path[path.length - 1]] = value;
}
