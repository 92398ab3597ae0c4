package dev.postcard.sending;

import dev.postcard.engine.Pruner;
import dev.postcard.storage.Database;
import dev.postcard.storage.Dialect;
import dev.postcard.storage.WriteTurns;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The send queue's storage: every transaction the feature runs, on the engine's database. */
final class SendStore implements Pruner.Sends {
    private final Database database;
    private final Dialect dialect;

    SendStore(Database database) {
        this.database = database;
        this.dialect = database.dialect();
    }

    Optional<SendRows.KeyUse> keyUse(String tenantId, String key, Instant now) {
        return database.transaction("read an idempotency key",
                c -> SendRows.keyUse(c, tenantId, key, now.toEpochMilli()));
    }

    /**
     * Stores the send and its recipients in one transaction. When the key turns out to be taken (another request
     * with it committed meanwhile) nothing is stored and that request's use is returned instead.
     */
    Optional<SendRows.KeyUse> accept(StoredSend send, List<PlannedRecipient> recipients, Instant due,
                                     Optional<String> key, Instant keyExpiresAt, String bodyHash, String answer) {
        return database.transaction("accept a send", c -> {
            if (key.isPresent()) {
                Optional<SendRows.KeyUse> use = SendRows.keyUse(c, send.tenantId(), key.get(),
                        send.createdAt().toEpochMilli());
                if (use.isPresent()) {
                    return use;
                }
            }
            if (!SendRows.insertSend(c, send, key, keyExpiresAt.toEpochMilli(), bodyHash, answer)) {
                return SendRows.keyUse(c, send.tenantId(), key.orElseThrow(), send.createdAt().toEpochMilli());
            }
            SendRows.insertRecipients(c, send, recipients, due);
            return Optional.empty();
        });
    }

    /** Leases due recipients for {@code owner} and reads them. */
    List<RecipientRow> lease(String owner, Instant now, Instant leaseUntil, int max) {
        return database.transaction(WriteTurns.Lane.BACKGROUND, "claim recipients to send to", c -> {
            List<RecipientRow> rows = new ArrayList<>();
            for (String[] key : SendRows.lease(c, dialect, owner, now.toEpochMilli(), leaseUntil.toEpochMilli(), max)) {
                SendRows.find(c, key[0], key[1]).ifPresent(rows::add);
            }
            return rows;
        });
    }

    /** Moves the end of this engine's lease on a copy; false when it holds the copy no longer. */
    boolean renewLease(String owner, RecipientRow row, Instant leaseUntil) {
        return database.transaction(WriteTurns.Lane.BACKGROUND, "renew a copy's lease",
                c -> SendRows.renewLease(c, owner, row.tenantId(), row.emailId(), leaseUntil.toEpochMilli()));
    }

    Optional<StoredSend> send(String tenantId, String sendId) {
        return database.read("read a send", c -> SendRows.send(c, tenantId, sendId));
    }

    Optional<RecipientRow> find(String tenantId, String emailId) {
        return database.read("read a send's recipient", c -> SendRows.find(c, tenantId, emailId));
    }

    /**
     * Stores several hand-overs' outcomes in one transaction and reads each row back, in the given order; empty
     * for a row whose lease this engine lost.
     */
    List<Optional<RecipientRow>> storeOutcomes(String owner, List<NewOutcome> outcomes) {
        return database.transaction(WriteTurns.Lane.BACKGROUND, "store send outcomes", c -> {
            List<Optional<RecipientRow>> rows = new ArrayList<>(outcomes.size());
            for (NewOutcome outcome : outcomes) {
                RecipientRow row = outcome.row();
                rows.add(SendRows.storeOutcome(c, owner, row, outcome.step())
                        ? SendRows.find(c, row.tenantId(), row.emailId()) : Optional.empty());
            }
            return rows;
        });
    }

    List<RecipientRow> unrecorded(int limit) {
        return database.read("read unannounced send outcomes", c -> SendRows.unrecorded(c, dialect, limit));
    }

    List<RecipientRow> unrecordedOfSend(String tenantId, String sendId) {
        return database.read("read a send's drops", c -> SendRows.unrecordedOfSend(c, dialect, tenantId, sendId));
    }

    void markRecorded(List<RecipientRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        // Unflushed: a mark lost with the machine leaves the outcome unannounced, and the sweep announces it again
        // under the same derived event id, which is stored once.
        database.transaction(WriteTurns.Lane.BACKGROUND, Database.Durability.DEFERRED, "mark send outcomes announced", c -> {
            for (RecipientRow row : rows) {
                SendRows.markRecorded(c, row.tenantId(), row.emailId(), row.outcomeAt().orElseThrow());
            }
            return null;
        });
    }

    /** Cancels the recipient and reads it back, or reads why not (empty: unknown). */
    Canceling cancel(String tenantId, String emailId, Instant now) {
        return database.transaction("cancel a send", c -> {
            boolean canceled = SendRows.cancel(c, dialect, tenantId, emailId, now.toEpochMilli());
            return new Canceling(canceled, SendRows.find(c, tenantId, emailId));
        });
    }

    @Override
    public int pruneCopies(Instant cutoff, int max) {
        return database.transaction(WriteTurns.Lane.BACKGROUND, "prune finished send copies",
                c -> SendRetention.pruneCopies(c, dialect, cutoff, max));
    }

    @Override
    public int pruneSends(Instant cutoff, Instant now, int max) {
        return database.transaction(WriteTurns.Lane.BACKGROUND, "prune sends without copies",
                c -> SendRetention.pruneSends(c, cutoff, now, max));
    }

    record Canceling(boolean canceled, Optional<RecipientRow> row) {
    }

    /** A hand-over's outcome, to be stored on the row it was claimed as. */
    record NewOutcome(RecipientRow row, StepResult step) {
    }
}
