package io.smolforge.testkit;

import io.smolforge.api.storage.ObjectStoreConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * An s3proxy server (a real S3 API with signature checking) on a free port of 127.0.0.1, with random credentials
 * and its objects in a temporary directory.
 *
 * <p>It runs in a child JVM: s3proxy's jar-with-dependencies bundles its own Jetty, Jackson, Guava and Logback,
 * which would clash with the application under test. The child halts when this JVM goes away (see
 * {@link ParentWatchingMain}), so a killed test run leaves no server behind.
 */
public final class S3ProxyServer implements AutoCloseable {

    private static final String REGION = "us-east-1";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Path directory;
    private final int port;
    private final String accessKey;
    private final String secretKey;

    private S3ProxyServer(Process process, Path directory, int port, String accessKey, String secretKey) {
        this.process = process;
        this.directory = directory;
        this.port = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /**
     * Starts s3proxy from its jar-with-dependencies and waits until it accepts connections.
     *
     * @param s3proxyJar the {@code org.gaul:s3proxy:jar-with-dependencies} file
     */
    public static S3ProxyServer start(Path s3proxyJar) {
        if (!Files.isRegularFile(s3proxyJar)) {
            throw new IllegalStateException("s3proxy jar not found at " + s3proxyJar
                    + " (build the testkit module with Maven, or point -D" + S3ProxyJar.PROPERTY + " at the jar)");
        }
        Path directory = null;
        try {
            directory = Files.createTempDirectory("smolforge-s3proxy-");
            int port = LoopbackPorts.free();
            String accessKey = randomHex(10);
            String secretKey = randomHex(20);
            Path properties = writeProperties(directory, port, accessKey, secretKey);
            Path launcher = extractLauncher(directory);
            Path log = directory.resolve("s3proxy.log");
            Process process = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", launcher + java.io.File.pathSeparator + s3proxyJar,
                    ParentWatchingMain.class.getName(), "org.gaul.s3proxy.Main", "--properties", properties.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start(); // stdin stays a pipe from this JVM: its end-of-file tells the child to halt
            S3ProxyServer server = new S3ProxyServer(process, directory, port, accessKey, secretKey);
            server.awaitListening(log);
            return server;
        } catch (IOException | RuntimeException e) {
            TempDirectory.delete(directory);
            throw new IllegalStateException("Cannot start s3proxy: " + e.getMessage(), e);
        }
    }

    public String endpoint() {
        return "http://" + LoopbackPorts.HOST + ":" + port;
    }

    public String region() {
        return REGION;
    }

    public String accessKey() {
        return accessKey;
    }

    /** The secret key; hand it to clients, never to a log line. */
    public String secretKey() {
        return secretKey;
    }

    /** A client configuration for {@code bucket} on this server (the bucket is not created here). */
    public ObjectStoreConfig config(String bucket) {
        return new ObjectStoreConfig(endpoint(), REGION, accessKey, secretKey, bucket);
    }

    private static Path writeProperties(Path directory, int port, String accessKey, String secretKey) throws IOException {
        Path data = Files.createDirectories(directory.resolve("data"));
        Properties p = new Properties();
        p.setProperty("s3proxy.endpoint", "http://" + LoopbackPorts.HOST + ":" + port);
        p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        p.setProperty("s3proxy.identity", accessKey);
        p.setProperty("s3proxy.credential", secretKey);
        p.setProperty("jclouds.provider", "filesystem");
        p.setProperty("jclouds.filesystem.basedir", data.toString());
        p.setProperty("jclouds.identity", "local");
        p.setProperty("jclouds.credential", "local");
        Path file = directory.resolve("s3proxy.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, "SmolForge testkit s3proxy");
        }
        return file;
    }

    /** Copies {@link ParentWatchingMain} to a directory of its own: the child's classpath must not hold our dependencies. */
    private static Path extractLauncher(Path directory) throws IOException {
        String resource = ParentWatchingMain.class.getName().replace('.', '/') + ".class";
        Path classes = directory.resolve("launcher");
        Path target = classes.resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = ParentWatchingMain.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("class file " + resource + " is not readable from the classpath");
            }
            Files.copy(in, target);
        }
        return classes;
    }

    private void awaitListening(Path log) {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited with status " + process.exitValue() + "; log:\n" + tail(log));
            }
            if (LoopbackPorts.accepts(port)) {
                return;
            }
            sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("s3proxy did not listen on " + endpoint() + " within " + STARTUP_TIMEOUT
                + "; log:\n" + tail(log));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for s3proxy", e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        TempDirectory.delete(directory);
    }

    @Override
    public String toString() {
        return "S3ProxyServer[" + endpoint() + ", accessKey=" + accessKey + "]";
    }
}
