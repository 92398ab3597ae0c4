package dev.postcard.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.postcard.testing.TestDatabases;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** PostgreSQL's own URI form, as hosting providers hand it out, opens the same database as its JDBC URL. */
class DatabaseUrlTest {
    private static final String SECRET = "s3cr3t/Pa55";

    @Test
    void jdbcUrlsAreTakenAsTheyAre() {
        DatabaseUrl url = DatabaseUrl.parse(" jdbc:postgresql://db:5432/app?sslmode=require ");
        assertThat(url).isEqualTo(new DatabaseUrl("jdbc:postgresql://db:5432/app?sslmode=require", Optional.empty(),
                Optional.empty()));
        assertThat(DatabaseUrl.parse("jdbc:sqlite:/var/lib/postcard/postcard.db").jdbcUrl())
                .isEqualTo("jdbc:sqlite:/var/lib/postcard/postcard.db");
    }

    @Test
    void thePostgresUriBecomesAJdbcUrlWithItsCredentialsApart() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://app_user:p%40ss+w%2Frd@db.example.com:6543/app?sslmode=require");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/app?sslmode=require");
        assertThat(url.user()).contains("app_user");
        assertThat(url.password()).contains("p@ss+w/rd");
    }

    @Test
    void everyFormLibpqAccepts() {
        assertThat(DatabaseUrl.parse("postgresql://localhost/app"))
                .isEqualTo(new DatabaseUrl("jdbc:postgresql://localhost/app", Optional.empty(), Optional.empty()));
        assertThat(DatabaseUrl.parse("POSTGRES:///app").jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/app");
        assertThat(DatabaseUrl.parse("postgres://someone@db").user()).contains("someone");
        assertThat(DatabaseUrl.parse("postgres://u@[2001:db8::1]:5432,db2:5433/app").jdbcUrl())
                .isEqualTo("jdbc:postgresql://[2001:db8::1]:5432,db2:5433/app");
        // A password with an unencoded '/' or '@' still leaves the host where it is.
        DatabaseUrl raw = DatabaseUrl.parse("postgres://u:a/b@c@db:5432/app");
        assertThat(raw.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/app");
        assertThat(raw.password()).contains("a/b@c");
    }

    @Test
    void otherUrlsAreRefusedWithoutTheirPassword() {
        for (String bad : List.of("mysql://u:" + SECRET + "@db/app", "postgres://u:" + SECRET + "@db host/app",
                "postgres://u:" + SECRET + "@db/app/extra", "postgres://u:%zz" + SECRET + "@db/app")) {
            Throwable failure = catchThrowable(() -> DatabaseUrl.parse(bad));
            assertThat(failure).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThat(failure.getMessage()).as(bad).doesNotContain(SECRET).doesNotContain("%zz")
                    .contains("***@db");
            assertThat(failure.getCause()).isNull();
        }
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://db/app")).hasMessageContaining("postgres://");
    }

    @Test
    void aPostgresUriOpensTheDatabase() {
        String jdbc = TestDatabases.freshPostgresUrl();
        Matcher m = Pattern.compile("jdbc:postgresql://([^/]+)/([^?]+)\\?user=(\\w+)").matcher(jdbc);
        assertThat(m.find()).as(jdbc).isTrue();
        String uri = "postgres://" + m.group(3) + ":unused@" + m.group(1) + "/" + m.group(2);

        List<Integer> applied = Schema.migrate(uri, StoreOptions.defaults());

        assertThat(applied).isNotEmpty();
        assertThat(Schema.info(uri, StoreOptions.defaults())).isNotEmpty();
    }
}
