// Starts Swagger UI on this server's API document. A file rather than an inline script: the page's
// Content-Security-Policy runs only this origin's files.
window.ui = SwaggerUIBundle({
  // The page is <base path>/docs/; the document is <base path>/openapi.json.
  url: "../openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  // No badge that sends the document to an outside validator.
  validatorUrl: null,
  // The document named above only, never one a link's query names.
  queryConfigEnabled: false,
  // The API key typed into "Authorize" stays in this tab's memory, never in the browser's storage.
  persistAuthorization: false,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout"
});
