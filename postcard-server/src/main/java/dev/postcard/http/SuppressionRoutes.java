package dev.postcard.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.NotFoundException;
import dev.postcard.Postcard;
import dev.postcard.UnprocessableException;
import dev.postcard.event.EventCodec;
import dev.postcard.suppression.ImportResult;
import dev.postcard.suppression.Suppression;
import dev.postcard.suppression.SuppressionCsv;
import dev.postcard.suppression.SuppressionReason;
import dev.postcard.suppression.Suppressions;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /v1/suppressions}: the tenant's suppression list as JSON pages or a streamed CSV export, manual
 * entries and CSV imports, one address read or removed. Addresses in the path are URL-decoded and compared
 * lower-case.
 */
final class SuppressionRoutes {
    private static final Set<String> FIELDS = Set.of("address", "reason", "note", "expires_at");
    private static final String CSV = "text/csv";

    private final Postcard postcard;
    private final Authenticator auth;
    private final RequestBodies bodies;

    SuppressionRoutes(Postcard postcard, Authenticator auth, RequestBodies bodies) {
        this.postcard = postcard;
        this.auth = auth;
        this.bodies = bodies;
    }

    void register(Routes routes) {
        routes.path("/v1/suppressions").get(this::list).post(this::create).done();
        routes.path("/v1/suppressions/{address}").get(this::read).delete(this::remove).done();
    }

    private void list(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        QueryParams q = new QueryParams(req);
        Optional<SuppressionReason> reason = q.text("reason").map(SuppressionRoutes::reason);
        if (wantsCsv(req, q)) {
            res.header(HeaderNames.CONTENT_TYPE, CSV + "; charset=utf-8");
            res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"suppressions.csv\"");
            try (Writer out = new BufferedWriter(new OutputStreamWriter(res.outputStream(), StandardCharsets.UTF_8))) {
                postcard.suppressions().exportCsv(caller.tenantId(), out);
            } catch (IOException e) {
                throw new UncheckedIOException("the client stopped reading the export", e);
            }
            return;
        }
        JsonResponses.send(res, 200, JsonResponses.page(postcard.suppressions().list(caller.tenantId(), reason,
                q.cursor(), q.limit(500)), SuppressionRoutes::render));
    }

    private void create(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        if (isCsv(req)) {
            JsonResponses.send(res, 200, render(importCsv(caller, req)));
            return;
        }
        JsonNode body = bodies.json(req);
        if (!body.isObject()) {
            throw new InvalidInputException("", "the body must be a JSON object");
        }
        JsonFields.onlyKnown(body, FIELDS);
        String address = JsonFields.requiredText(body, "address");
        SuppressionReason reason = JsonFields.optionalText(body, "reason").map(SuppressionRoutes::reason)
                .orElse(SuppressionReason.MANUAL);
        Optional<String> note = JsonFields.optionalText(body, "note");
        Optional<Instant> expiresAt = JsonFields.optionalText(body, "expires_at").map(SuppressionRoutes::expiresAt);
        Suppressions.Added added = postcard.suppressions().add(caller.tenantId(), address, reason, note, expiresAt);
        JsonResponses.send(res, added.created() ? 201 : 200, render(added.entry()));
    }

    /** Read as it arrives and stored a few hundred lines at a time: the list may be larger than any body limit. */
    private ImportResult importCsv(Caller caller, ServerRequest req) {
        if (!req.content().hasEntity()) {
            throw new InvalidInputException("", "a CSV body is required");
        }
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(BodyStream.of(req), decoder))) {
            return postcard.suppressions().importCsv(caller.tenantId(), lines);
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("", "the CSV is not UTF-8 text");
        } catch (IOException | UncheckedIOException e) {
            throw new InvalidInputException("", "the request body could not be read to its end");
        }
    }

    private void read(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        Suppression entry = postcard.suppressions().find(caller.tenantId(), address(req))
                .orElseThrow(() -> new NotFoundException("the address is not suppressed"));
        JsonResponses.send(res, 200, render(entry));
    }

    private void remove(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        postcard.suppressions().remove(caller.tenantId(), address(req));
        res.status(Status.NO_CONTENT_204).send();
    }

    private static String address(ServerRequest req) {
        return req.path().pathParameters().first("address").asOptional()
                .orElseThrow(() -> new InvalidInputException("address", "address must be an email address"));
    }

    private static boolean wantsCsv(ServerRequest req, QueryParams q) {
        Optional<String> format = q.text("format");
        if (format.isPresent() && !format.get().equals("csv") && !format.get().equals("json")) {
            throw new InvalidInputException("format", "format must be csv or json");
        }
        if (format.isPresent()) {
            return format.get().equals("csv");
        }
        return req.headers().first(HeaderNames.ACCEPT).map(a -> a.toLowerCase(Locale.ROOT).contains(CSV)).orElse(false);
    }

    private static boolean isCsv(ServerRequest req) {
        return req.headers().contentType().map(t -> t.mediaType().text().toLowerCase(Locale.ROOT).equals(CSV))
                .orElse(false);
    }

    private static SuppressionReason reason(String name) {
        return SuppressionReason.fromWireName(name).orElseThrow(() -> new UnprocessableException("reason",
                "unknown reason '" + name + "'; expected one of " + SuppressionReason.vocabulary()));
    }

    private static Instant expiresAt(String text) {
        return SuppressionCsv.time("expires_at", text);
    }

    static ObjectNode render(Suppression entry) {
        ObjectNode node = JsonResponses.object();
        node.put("address", entry.address());
        node.put("reason", entry.reason().wireName());
        node.put("note", entry.note().orElse(null));
        node.put("source_event_id", entry.sourceEventId().orElse(null));
        node.put("created_at", EventCodec.formatInstant(entry.createdAt()));
        node.put("expires_at", entry.expiresAt().map(EventCodec::formatInstant).orElse(null));
        return node;
    }

    private static ObjectNode render(ImportResult result) {
        ObjectNode node = JsonResponses.object();
        node.put("imported", result.imported());
        node.put("updated", result.updated());
        ArrayNode rejected = node.putArray("rejected");
        for (ImportResult.Rejection rejection : result.rejected()) {
            rejected.addObject().put("line", rejection.line()).put("error", rejection.error());
        }
        node.put("rejected_total", result.rejectedTotal());
        return node;
    }
}
