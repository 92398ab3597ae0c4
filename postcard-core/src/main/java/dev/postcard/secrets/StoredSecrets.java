package dev.postcard.secrets;

import dev.postcard.storage.Database;
import dev.postcard.storage.WriteTurns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Every secret the features store ({@link SecretTable}s), taken together: counted by how they are held, checked
 * against the keys when an engine starts, and sealed again under the current key by {@code postcard secrets
 * rotate}. Tables are read a page of rows at a time, and a rotation writes each page in a transaction of its own
 * that yields to a server's requests, so it can run beside servers on any number of secrets.
 */
public final class StoredSecrets {
    /** Rows per page, and per rotation transaction. */
    static final int PAGE_ROWS = 200;

    private final Database database;
    private final SecretCipher cipher;
    private final List<SecretTable> tables;

    public StoredSecrets(Database database, SecretCipher cipher, List<SecretTable> tables) {
        this.database = Objects.requireNonNull(database, "database");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.tables = List.copyOf(tables);
    }

    /** How many secrets each table holds plain and under each key id. Reads every secret; opens none. */
    public SecretCensus census() {
        List<SecretCensus.Count> counts = new ArrayList<>();
        for (SecretTable table : tables) {
            samples(table).forEach((keyId, sample) -> counts.add(new SecretCensus.Count(table.name(), keyId,
                    sample.count())));
        }
        return new SecretCensus(counts);
    }

    /**
     * Checks, before anything is served, that every key some secret is stored under is held. Key ids are derived
     * from the keys, so a held id is the right key; values are not all opened, as one altered row should not keep a
     * server from starting (it fails where it is used, naming itself).
     *
     * @throws UnreadableSecretException naming the setting to give, for the first key that is not held
     */
    public void requireReadable() {
        for (SecretTable table : tables) {
            samples(table).forEach((keyId, sample) -> {
                if (keyId.isEmpty() || cipher.keys().find(keyId.get()).isPresent()) {
                    return;
                }
                if (keyId.get().equals(SecretCensus.UNKNOWN_FORM)) {
                    cipher.open(sample.first().stored(), sample.first().slot()); // says why it is not read
                }
                throw new UnreadableSecretException(sample.count() + " stored secret" + (sample.count() == 1 ? " of "
                        + table.name() + " is" : "s of " + table.name() + " are") + " encrypted under key "
                        + keyId.get() + ", which " + UnreadableSecretException.missing(cipher.keys()));
            });
        }
    }

    /**
     * Seals every stored secret under the current key that is not already: plain ones and those under previous
     * keys. Safe to run again (what is current stays as it is) and beside running servers.
     *
     * @param progress told the table and running totals after each page
     * @throws UnreadableSecretException when a secret does not open under the keys held; the pages before stay
     *                                   rotated, the one it is in is left as it was
     */
    public Rotation rotate(Consumer<Progress> progress) {
        if (cipher.keys().current().isEmpty()) {
            throw new IllegalStateException("a rotation needs a current key");
        }
        Rotation total = new Rotation(0, 0, 0);
        for (SecretTable table : tables) {
            String after = "";
            while (true) {
                String from = after;
                Page page = database.transaction(WriteTurns.Lane.BACKGROUND, "rotate secrets of " + table.name(),
                        c -> {
                            List<SecretCell> cells = table.cells(c, from, PAGE_ROWS);
                            long resealed = 0;
                            long unchanged = 0;
                            long changed = 0;
                            for (SecretCell cell : cells) {
                                if (cipher.isCurrent(cell.stored())) {
                                    unchanged++;
                                } else if (table.replace(c, cell, cipher.reseal(cell.stored(), cell.slot()))) {
                                    resealed++;
                                } else {
                                    changed++;
                                }
                            }
                            return new Page(cells.isEmpty() ? Optional.empty()
                                    : Optional.of(cells.getLast().slot().rowId()), new Rotation(resealed, unchanged, changed));
                        });
                total = total.plus(page.rotation());
                if (page.lastRow().isEmpty()) {
                    break;
                }
                progress.accept(new Progress(table.name(), total));
                after = page.lastRow().get();
            }
        }
        return total;
    }

    /** After a page of {@code table}: what the rotation did so far, all tables together. */
    public record Progress(String table, Rotation soFar) {
    }

    private record Page(Optional<String> lastRow, Rotation rotation) {
    }

    /** How many values are held one way, and the first of them. */
    private record Sample(SecretCell first, long count) {
    }

    /** The table's values by key id (empty: plain), with a sample of each; in the order first met. */
    private Map<Optional<String>, Sample> samples(SecretTable table) {
        Map<Optional<String>, Sample> byKey = new LinkedHashMap<>();
        String after = "";
        while (true) {
            String from = after;
            List<SecretCell> cells = database.read("read secrets of " + table.name(),
                    c -> table.cells(c, from, PAGE_ROWS));
            if (cells.isEmpty()) {
                return byKey;
            }
            for (SecretCell cell : cells) {
                Optional<String> keyId = cell.stored().sealed()
                        ? Optional.of(cell.stored().keyId().orElse(SecretCensus.UNKNOWN_FORM)) : Optional.empty();
                byKey.merge(keyId, new Sample(cell, 1), (had, one) -> new Sample(had.first(), had.count() + 1));
            }
            after = cells.getLast().slot().rowId();
        }
    }
}
