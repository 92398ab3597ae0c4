package dev.postcard.suppression;

import dev.postcard.ConflictException;
import dev.postcard.InvalidInputException;
import dev.postcard.NotFoundException;
import dev.postcard.Page;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The tenants' suppression lists: the policy fills them as events are recorded (see
 * {@link JdbcSuppressionStore#policyStep}); this adds, removes, reads, exports and imports entries. Addresses
 * are compared lower-case, and an expired entry is as good as none: not found, not listed, never applied.
 */
public final class Suppressions {
    public static final int DEFAULT_SOFT_BOUNCE_LIMIT = 3;
    /** Rows per import transaction: on SQLite another tenant's request waits for at most one of them. */
    static final int IMPORT_BATCH = 250;
    static final int EXPORT_PAGE = 1000;

    private final JdbcSuppressionStore store;
    private final SuppressionAnnouncer announcer;
    private final Clock clock;

    public Suppressions(JdbcSuppressionStore store, SuppressionAnnouncer announcer, Clock clock) {
        this.store = store;
        this.announcer = announcer;
        this.clock = clock;
    }

    /** Active entries, newest first. */
    public Page<Suppression> list(String tenantId, Optional<SuppressionReason> reason, Optional<String> cursor,
                                  int limit) {
        return store.list(tenantId, reason, cursor, limit);
    }

    /** The active entry of the address; {@link InvalidInputException} naming {@code address} for a malformed one. */
    public Optional<Suppression> find(String tenantId, String address) {
        return store.findActive(tenantId, Addresses.normalise("address", address));
    }

    public boolean isSuppressed(String tenantId, String address) {
        return find(tenantId, address).isPresent();
    }

    /**
     * Which of these addresses are suppressed now, in one query (one parameter each: a thousand or so at most);
     * the addresses normalised, as {@link dev.postcard.event.EmailAddress} holds them.
     */
    public Set<String> suppressedAmong(String tenantId, Collection<String> addresses) {
        return store.activeAmong(tenantId, addresses);
    }

    /** An added entry, or the active one that was already there ({@code created} false: nothing changed). */
    public record Added(Suppression entry, boolean created) {
    }

    /**
     * Suppresses the address (an active entry is kept as it is) and records {@code suppression.created}
     * before returning.
     */
    public Added add(String tenantId, String address, SuppressionReason reason, Optional<String> note,
                     Optional<Instant> expiresAt) {
        String normalised = Addresses.normalise("address", address);
        note.ifPresent(Notes::check);
        Instant now = clock.instant();
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(now)) {
            throw new InvalidInputException("expires_at", "expires_at is not in the future");
        }
        Suppression entry = new Suppression(tenantId, normalised, reason, note, Optional.empty(), now, expiresAt);
        if (store.insertUnlessActive(entry)) {
            announcer.announceCreated(List.of(entry));
            return new Added(entry, true);
        }
        return store.findActive(tenantId, normalised).map(existing -> new Added(existing, false))
                .orElseThrow(() -> new ConflictException("address", "the address changed while it was added; retry"));
    }

    /** Removes the active entry and records {@code suppression.deleted}; {@link NotFoundException} when none. */
    public void remove(String tenantId, String address) {
        SuppressionRemoval removal = store.remove(tenantId, Addresses.normalise("address", address))
                .orElseThrow(() -> new NotFoundException("the address is not suppressed"));
        announcer.announceDeleted(List.of(removal));
    }

    /** Writes every active entry as CSV ({@link SuppressionCsv#HEADER} first), a keyset page at a time. */
    public void exportCsv(String tenantId, Writer out) throws IOException {
        out.write(SuppressionCsv.HEADER);
        out.write('\n');
        Optional<String> after = Optional.empty();
        List<Suppression> page;
        do {
            page = store.activeByAddress(tenantId, after, EXPORT_PAGE);
            for (Suppression entry : page) {
                out.write(SuppressionCsv.row(entry));
                out.write('\n');
            }
            out.flush();
            after = page.isEmpty() ? after : Optional.of(page.getLast().address());
        } while (page.size() == EXPORT_PAGE);
    }

    /**
     * Reads CSV line by line (an optional header line naming the columns first; without one, the columns of
     * {@link SuppressionCsv#HEADER} in order) and stores valid entries in transactions of {@value #IMPORT_BATCH}.
     * A bad line is rejected alone; a bad header rejects the import ({@link InvalidInputException}) before
     * anything is stored. New entries are announced like any other.
     */
    public ImportResult importCsv(String tenantId, Reader csv) throws IOException {
        BufferedReader lines = csv instanceof BufferedReader b ? b : new BufferedReader(csv);
        List<String> columns = SuppressionCsv.COLUMNS;
        List<Suppression> batch = new ArrayList<>(IMPORT_BATCH);
        List<ImportResult.Rejection> rejected = new ArrayList<>();
        long rejectedTotal = 0;
        long imported = 0;
        long updated = 0;
        long number = 0;
        String line;
        while ((line = lines.readLine()) != null) {
            number++;
            if (number == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1); // a byte order mark from a spreadsheet
            }
            if (line.isBlank()) {
                continue;
            }
            try {
                List<String> fields = SuppressionCsv.fields(line);
                if (number == 1 && fields.getFirst().strip().equalsIgnoreCase("address")) {
                    columns = header(fields);
                    continue;
                }
                batch.add(SuppressionCsv.entry(tenantId, columns, fields, clock.instant()));
            } catch (BadHeaderException e) {
                throw e;
            } catch (InvalidInputException e) {
                rejectedTotal++;
                if (rejected.size() < ImportResult.MAX_LISTED) {
                    rejected.add(new ImportResult.Rejection(number, e.getMessage()));
                }
            }
            if (batch.size() == IMPORT_BATCH) {
                JdbcSuppressionStore.BatchResult result = store.importBatch(tenantId, batch);
                imported += result.inserted();
                updated += result.updated();
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            JdbcSuppressionStore.BatchResult result = store.importBatch(tenantId, batch);
            imported += result.inserted();
            updated += result.updated();
        }
        if (imported > 0) {
            announcer.wake();
        }
        return new ImportResult(imported, updated, rejected, rejectedTotal);
    }

    /** A bad header fails the whole import (not one line), so it is thrown as another exception type. */
    private static List<String> header(List<String> fields) {
        try {
            return SuppressionCsv.header(fields.stream().map(f -> f.toLowerCase(java.util.Locale.ROOT)).toList());
        } catch (InvalidInputException e) {
            throw new BadHeaderException(e.getMessage());
        }
    }

    /** The CSV's header line names columns this list does not have. */
    public static final class BadHeaderException extends InvalidInputException {
        BadHeaderException(String message) {
            super("csv", message);
        }
    }

    /** Records the events of every decision not yet announced (also done in the background). */
    public int announcePending() {
        return announcer.announcePending();
    }
}
