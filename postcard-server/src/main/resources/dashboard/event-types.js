// The event types of DESIGN §5 (Postcard's EventType), for pickers and filters on any page.

export const EMAIL_TYPES = [
  'email.sent', 'email.delivered', 'email.delivery_delayed', 'email.bounced', 'email.complained', 'email.opened',
  'email.clicked', 'email.unsubscribed', 'email.dropped', 'email.failed',
  'email.canceled',
];

export const OPERATIONAL_TYPES = [
  'endpoint.disabled', 'suppression.created', 'suppression.deleted', 'api_key.created', 'api_key.revoked',
  'alert.triggered', 'template.created', 'template.updated', 'template.deleted',
];

export const EVENT_TYPES = [...EMAIL_TYPES, ...OPERATIONAL_TYPES];

/** What a subscription may name besides single types. */
export const WILDCARDS = [
  { value: '*', label: 'Every event (*)' },
  { value: 'email.*', label: 'Every email event (email.*)' },
];
