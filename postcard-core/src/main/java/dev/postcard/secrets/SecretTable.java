package dev.postcard.secrets;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A feature's table that holds secrets, as {@link StoredSecrets} sees it: the feature keeps its SQL, this reads
 * its secrets a page of rows at a time and rewrites one only while it still holds what was read, so a server
 * changing the row meanwhile (a rotated webhook secret) is never overwritten.
 */
public interface SecretTable {
    /** The table's name, as {@code postcard secrets status} shows it. */
    String name();

    /**
     * The secrets of up to {@code rows} rows whose id sorts after {@code afterId} ({@code ""}: from the first), in
     * id order, every secret of a row together.
     */
    List<SecretCell> cells(Connection connection, String afterId, int rows) throws SQLException;

    /** Writes {@code replacement} in the cell's place if it still holds {@code cell.stored()}; false when not. */
    boolean replace(Connection connection, SecretCell cell, StoredSecret replacement) throws SQLException;
}
