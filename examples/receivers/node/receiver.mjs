// A receiver of Postcard's webhooks: verifies each request with the official standardwebhooks package, answers
// at once, and handles each event once however often it is delivered.
//
//   npm ci
//   POSTCARD_WEBHOOK_SECRET=whsec_... PORT=3000 node receiver.mjs
//
// Register http(s)://<this host>:3000/postcard as the webhook's URL. It prints one line per request:
//   verified <webhook-id> <type>     authentic and new: handled
//   duplicate <webhook-id>           authentic, already handled (a retry or a replay): answered 2xx, not handled again
//   refused <reason>                 not authentic, too old, or not a webhook: answered 4xx
import { createServer } from "node:http";
import { Webhook } from "standardwebhooks";

const secret = process.env.POSTCARD_WEBHOOK_SECRET;
if (!secret) {
  console.error("set POSTCARD_WEBHOOK_SECRET to the secret shown when the webhook was created (whsec_...)");
  process.exit(2);
}
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST; // unset: every interface
const PATH = "/postcard";
// Postcard's envelopes are a few KiB; a bigger body is refused before it is buffered.
const MAX_BODY_BYTES = 1024 * 1024;

// A whsec_ secret is base64 of the key, as the library expects. A secret chosen without that prefix is used by
// Postcard as its UTF-8 bytes, which the library would try to base64-decode: give it the bytes instead.
const webhook = secret.startsWith("whsec_")
  ? new Webhook(secret)
  : new Webhook(Buffer.from(secret, "utf8"), { format: "raw" });

// webhook-id is the event id, the same on every retry. Kept in memory here, so a restart forgets it; a real
// receiver records it with a unique key in its database, in the same transaction as the work it does.
const handled = new Set();
const HANDLED_LIMIT = 100_000;

function firstTime(id) {
  if (handled.has(id)) {
    return false;
  }
  handled.add(id);
  if (handled.size > HANDLED_LIMIT) {
    handled.delete(handled.values().next().value); // the oldest: a Set keeps insertion order
  }
  return true;
}

// The raw bytes as they arrived: the signature covers them, and JSON parsed and serialised again may differ.
function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.pause(); // read no further; the answer closes the connection
        reject(new Error(`body over ${MAX_BODY_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function answer(res, status, text) {
  res.writeHead(status, { "content-type": "text/plain" }).end(text ? `${text}\n` : undefined);
}

// Your work goes here. It runs after Postcard has its answer, so a slow step never makes it time out (15 s)
// and send the event again.
function handle(id, event) {
  console.log(`verified ${id} ${event.type}`);
}

const server = createServer(async (req, res) => {
  if (req.method !== "POST" || req.url !== PATH) {
    answer(res, 404, "not found");
    return;
  }
  let body;
  try {
    body = await readBody(req);
  } catch (err) {
    console.log(`refused ${err.message}`);
    res.setHeader("connection", "close");
    answer(res, 413, "body too large");
    return;
  }
  let event;
  try {
    // Checks webhook-timestamp (within five minutes of this machine's clock) and every v1 entry of
    // webhook-signature in constant time; returns the parsed JSON.
    event = webhook.verify(body, req.headers);
  } catch (err) {
    // 4xx: Postcard records a failed attempt and tries again later. Say nothing about why to the sender.
    console.log(`refused ${err.message}`);
    answer(res, 400, "invalid signature");
    return;
  }
  const id = req.headers["webhook-id"];
  if (!firstTime(id)) {
    console.log(`duplicate ${id}`);
    answer(res, 204);
    return;
  }
  answer(res, 204);
  setImmediate(() => handle(id, event));
});

server.listen(port, host, () => {
  const address = server.address();
  const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
  console.log(`listening on http://${shown}:${address.port}${PATH}`);
});
