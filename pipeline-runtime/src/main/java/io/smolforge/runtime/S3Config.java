package io.smolforge.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Object storage settings: {@code smolforge.s3.*} or env {@code SMOLFORGE_S3_*}. */
@ConfigMapping(prefix = "smolforge.s3")
public interface S3Config {
    /** S3 API endpoint, e.g. http://127.0.0.1:9000 (s3proxy locally, MinIO in clusters). */
    String endpoint();

    @WithDefault("us-east-1")
    String region();

    String accessKey();

    /** Never logged: the object store wrapper keeps it out of toString and errors. */
    String secretKey();

    @WithDefault("smolforge")
    String bucket();
}
