package dev.postcard.storage;

/** What makes an event unique in the log: its id within its tenant. */
record EventKey(String tenantId, String id) {
}
