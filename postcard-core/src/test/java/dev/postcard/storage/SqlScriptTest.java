package dev.postcard.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void splitsAtSemicolonsOutsideQuotesAndComments() {
        String script = """
                -- a comment; with a semicolon
                CREATE TABLE a (x TEXT DEFAULT 'it''s; fine');
                /* block; comment */ INSERT INTO a VALUES ('b;c');

                SELECT "odd;name" FROM a
                """;

        assertThat(SqlScript.statements(script)).containsExactly(
                "CREATE TABLE a (x TEXT DEFAULT 'it''s; fine')",
                "INSERT INTO a VALUES ('b;c')",
                "SELECT \"odd;name\" FROM a");
    }
}
