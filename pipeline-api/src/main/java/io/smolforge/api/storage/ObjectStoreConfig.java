package io.smolforge.api.storage;

import java.util.Objects;

/**
 * Where the bucket lives and how to sign requests. {@link #toString()} never shows the secret key, so a
 * config that ends up in a log line or an exception message leaks nothing.
 */
public record ObjectStoreConfig(String endpoint, String region, String accessKey, String secretKey, String bucket) {

    public ObjectStoreConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        region = region == null || region.isBlank() ? "us-east-1" : region;
        bucket = bucket == null || bucket.isBlank() ? "smolforge" : bucket;
    }

    @Override
    public String toString() {
        return "ObjectStoreConfig[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket
                + ", accessKey=" + accessKey + ", secretKey=****]";
    }
}
