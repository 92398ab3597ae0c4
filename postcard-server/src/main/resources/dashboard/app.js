// The dashboard's shell: sign-in, navigation, the tenant switcher, and a hash router that loads one page module
// per route. Pages know nothing of each other; each exports render(container, params).

import { ApiError, api, clearErrors, onSignedOut, request, session, showError } from './api.js';
import { h, run } from './ui.js';

// The pages, in navigation order. A page is one module under pages/ and one line here; `title` puts it in the
// navigation, `admin` shows it to admin keys only. `:name` in a path is a parameter handed to render(container,
// params), with `params.query` the URLSearchParams after "?". render() shows an <h1> and resolves once the
// page has its data: the page is aria-busy until then, and the browser tests visit every page in the navigation.
const PAGES = [
  { path: 'webhooks', title: 'Webhooks', load: () => import('./pages/webhooks.js') },
  { path: 'webhooks/:id', load: () => import('./pages/webhook.js') },
  { path: 'deliveries/:id', load: () => import('./pages/delivery.js') },
  { path: 'events', title: 'Events', load: () => import('./pages/events.js') },
  { path: 'emails', title: 'Emails', load: () => import('./pages/email.js') },
  { path: 'emails/:id', load: () => import('./pages/email.js') },
  { path: 'suppressions', title: 'Suppressions', load: () => import('./pages/suppressions.js') },
  { path: 'stats', title: 'Stats', load: () => import('./pages/stats.js') },
  { path: 'sources', title: 'Sources', load: () => import('./pages/sources.js') },
  { path: 'keys', title: 'API keys', load: () => import('./pages/keys.js') },
  { path: 'tenants', title: 'Tenants', admin: true, load: () => import('./pages/tenants.js') },
];

const $ = (id) => document.getElementById(id);

function visiblePages() {
  return PAGES.filter((p) => !p.admin || session.isAdmin());
}

/** The page for a hash like "#/webhooks/wh_1?status=failed", with its parameters. */
function match(hash) {
  const [path, query = ''] = hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  for (const page of visiblePages()) {
    const pattern = page.path.split('/');
    if (pattern.length !== parts.length) continue;
    const params = { query: new URLSearchParams(query) };
    if (pattern.every((seg, i) => (seg.startsWith(':') ? (params[seg.slice(1)] = parts[i], true) : seg === parts[i]))) {
      return { page, params };
    }
  }
  return null;
}

function renderNav() {
  const current = location.hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  $('nav-list').replaceChildren(...visiblePages().filter((p) => p.title).map((p) => h('li', {},
    h('a', { href: `#/${p.path}`, 'aria-current': p.path === current ? 'page' : false, text: p.title }))));
}

let renders = 0;
async function route() {
  if (!session.key()) return showSignIn();
  const first = visiblePages().find((p) => p.title);
  const found = match(location.hash);
  if (!found) {
    if (first && (location.hash === '' || location.hash === '#/' || location.hash === '#')) {
      location.replace(`#/${first.path}`);
      return undefined;
    }
    clearErrors();
    renderNav();
    const container = h('section', {}, h('h1', { text: 'No such page' }),
      h('p', {}, first ? h('a', { href: `#/${first.path}`, text: `Go to ${first.title}` }) : null));
    $('page').replaceChildren(container);
    return undefined;
  }
  renders += 1;
  const mine = renders;
  clearErrors();
  renderNav();
  closeNav();
  // aria-busy until the page has its data: assistive technology (and the browser tests) wait for it.
  const container = h('section', { class: 'page', 'aria-busy': 'true' });
  $('page').replaceChildren(container);
  try {
    const module = await found.page.load();
    if (mine !== renders) return undefined; // the user moved on while the module loaded
    await module.render(container, found.params);
  } catch (e) {
    if (!(e instanceof ApiError)) showError(e); // an ApiError was shown by api.js
  } finally {
    container.removeAttribute('aria-busy');
  }
  return undefined;
}

function showSignIn() {
  $('sign-in').hidden = false;
  $('page').replaceChildren();
  $('nav').hidden = true;
  $('nav-toggle').hidden = true;
  $('session').hidden = true;
  $('api-key').focus();
}

async function showSignedIn() {
  $('sign-in').hidden = true;
  $('nav').hidden = false;
  $('nav-toggle').hidden = false;
  $('session').hidden = false;
  await renderTenants();
  await route();
}

/** An admin key acts for any tenant (X-Tenant-ID); the switcher lists them. */
async function renderTenants() {
  const select = $('tenant');
  const admin = session.isAdmin();
  select.hidden = !admin;
  $('tenant-label').hidden = !admin;
  if (!admin) return;
  const tenants = await api.get('/v1/tenants', { limit: 500 });
  const chosen = session.tenant() || 'default';
  const ids = tenants.data.map((t) => t.id);
  if (!ids.includes(chosen)) ids.unshift(chosen);
  select.replaceChildren(...ids.map((id) => {
    const tenant = tenants.data.find((t) => t.id === id);
    const label = tenant && tenant.name ? `${tenant.name} (${id})` : id;
    return h('option', { value: id, selected: id === chosen, text: label });
  }));
}

/** Checks a key before keeping it: it must list webhooks; it is an admin key when it may list tenants. */
async function signIn(key) {
  await request('GET', '/v1/webhooks', { query: { limit: 1 }, key });
  let admin = false;
  try {
    await request('GET', '/v1/tenants', { query: { limit: 1 }, key, quiet: [403] });
    admin = true;
  } catch (e) {
    if (e.status !== 403) throw e;
  }
  session.start(key, admin);
  $('api-key').value = '';
  await showSignedIn();
}

function closeNav() {
  $('nav').classList.remove('open');
  $('nav-toggle').setAttribute('aria-expanded', 'false');
}

function start() {
  $('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const key = $('api-key').value.trim();
    if (key) run(() => signIn(key))();
  });
  $('sign-out').addEventListener('click', () => {
    session.end();
    clearErrors();
    showSignIn();
  });
  $('tenant').addEventListener('change', (event) => {
    session.setTenant(event.target.value === 'default' ? '' : event.target.value);
    route();
  });
  $('nav-toggle').addEventListener('click', () => {
    const open = $('nav').classList.toggle('open');
    $('nav-toggle').setAttribute('aria-expanded', String(open));
  });
  window.addEventListener('hashchange', () => {
    route();
    $('main').focus({ preventScroll: true });
  });
  onSignedOut(() => showSignIn());
  if (session.key()) run(showSignedIn)(); else showSignIn();
}

start();
