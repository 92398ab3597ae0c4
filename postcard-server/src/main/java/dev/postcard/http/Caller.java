package dev.postcard.http;

import dev.postcard.tenant.ApiKey;

/** Who made an API request and on which tenant's data it acts. */
public record Caller(ApiKey key, String tenantId) {
    public boolean admin() {
        return key.admin();
    }
}
