package io.smolforge.publisher;

import io.smolforge.api.storage.ObjectKeys;
import io.smolforge.api.storage.ObjectStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes a job's trained artifacts to the object-storage registry ({@code registry/{jobId}/}), the
 * stand-in for a Hub push until the Hub client exists. Server-side copies keep the recorded checksums;
 * publishing again overwrites the same keys, so a redelivered event is harmless.
 */
public final class RegistryPublisher {
    private final ObjectStore store;

    public RegistryPublisher(ObjectStore store) {
        this.store = store;
    }

    /** Copies every key under {@code outputPrefix} to the job's registry prefix; returns the new keys. */
    public List<String> publish(String jobId, String outputPrefix) {
        List<String> sources = store.list(outputPrefix);
        if (sources.isEmpty()) {
            throw new IllegalStateException("job " + jobId + " has no trained artifacts under " + outputPrefix);
        }
        String registry = ObjectKeys.registryPrefix(jobId);
        List<String> published = new ArrayList<>();
        for (String source : sources) {
            String target = registry + source.substring(outputPrefix.length());
            store.copy(source, target);
            published.add(target);
        }
        return published;
    }
}
