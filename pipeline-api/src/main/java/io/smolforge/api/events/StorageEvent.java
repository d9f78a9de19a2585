package io.smolforge.api.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * An object-store notification (the fields SmolForge uses of a MinIO/S3 bucket event), published on
 * {@link Topics#STORAGE_EVENTS}; a new dataset upload can trigger retraining. Keyed by object key.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StorageEvent(int schemaVersion, String eventName, String bucket, String key, long size,
                           String etag, Instant eventTime) {
}
