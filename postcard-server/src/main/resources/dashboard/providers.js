// What each provider's source needs (SourceRoutes, the providers' settings()) and the short version of its
// setup in docs/providers/<name>.md. Field kinds: text, secret, textarea, lines (an array, one a line),
// json (an object typed as JSON), checkbox; `path` is where the value goes in the request body.

const SHARED_SECRET = [
  { path: ['basic_auth', 'username'], label: 'Basic auth username', kind: 'text', hint: 'no ":"' },
  { path: ['basic_auth', 'password'], label: 'Basic auth password', kind: 'secret', hint: 'at least 8 characters' },
  { path: ['token'], label: 'Token', kind: 'secret',
    hint: 'at least 8 characters; sent as Authorization: Bearer or ?token=. Give a username and password, a token, or both' },
];

export const PROVIDERS = {
  ses: {
    label: 'Amazon SES (through SNS)',
    fields: [
      { path: ['topic_arns'], label: 'SNS topic ARNs', kind: 'lines', required: true, hint: 'one a line' },
      { path: ['auto_confirm'], label: 'Confirm the SNS subscription by itself', kind: 'checkbox', checked: true },
    ],
    signed: true,
    steps: [
      'SNS: create a standard topic, then a subscription with protocol HTTPS and the URL above as its endpoint; leave raw message delivery off.',
      'SES: in your configuration set add an Amazon SNS event destination with that topic and the event types you want, and send with the configuration set (or set the topic for bounce, complaint and delivery notifications of a verified identity).',
      'With auto-confirm on, the subscription turns Confirmed within seconds.',
    ],
  },
  sendgrid: {
    label: 'SendGrid',
    fields: [{ path: ['public_key'], label: 'Verification key', kind: 'textarea', required: true,
      hint: 'the Signed Event Webhook\'s verification key (base64 or PEM)' }],
    signed: true,
    steps: [
      'Settings → Mail Settings → Event Webhooks → Create new webhook; Post URL: the URL above.',
      'Choose the actions to post: Processed, Dropped, Deferred, Delivered, Bounced, Opened, Clicked, Spam Reports, Unsubscribes, Group Unsubscribes.',
      'Enable signature verification and copy the Verification Key into this source.',
      'Use "Test Your Integration": the signed test must be answered 200.',
    ],
  },
  mailgun: {
    label: 'Mailgun',
    fields: [{ path: ['signing_key'], label: 'HTTP webhook signing key', kind: 'secret', required: true }],
    signed: true,
    steps: [
      'Sending → Webhooks, pick the sending domain.',
      'Add the URL above for each event type: Accepted, Delivered, Temporary Fail, Permanent Fail, Opened, Clicked, Unsubscribed, Spam Complaints.',
      'Use "Test webhook": the test is signed with the same key and must be answered 200.',
    ],
  },
  resend: {
    label: 'Resend',
    fields: [{ path: ['secret'], label: 'Signing secret', kind: 'secret', required: true, hint: 'whsec_...' }],
    signed: true,
    steps: [
      'Webhooks → Add Webhook; Endpoint URL: the URL above.',
      'Events: email.sent, email.delivered, email.delivery_delayed, email.bounced, email.complained, email.opened, email.clicked, email.failed.',
      'Copy the webhook\'s signing secret into this source.',
    ],
  },
  postmark: {
    label: 'Postmark',
    fields: SHARED_SECRET,
    steps: [
      'Server → Message Stream → Webhooks → Add webhook.',
      'Webhook URL: the URL above with the credentials in it (https://username:password@host/...), or with ?token=<token> added.',
      'Enable Delivery, Bounce, Spam Complaint, Open, Link Click and Subscription Change.',
    ],
  },
  sparkpost: {
    label: 'SparkPost',
    fields: SHARED_SECRET,
    steps: [
      'Configuration → Webhooks → New webhook; Target URL: the URL above.',
      'Authentication: Basic Auth with this source\'s username and password (or ?token=<token> in the URL).',
      'Events: all, or at least injection, delivery, delay, bounce, out of band, spam complaint, policy rejection, opens, clicks and unsubscribes.',
    ],
  },
  mailjet: {
    label: 'Mailjet',
    fields: SHARED_SECRET,
    steps: [
      'Account settings → Event notifications (webhooks), once per event type: sent, open, click, bounce, blocked, spam, unsub.',
      'URL: the URL above with the credentials in it (https://username:password@host/...), or with ?token=<token> added.',
      'Grouped events may be on or off.',
    ],
  },
  brevo: {
    label: 'Brevo',
    fields: SHARED_SECRET,
    steps: [
      'Transactional → Settings → Webhooks → Add a new webhook; URL: the URL above.',
      'Authentication: a bearer token (this source\'s token), or the credentials in the URL.',
      'Events: request, delivered, hard and soft bounce, blocked, invalid, deferred, spam, opened, unique opened, click, unsubscribed (and error, proxy opens where offered).',
    ],
  },
  custom: {
    label: 'Custom (a mapping)',
    fields: [
      { path: ['name'], label: 'Name', kind: 'text', required: true, hint: 'a-z, 0-9, - and _; events carry it as data.provider' },
      { path: ['mapping'], label: 'Mapping (JSON)', kind: 'json', required: true, hint: 'see docs/providers/custom.md' },
      { path: ['verification'], label: 'Verification (JSON)', kind: 'json', required: true,
        hint: '{"hmac": {...}}, {"basic_auth": {...}} or {"token": "..."}' },
    ],
    signed: true,
    steps: [
      'Give the URL above to the provider as its webhook (event notification, callback) address.',
      'Enable the events your mapping describes.',
      'Send one event and check it under Events.',
    ],
  },
};
