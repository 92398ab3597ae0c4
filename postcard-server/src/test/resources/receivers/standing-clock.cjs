// Loaded before an example receiver (node --require): its clock stands at RECEIVER_CLOCK_MILLIS, as the test
// server's does, so the signatures' timestamps are checked against the time the server signed them at, whatever
// day the suite runs on. The example itself stays as users copy it.
"use strict";
const millis = Number(process.env.RECEIVER_CLOCK_MILLIS);
if (!Number.isSafeInteger(millis)) {
  throw new Error("RECEIVER_CLOCK_MILLIS must be unix milliseconds");
}
Date.now = () => millis;
