// A fieldset of checkboxes for a webhook's events: the wildcards first, then every single type.

import { EVENT_TYPES, WILDCARDS } from './event-types.js';
import { h, uid } from './ui.js';

/** `selected`: the values checked at first. Answers {element, values()}. */
export function eventPicker(legend, selected = [], { wildcards = true } = {}) {
  const choices = [...(wildcards ? WILDCARDS : []), ...EVENT_TYPES.map((t) => ({ value: t, label: t }))];
  // Filters the server knows but this list does not (an alias such as "delivered") stay chosen, shown as they are.
  selected.filter((v) => !choices.some((c) => c.value === v)).forEach((v) => choices.push({ value: v, label: v }));
  const boxes = choices.map((choice) => {
    const id = uid('event');
    const box = h('input', { type: 'checkbox', id, value: choice.value, checked: selected.includes(choice.value) });
    return { box, label: h('label', { for: id }, box, h('span', { class: 'mono', text: choice.label })) };
  });
  const element = h('fieldset', { class: 'event-picker' }, h('legend', { text: legend }),
    h('div', { class: 'choices' }, boxes.map((b) => b.label)));
  return { element, values: () => boxes.filter((b) => b.box.checked).map((b) => b.box.value) };
}
