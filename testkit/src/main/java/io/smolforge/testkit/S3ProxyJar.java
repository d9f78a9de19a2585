package io.smolforge.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Finds s3proxy's jar-with-dependencies. It is deliberately not a dependency of anything (see {@link S3ProxyServer});
 * building the testkit resolves it into the local Maven repository and records the path in testkit.properties.
 */
public final class S3ProxyJar {

    /** System property that overrides where the jar is. */
    public static final String PROPERTY = "smolforge.testkit.s3proxy-jar";
    /** Environment variable that overrides where the jar is. */
    public static final String ENVIRONMENT = "SMOLFORGE_S3PROXY_JAR";

    private S3ProxyJar() {
    }

    /** The first existing candidate: the override, the path recorded at build time, the local Maven repository. */
    public static Path locate() {
        List<Path> candidates = candidates();
        return candidates.stream().filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new IllegalStateException("s3proxy jar-with-dependencies not found; looked at "
                        + candidates + ". Build the testkit module with Maven (it downloads the jar), or set -D"
                        + PROPERTY + " / " + ENVIRONMENT + "."));
    }

    private static List<Path> candidates() {
        List<Path> candidates = new ArrayList<>();
        String override = System.getProperty(PROPERTY, System.getenv(ENVIRONMENT));
        if (override != null && !override.isBlank()) {
            return List.of(Path.of(override));
        }
        Properties recorded = recorded();
        String version = recorded.getProperty("s3proxy.version");
        String jar = recorded.getProperty("s3proxy.jar");
        if (jar != null && !jar.contains("${")) {
            candidates.add(Path.of(jar));
        }
        if (version != null && !version.contains("${")) {
            String relative = "org/gaul/s3proxy/" + version + "/s3proxy-" + version + "-jar-with-dependencies.jar";
            String localRepository = System.getProperty("maven.repo.local");
            if (localRepository != null) {
                candidates.add(Path.of(localRepository, relative));
            }
            candidates.add(Path.of(System.getProperty("user.home"), ".m2", "repository", relative));
        }
        return candidates;
    }

    private static Properties recorded() {
        Properties properties = new Properties();
        try (InputStream in = S3ProxyJar.class.getResourceAsStream("testkit.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read testkit.properties", e);
        }
        return properties;
    }
}
