package dev.postcard.http;

import java.util.Map;

/**
 * {@code /docs}: the API reference, Swagger UI from its WebJar showing {@code /openapi.json}. Nothing comes from
 * another origin: no CDN, no validator badge (its {@code validatorUrl} is null), and "try it out" calls this server.
 */
final class ReferencePage {
    /** As the dashboard's: only this origin's scripts (the page's own start script is a file), styles and API. */
    static final String CONTENT_SECURITY_POLICY = DashboardPage.CONTENT_SECURITY_POLICY;

    private ReferencePage() {
    }

    static PageRoutes routes(String basePath) {
        PageAssets assets = PageAssets.folder("reference").withWebJar("org.webjars/swagger-ui", "swagger-ui", Map.of(
                "swagger-ui-bundle.js", "swagger-ui-bundle.js",
                "swagger-ui.css", "swagger-ui.css",
                "favicon-32x32.png", "favicon-32x32.png"));
        return new PageRoutes("docs", assets, basePath, CONTENT_SECURITY_POLICY);
    }
}
