package dev.postcard.cli;

import static dev.postcard.cli.CliServers.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.storage.Dialect;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** {@code emails get}, {@code stats}, {@code tenants ...} and {@code sources ...} against one real server. */
class ResourceCommandsTest {
    private static final CliServers SERVERS = new CliServers();
    private static final Dialect DB = Dialect.SQLITE;

    @AfterAll
    static void stop() {
        SERVERS.close();
    }

    private static Cli.Run cli(String tenant, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--server", SERVERS.url(DB), "--api-key", ADMIN));
        if (tenant != null) {
            all.addAll(List.of("--tenant", tenant));
        }
        return Cli.run(all.toArray(String[]::new));
    }

    private static void event(String tenant, String type, Instant at, String data) {
        HttpResponse<String> posted = SERVERS.post(DB, "/v1/events", tenant, "{\"type\": \"" + type
                + "\", \"created_at\": \"" + at + "\", \"data\": {" + data + "}}");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
    }

    private static String email(String tenant) {
        HttpResponse<String> created = SERVERS.post(DB, "/v1/tracking/instrument", tenant, "{\"to\": \"ada@example.com\","
                + " \"from\": \"news@shop.example\", \"subject\": \"Welcome!\", \"tags\": [\"welcome\"],"
                + " \"html\": \"<p>hi</p>\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return TestJson.parse(created.body()).path("email_id").asText();
    }

    @Test
    void anEmailIsShownWithItsTimeline() {
        String tenant = SERVERS.tenant(DB);
        String id = email(tenant);
        Instant now = SERVERS.clock(DB).instant();
        event(tenant, "email.sent", now.minusSeconds(2), "\"email_id\": \"" + id + "\"");
        event(tenant, "email.delivered", now.minusSeconds(1), "\"email_id\": \"" + id + "\"");

        Cli.Run shown = cli(tenant, "emails", "get", id);
        assertThat(shown.exit()).as(shown.err()).isZero();
        assertThat(shown.out()).containsPattern("(?m)^status +delivered$").containsPattern("(?m)^to +ada@example.com$")
                .containsPattern("(?m)^subject +Welcome!$").containsPattern("(?m)^tags +welcome$")
                .containsPattern("(?m)^TIME +TYPE +EVENT$");
        List<String> lines = shown.out().lines().toList();
        int timeline = lines.indexOf(lines.stream().filter(l -> l.startsWith("TIME")).findFirst().orElseThrow());
        assertThat(lines.get(timeline + 1)).contains("email.sent");
        assertThat(lines.get(timeline + 2)).contains("email.delivered");
        assertThat(cli(tenant, "emails", "get", id, "--json").json().path("events")).hasSize(2);
        assertThat(cli(tenant, "emails", "get", "msg_nope").exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(cli(SERVERS.tenant(DB), "emails", "get", id).exit()).as("another tenant's").isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void statsAreATableWithRatesAsPercentages() {
        String tenant = SERVERS.tenant(DB);
        Instant at = SERVERS.clock(DB).instant().minus(Duration.ofHours(2));
        for (int i = 0; i < 3; i++) {
            String to = "\"to\": \"u" + i + "@" + (i == 0 ? "other.org" : "example.com") + "\", \"email_id\": \"msg_0"
                    + i + "ABCDEFGHJKMNPQRSTVWXYZ012\"";
            event(tenant, "email.sent", at, to);
            if (i > 0) {
                event(tenant, "email.delivered", at.plusSeconds(1), to);
            } else {
                event(tenant, "email.bounced", at.plusSeconds(1), to + ", \"bounce_type\": \"hard\"");
            }
        }
        Cli.Run table = cli(tenant, "stats");
        assertThat(table.exit()).as(table.err()).isZero();
        List<String> lines = table.out().lines().toList();
        assertThat(lines.getFirst()).matches("SENT +DELIVERED +BOUNCED +COMPLAINED +OPENS +CLICKS +DELIVERY +BOUNCE"
                + " +COMPLAINT +OPEN +CLICK");
        assertThat(lines.get(1).split(" +")).containsExactly("3", "2", "1", "0", "0", "0", "66.7%", "33.3%", "0.0%",
                "0.0%", "0.0%");

        Cli.Run byDomain = cli(tenant, "stats", "--group-by", "domain");
        assertThat(byDomain.out().lines().toList().getFirst()).startsWith("DOMAIN ");
        assertThat(byDomain.out()).containsPattern("(?m)^other\\.org +1 +0 +1 +0 +0 +0 +0\\.0% +100\\.0% +- +- +-$")
                .containsPattern("(?m)^example\\.com +2 +2 +0 ");
        Cli.Run daily = cli(tenant, "stats", "--interval", "day", "--from", at.minus(Duration.ofDays(1)).toString(),
                "--to", at.plus(Duration.ofHours(1)).toString());
        assertThat(daily.out().lines().toList().getFirst()).startsWith("BUCKET ");
        assertThat(cli(tenant, "stats", "--json").json().path("data").get(0).path("sent").asInt()).isEqualTo(3);

        Cli.Run bad = cli(tenant, "stats", "--group-by", "colour");
        assertThat(bad.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(bad.err()).startsWith("postcard: 400 ").contains("(group_by)");
    }

    @Test
    void tenantsAreCreatedListedAndReadWithAnAdminKey() {
        Cli.Run created = cli(null, "tenants", "create", "--id", "acme-cli", "--name", "Acme");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).containsPattern("(?m)^id +acme-cli$").containsPattern("(?m)^name +Acme$");
        assertThat(cli(null, "tenants", "list").out()).containsPattern("(?m)^acme-cli +Acme ");
        assertThat(cli(null, "tenants", "get", "acme-cli", "--json").json().path("name").asText()).isEqualTo("Acme");
        assertThat(cli(null, "tenants", "get", "nope").exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(cli(null, "tenants", "create", "--id", "acme-cli", "--name", "Again").exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(cli(null, "tenants", "create", "--name", "No id").exit()).isEqualTo(ExitCodes.USAGE);
        String key = cli("acme-cli", "keys", "create", "--name", "own", "--json").json().path("key").asText();
        Cli.Run refused = Cli.run("tenants", "list", "--server", SERVERS.url(DB), "--api-key", key);
        assertThat(refused.exit()).as("a tenant's own key").isEqualTo(ExitCodes.REFUSED_AUTH);
        assertThat(refused.err()).startsWith("postcard: 403 ");
    }

    @Test
    void aSourcePrintsTheUrlToGiveTheProviderAndKeepsItsSecretsToItself() {
        String tenant = SERVERS.tenant(DB);
        Cli.Run created = cli(tenant, "sources", "create", "--provider", "postmark", "--basic-auth",
                "postmark:a-long-random-password", "--token", "tok-123456", "--tolerance-seconds", "60", "--keep-raw");
        assertThat(created.exit()).as(created.err()).isZero();
        List<String> lines = created.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("Give postmark this webhook URL:");
        assertThat(lines.get(2)).matches("    http://localhost:\\d+/track/webhook/postmark/src_\\w+");
        assertThat(created.out()).containsPattern("(?m)^tolerance_seconds +60$").containsPattern("(?m)^keep_raw +true$")
                .doesNotContain("a-long-random-password").doesNotContain("tok-123456");
        String id = lines.get(2).substring(lines.get(2).lastIndexOf('/') + 1);

        JsonNode ses = cli(tenant, "sources", "create", "--provider", "ses", "--topic-arn",
                "arn:aws:sns:eu-west-1:123456789012:bounces", "--auto-confirm", "false", "--json").json();
        assertThat(ses.path("auto_confirm").asBoolean()).isFalse();
        assertThat(ses.path("topic_arns").get(0).asText()).isEqualTo("arn:aws:sns:eu-west-1:123456789012:bounces");
        JsonNode mailgun = cli(tenant, "sources", "create", "--provider", "mailgun", "--signing-key", "key-abcdef0123456789",
                "--json").json();
        assertThat(mailgun.path("provider").asText()).isEqualTo("mailgun");

        assertThat(cli(tenant, "sources", "list").out()).contains(id, "postmark", "ses", "mailgun");
        assertThat(cli(tenant, "sources", "get", id).out()).containsPattern("(?m)^provider +postmark$");
        assertThat(cli(tenant, "sources", "delete", id).out().strip()).isEqualTo("deleted " + id);
        assertThat(cli(tenant, "sources", "get", id).exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(cli(tenant, "sources", "delete", id).exit()).isEqualTo(ExitCodes.NOT_FOUND);

        Cli.Run badAuth = cli(tenant, "sources", "create", "--provider", "postmark", "--basic-auth", "no-colon");
        assertThat(badAuth.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(badAuth.err()).startsWith("postcard: --basic-auth must be user:password");
        Cli.Run unknown = cli(tenant, "sources", "create", "--provider", "pigeon");
        assertThat(unknown.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(unknown.err()).startsWith("postcard: 422 ").contains("(provider)");
        assertThat(cli(tenant, "sources", "create").exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void eventEnvelopesPrintedAsJsonAreTheServersOwn() {
        String tenant = SERVERS.tenant(DB);
        event(tenant, "email.sent", SERVERS.clock(DB).instant(), "\"to\": \"ada@example.com\"");
        JsonNode listed = cli(tenant, "events", "list", "--json").json();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("data").path("to").asText()).isEqualTo("ada@example.com");
        String id = listed.get(0).path("id").asText();
        assertThat(cli(tenant, "events", "get", id, "--json").json()).isEqualTo(listed.get(0));
    }
}
