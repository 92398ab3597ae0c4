package dev.postcard.storage;

/** The two databases Postcard runs on; SQL that differs between them is chosen by this. */
public enum Dialect {
    SQLITE, POSTGRES;

    public static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRES;
        }
        throw new IllegalArgumentException("unsupported database URL (use jdbc:sqlite: or jdbc:postgresql:): "
                + JdbcUrls.redact(jdbcUrl));
    }
}
