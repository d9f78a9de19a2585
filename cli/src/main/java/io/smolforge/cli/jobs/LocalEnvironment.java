package io.smolforge.cli.jobs;

import io.smolforge.api.storage.ObjectStoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The local installation `./smolforge up` made: the repository root and the endpoints and keys it wrote to
 * {@code $SMOLFORGE_HOME/local.env} and {@code credentials}. Environment variables win over the files.
 */
public final class LocalEnvironment {
    private final Path root;
    private final Path home;
    private final Map<String, String> values = new HashMap<>();

    private LocalEnvironment(Path root, Path home) {
        this.root = root;
        this.home = home;
    }

    public static LocalEnvironment detect() throws IOException {
        Path root = Path.of(System.getenv().getOrDefault("SMOLFORGE_ROOT", ".")).toAbsolutePath().normalize();
        Path home = Path.of(System.getenv().getOrDefault("SMOLFORGE_HOME", root.resolve(".smolforge").toString()));
        LocalEnvironment env = new LocalEnvironment(root, home);
        for (String file : List.of("local.env", "credentials")) {
            Path path = home.resolve(file);
            if (Files.exists(path)) {
                for (String line : Files.readAllLines(path)) {
                    int eq = line.indexOf('=');
                    if (!line.startsWith("#") && eq > 0) {
                        env.values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                    }
                }
            }
        }
        env.values.putAll(System.getenv());
        return env;
    }

    public Path root() {
        return root;
    }

    public Path home() {
        return home;
    }

    /** dataset-service's base URL: {@code SMOLFORGE_URL}, or the local default. */
    public String serviceUrl() {
        return values.getOrDefault("SMOLFORGE_URL", "http://127.0.0.1:8081");
    }

    public ObjectStoreConfig objectStore() {
        String endpoint = values.get("SMOLFORGE_S3_ENDPOINT");
        if (endpoint == null || values.get("SMOLFORGE_S3_SECRET_KEY") == null) {
            throw new IllegalStateException("no object store configured: run ./smolforge up, or set "
                    + "SMOLFORGE_S3_ENDPOINT, SMOLFORGE_S3_ACCESS_KEY and SMOLFORGE_S3_SECRET_KEY");
        }
        return new ObjectStoreConfig(endpoint, values.get("SMOLFORGE_S3_REGION"), values.get("SMOLFORGE_S3_ACCESS_KEY"),
                values.get("SMOLFORGE_S3_SECRET_KEY"), values.getOrDefault("SMOLFORGE_S3_BUCKET", "smolforge"));
    }
}
