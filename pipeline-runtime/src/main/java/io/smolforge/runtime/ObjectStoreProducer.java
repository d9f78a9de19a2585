package io.smolforge.runtime;

import io.smolforge.api.storage.ObjectStore;
import io.smolforge.api.storage.ObjectStoreConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/** The service's object store, built from {@link S3Config}; the bucket is created on first use. */
@ApplicationScoped
public class ObjectStoreProducer {

    @Produces
    @ApplicationScoped
    ObjectStore objectStore(S3Config s3) {
        return new ObjectStore(new ObjectStoreConfig(s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey(),
                s3.bucket())).ensureBucket();
    }

    void close(@Disposes ObjectStore store) {
        store.close();
    }
}
