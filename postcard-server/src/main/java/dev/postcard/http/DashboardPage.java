package dev.postcard.http;

import java.util.Map;

/**
 * {@code /dashboard}: the web dashboard, a few plain JavaScript modules that talk to the public {@code /v1} API
 * with the key their user types, and the chart library from its WebJar.
 */
final class DashboardPage {
    /** Only this origin's scripts, styles and API; no inline code, no frames, no forms posting elsewhere. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private DashboardPage() {
    }

    static PageRoutes routes(String basePath) {
        PageAssets assets = PageAssets.folder("dashboard").withWebJar("org.webjars.npm/uplot", "uplot", Map.of(
                "vendor/uPlot.iife.min.js", "dist/uPlot.iife.min.js",
                "vendor/uPlot.min.css", "dist/uPlot.min.css"));
        return new PageRoutes("dashboard", assets, basePath, CONTENT_SECURITY_POLICY);
    }
}
