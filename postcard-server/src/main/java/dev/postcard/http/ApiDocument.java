package dev.postcard.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.postcard.event.EventCodec;
import dev.postcard.release.Release;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI 3.1 document of the HTTP API, as served: the maintained {@code openapi/postcard.yaml} of the
 * classpath with {@code servers} set to this server's base path, so that "try it out" and generated clients call
 * the routes where they are, and {@code info.version} to the server's version. Read and written once, at start.
 */
record ApiDocument(byte[] json, byte[] yaml) {
    static final String RESOURCE = "openapi/postcard.yaml";
    private static final YAMLMapper YAML = new YAMLMapper();

    static ApiDocument load(String basePath) {
        ObjectNode document = read();
        document.withObjectProperty("info").put("version", Release.version());
        document.putArray("servers").addObject()
                .put("url", basePath.isEmpty() ? "/" : basePath)
                .put("description", "this server");
        try {
            return new ApiDocument(EventCodec.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(document),
                    YAML.writeValueAsBytes(document));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode read() {
        try (InputStream in = ApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            JsonNode document = YAML.readTree(in);
            if (!(document instanceof ObjectNode object)) {
                throw new IllegalStateException(RESOURCE + " is not a YAML mapping");
            }
            return object;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE, e);
        }
    }
}
