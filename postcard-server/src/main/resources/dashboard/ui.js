// Small DOM helpers shared by the pages. Text always goes in as text (textContent / text nodes), never as markup:
// what the API returns is data from tenants and receivers, and must not become HTML.

import { ApiError, clearErrors, showError } from './api.js';

let ids = 0;

/**
 * Creates an element. `props`: `class`, `text`, `on` ({click: fn}), anything else as an attribute (false/null
 * leaves it out, true sets it empty). Children: nodes, or strings that become text nodes; null is skipped.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') el.className = value;
    else if (name === 'text') el.textContent = value;
    else if (name === 'on') Object.entries(value).forEach(([type, fn]) => el.addEventListener(type, fn));
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** A unique id for pairing a label with its input. */
export function uid(prefix = 'f') {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A labelled input (or select / textarea): [label, control] wrapped in one block. */
export function field(labelText, control, hint) {
  if (!control.id) control.id = uid();
  const hintEl = hint ? h('span', { class: 'hint', id: `${control.id}-hint`, text: hint }) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: control.id, text: labelText }), control, hintEl);
}

/**
 * Wraps a user action: clears old errors, runs it, shows what went wrong. An ApiError was shown by api.js
 * already; anything else is a bug in the page, shown rather than lost in the console.
 */
export function run(action) {
  return async (...args) => {
    clearErrors();
    try {
      return await action(...args);
    } catch (e) {
      if (!(e instanceof ApiError)) showError(e);
      return undefined;
    }
  };
}

/** Says something to screen readers without moving focus (live updates, results of actions). */
export function announce(text) {
  const el = document.getElementById('announcer');
  el.textContent = '';
  // A change on the next frame is announced even when the text repeats.
  requestAnimationFrame(() => { el.textContent = text; });
}

/** A time for people, with the exact ISO value kept in the element. */
export function time(iso) {
  if (!iso) return h('span', { class: 'muted', text: '—' });
  const date = new Date(iso);
  return h('time', { datetime: iso, title: iso, text: Number.isNaN(date.getTime()) ? iso : date.toLocaleString() });
}

/** A table in a scrolling region (phones: it scrolls sideways, the page does not). */
export function table(label, columns, rows) {
  const body = h('tbody');
  rows.forEach((row) => body.append(tableRow(columns, row)));
  const el = h('table', {},
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', text: c.title })))),
    body);
  return {
    element: h('div', { class: 'table-wrap', role: 'region', 'aria-label': label, tabindex: '0' }, el),
    body,
    add: (row) => body.append(tableRow(columns, row)),
  };
}

export function tableRow(columns, row) {
  return h('tr', {}, columns.map((c) => h('td', { 'data-label': c.title }, c.cell(row))));
}

/** A modal question with real buttons; answers true when the user confirms. */
export function confirmDialog(question, confirmLabel) {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'confirm', 'aria-label': question },
      h('p', { text: question }),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'danger', value: 'yes', text: confirmLabel,
          on: { click: () => dialog.close('yes') } }),
        h('button', { type: 'button', value: 'no', text: 'Cancel', on: { click: () => dialog.close('no') } })));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'yes');
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** A secret shown once (webhook signing secrets, API keys): selectable, copyable, and said to be shown once. */
export function secretBox(label, secret) {
  const input = h('input', { type: 'text', readonly: true, value: secret, class: 'secret', spellcheck: 'false',
    autocomplete: 'off' });
  const copy = h('button', { type: 'button', text: 'Copy',
    on: { click: run(async () => { await navigator.clipboard.writeText(secret); announce('Copied'); }) } });
  return h('div', { class: 'notice', role: 'status' },
    h('p', {}, h('strong', { text: label }), ' — shown only now; store it before leaving this page.'),
    h('div', { class: 'inline' }, field('Secret', input), copy));
}

/** A "Load more" button for cursor pages: calls `load(cursor)` → next cursor or null, and hides at the end. */
export function loadMore(load) {
  let cursor = null;
  const button = h('button', { type: 'button', class: 'load-more', text: 'Load more', hidden: true });
  const next = async (from) => {
    cursor = await load(from);
    button.hidden = !cursor;
  };
  button.addEventListener('click', run(() => next(cursor)));
  return { button, start: () => next(null) };
}

/** True while `el` is still on the page: a poll started by a page stops when the user has moved on. */
export function shown(el) {
  return el.isConnected;
}
