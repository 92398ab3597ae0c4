// GET /v1/events/stream read with fetch(): EventSource cannot send the Authorization header, and the key must never
// go into a URL. So the text/event-stream parsing EventSource would do is here (the subset of the HTML standard's
// rules the stream uses, comments and unknown fields ignored), and so is its reconnecting with Last-Event-ID.

import { ApiError } from './api.js';
import { rawRequest } from './api-raw.js';

/**
 * Turns chunks of an event stream into messages {id, event, data}. `onMessage` gets each; `onRetry` the
 * reconnection delay the server asks for. Lines may end in CRLF, LF or CR and may be split across chunks.
 */
export class SseParser {
  constructor(onMessage, onRetry = () => {}) {
    this.onMessage = onMessage;
    this.onRetry = onRetry;
    this.buffer = '';
    this.data = [];
    this.event = '';
    this.lastId = '';
  }

  push(chunk) {
    this.buffer += chunk;
    for (;;) {
      const end = this.buffer.search(/[\r\n]/);
      if (end < 0) return;
      // A CR at the very end may be the first half of a CRLF: wait for the next chunk to know.
      if (this.buffer[end] === '\r' && end === this.buffer.length - 1) return;
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(this.buffer.startsWith('\r\n', end) ? end + 2 : end + 1);
      this.line(line);
    }
  }

  line(line) {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.startsWith(':')) return; // a comment: the opening one, keep-alives
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'data') this.data.push(value);
    else if (name === 'event') this.event = value;
    else if (name === 'id' && !value.includes('\0')) this.lastId = value;
    else if (name === 'retry' && /^\d+$/.test(value)) this.onRetry(Number(value));
  }

  dispatch() {
    const data = this.data.join('\n');
    const event = this.event || 'message';
    const hadData = this.data.length > 0;
    this.data = [];
    this.event = '';
    if (hadData) this.onMessage({ id: this.lastId, event, data });
  }
}

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30000;

/**
 * Follows the stream until `signal` aborts: each event's envelope goes to `onEvent`, and `onState` hears
 * 'live', 'reconnecting' (with the delay) and 'stopped' (with the error that ended it). After a drop it waits
 * (the server's retry, doubling up to 30 s while it keeps failing) and resumes after the last id it saw. An
 * answer the request cannot fix by waiting (400, 401, 403) stops it; 429 waits for Retry-After. With an `until`
 * filter, a stream the server ends is finished.
 */
export async function followEvents({ filters = {}, signal, onEvent, onState = () => {} }) {
  let lastId = '';
  let serverRetry = 3000;
  let failures = 0;
  while (!signal.aborted) {
    let received = false;
    let dropped = true;
    let parser = null;
    try {
      const res = await rawRequest('GET', '/v1/events/stream', {
        query: filters, signal, quiet: [0, 429, 500, 502, 503, 504],
        headers: { Accept: 'text/event-stream', ...(lastId ? { 'Last-Event-ID': lastId } : {}) },
      });
      onState('live');
      parser = new SseParser((message) => {
        lastId = message.id || lastId;
        received = true;
        let envelope;
        try {
          envelope = JSON.parse(message.data);
        } catch {
          return; // not an event envelope: nothing to show
        }
        onEvent(envelope);
      }, (ms) => { serverRetry = ms; });
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.push(value);
      }
      // The server ended the stream rather than the connection failing: with `until`, that means it is finished.
      dropped = false;
    } catch (e) {
      if (signal.aborted || e.name === 'AbortError') break;
      if (e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 429) {
        onState('stopped', e);
        return;
      }
      if (e instanceof ApiError && e.retryAfter) serverRetry = Math.max(serverRetry, e.retryAfter * 1000);
    }
    // The stream names where it starts (an `id` with no data) before any event: resume from there too.
    if (parser && parser.lastId) lastId = parser.lastId;
    if (signal.aborted || (filters.until && !dropped)) break;
    failures = received ? 0 : failures + 1;
    const delay = Math.min(MAX_DELAY_MS, Math.max(serverRetry, FIRST_DELAY_MS * 2 ** Math.max(0, failures - 1)));
    onState('reconnecting', delay);
    await sleep(delay, signal);
  }
  onState('stopped');
}

function sleep(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}
