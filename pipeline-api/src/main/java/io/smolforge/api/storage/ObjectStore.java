package io.smolforge.api.storage;

import io.minio.BucketExistsArgs;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * The one object-store client of SmolForge, on the MinIO Java client (any S3 API: MinIO, s3proxy, AWS).
 * Every object is written with its SHA-256 in user metadata ({@code x-amz-meta-sha256}) and verified when
 * read back. Large objects go up in multipart uploads (the MinIO client splits files above its part size).
 */
public final class ObjectStore implements AutoCloseable {
    /** The user-metadata key holding the hex SHA-256 of the object's bytes. */
    public static final String SHA256_METADATA = "sha256";
    private static final long PART_SIZE = 16L * 1024 * 1024;

    private final ObjectStoreConfig config;
    private final OkHttpClient http;
    private final MinioClient client;

    public ObjectStore(ObjectStoreConfig config) {
        this.config = config;
        this.http = new OkHttpClient.Builder()
                .connectTimeout(10, TimeUnit.SECONDS)
                .readTimeout(5, TimeUnit.MINUTES)
                .writeTimeout(5, TimeUnit.MINUTES)
                .build();
        this.client = MinioClient.builder()
                .endpoint(config.endpoint())
                .region(config.region())
                .credentials(config.accessKey(), config.secretKey())
                .httpClient(http)
                .build();
    }

    public String bucket() {
        return config.bucket();
    }

    /** Creates the bucket if it does not exist yet. */
    public ObjectStore ensureBucket() {
        call(null, "check bucket", () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(config.bucket()).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(config.bucket()).region(config.region()).build());
            }
            return null;
        });
        return this;
    }

    /** Uploads a file (multipart when large), recording its SHA-256. */
    public void putFile(String key, Path file) {
        putFile(key, file, contentTypeOf(key));
    }

    public void putFile(String key, Path file, String contentType) {
        String sha256 = sha256Of(file);
        call(key, "upload", () -> client.uploadObject(UploadObjectArgs.builder()
                .bucket(config.bucket()).object(key).filename(file.toString(), PART_SIZE)
                .contentType(contentType)
                .userMetadata(Map.of(SHA256_METADATA, sha256))
                .build()));
    }

    /** Uploads bytes already in memory: checksummed and sent as they are, no spooling. */
    public void putBytes(String key, byte[] bytes, String contentType) {
        String sha256 = HexFormat.of().formatHex(sha256().digest(bytes));
        call(key, "upload", () -> client.putObject(PutObjectArgs.builder()
                .bucket(config.bucket()).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1)
                .contentType(contentType)
                .userMetadata(Map.of(SHA256_METADATA, sha256))
                .build()));
    }

    /**
     * Uploads a stream of unknown length. It is spooled to a temporary file first: the checksum has to go
     * into the metadata, which S3 takes before the bytes.
     */
    public void putStream(String key, InputStream in, String contentType) {
        write(key, contentType, in::transferTo);
    }

    /** Writes an object's bytes; see {@link #write(String, String, ObjectWriter)}. */
    @FunctionalInterface
    public interface ObjectWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Uploads what {@code writer} writes, for producers that emit an object piece by piece (gzip'd JSONL parts,
     * shards). The bytes are spooled to a temporary file first, like {@link #putStream}; if the writer throws,
     * nothing is uploaded — a callback rather than a returned stream, because try-with-resources would close
     * (and so upload) a half-written stream.
     */
    public void write(String key, String contentType, ObjectWriter writer) {
        Path spool = null;
        try {
            spool = Files.createTempFile("smolforge-put-", ".part");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(spool))) {
                writer.writeTo(out);
            }
            putFile(key, spool, contentType);
        } catch (IOException e) {
            throw new ObjectStoreException(key, "cannot write " + describe(key) + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(spool);
        }
    }

    /**
     * Opens an object for reading. The stream verifies the SHA-256 recorded at upload time when it reaches
     * the end, and throws {@link ObjectStoreException} on a mismatch instead of returning end-of-stream.
     */
    public InputStream open(String key) {
        return call(key, "download", () -> {
            InputStream raw = client.getObject(GetObjectArgs.builder().bucket(config.bucket()).object(key).build());
            String expected = ((io.minio.GetObjectResponse) raw).headers().get("x-amz-meta-" + SHA256_METADATA);
            return expected == null ? raw : new VerifyingInputStream(raw, key, expected);
        });
    }

    public byte[] getBytes(String key) {
        try (InputStream in = open(key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ObjectStoreException(key, "cannot read " + describe(key) + ": " + e.getMessage(), e);
        }
    }

    /** Downloads to {@code target}, verified, replacing it atomically: a failed download leaves no half file. */
    public void getFile(String key, Path target) {
        Path tmp = null;
        try {
            Path parent = target.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            tmp = Files.createTempFile(parent, ".download-", ".part");
            try (InputStream in = open(key)) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ObjectStoreException(key, "cannot download " + describe(key) + " to " + target + ": "
                    + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    public boolean exists(String key) {
        return stat(key) != null;
    }

    /** Size in bytes, or -1 when there is no such object. */
    public long size(String key) {
        StatObjectResponse stat = stat(key);
        return stat == null ? -1 : stat.size();
    }

    /** The recorded SHA-256 of an object, or null when it has none or does not exist. */
    public String sha256(String key) {
        StatObjectResponse stat = stat(key);
        return stat == null ? null : stat.userMetadata().get(SHA256_METADATA);
    }

    /** Keys under a prefix, recursively, in lexical order. */
    public List<String> list(String prefix) {
        return call(prefix, "list", () -> {
            List<String> keys = new ArrayList<>();
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder()
                    .bucket(config.bucket()).prefix(prefix).recursive(true).build())) {
                Item item = result.get();
                if (!item.isDir()) {
                    keys.add(item.objectName());
                }
            }
            keys.sort(null);
            return keys;
        });
    }

    /** Server-side copy; metadata (and so the checksum) travels with it. */
    public void copy(String sourceKey, String targetKey) {
        call(targetKey, "copy " + sourceKey + " to", () -> client.copyObject(CopyObjectArgs.builder()
                .bucket(config.bucket()).object(targetKey)
                .source(CopySource.builder().bucket(config.bucket()).object(sourceKey).build())
                .build()));
    }

    public void delete(String key) {
        call(key, "delete", () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(config.bucket()).object(key).build());
            return null;
        });
    }

    /** Uploads every file below {@code dir} under {@code prefix} (relative paths kept); returns the keys. */
    public List<String> putDirectory(String prefix, Path dir) {
        List<String> keys = new ArrayList<>();
        try (var files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String key = prefix + dir.relativize(file).toString().replace('\\', '/');
                putFile(key, file);
                keys.add(key);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
        return keys;
    }

    /** Downloads every object under {@code prefix} into {@code dir}, keeping the relative layout. */
    public List<Path> getDirectory(String prefix, Path dir) {
        List<Path> files = new ArrayList<>();
        for (String key : list(prefix)) {
            Path target = dir.resolve(key.substring(prefix.length())).normalize();
            if (!target.startsWith(dir.normalize())) {
                throw new ObjectStoreException(key, "refusing to write " + describe(key) + " outside " + dir);
            }
            getFile(key, target);
            files.add(target);
        }
        return files;
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            // Closing only releases connections; nothing to recover.
        }
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "ObjectStore[" + config + "]";
    }

    private StatObjectResponse stat(String key) {
        return call(key, "stat", () -> {
            try {
                return client.statObject(StatObjectArgs.builder().bucket(config.bucket()).object(key).build());
            } catch (ErrorResponseException e) {
                String code = e.errorResponse().code();
                if ("NoSuchKey".equals(code) || "NoSuchObject".equals(code) || "NotFound".equals(code)) {
                    return null;
                }
                throw e;
            }
        });
    }

    private String describe(String key) {
        return "s3://" + config.bucket() + "/" + key;
    }

    private interface S3Call<T> {
        T run() throws Exception;
    }

    private <T> T call(String key, String action, S3Call<T> call) {
        try {
            return call.run();
        } catch (ObjectStoreException e) {
            throw e;
        } catch (ErrorResponseException e) {
            throw new ObjectStoreException(key, "cannot " + action + " " + describe(key == null ? "" : key) + " at "
                    + config.endpoint() + ": " + e.errorResponse().code() + " " + e.errorResponse().message(), e);
        } catch (Exception e) {
            throw new ObjectStoreException(key, "cannot " + action + " " + describe(key == null ? "" : key) + " at "
                    + config.endpoint() + ": " + e.getMessage(), e);
        }
    }

    static String sha256Of(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256())) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    private static String contentTypeOf(String key) {
        if (key.endsWith(".json")) {
            return "application/json";
        }
        if (key.endsWith(".jsonl")) {
            return "application/x-ndjson";
        }
        if (key.endsWith(".gz")) {
            return "application/gzip";
        }
        if (key.endsWith(".png")) {
            return "image/png";
        }
        if (key.endsWith(".md")) {
            return "text/markdown";
        }
        return "application/octet-stream";
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // a leftover temp file is harmless
            }
        }
    }

    /** Passes bytes through and checks the digest at end of stream. */
    private static final class VerifyingInputStream extends FilterInputStream {
        private final MessageDigest digest = sha256();
        private final String key;
        private final String expected;
        private boolean verified;

        VerifyingInputStream(InputStream in, String key, String expected) {
            super(in);
            this.key = key;
            this.expected = expected;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                verify();
            } else {
                digest.update((byte) b);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n < 0) {
                verify();
            } else {
                digest.update(buf, off, n);
            }
            return n;
        }

        /** Skipped bytes still count towards the checksum, so they are read, not skipped. */
        @Override
        public long skip(long n) throws IOException {
            byte[] discard = new byte[8192];
            long skipped = 0;
            while (skipped < n) {
                int read = read(discard, 0, (int) Math.min(discard.length, n - skipped));
                if (read < 0) {
                    break;
                }
                skipped += read;
            }
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false; // re-reading after reset() would feed the same bytes to the digest twice
        }

        private void verify() {
            if (verified) {
                return;
            }
            verified = true;
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(expected)) {
                throw new ObjectStoreException(key, "checksum mismatch reading " + key + ": stored sha256 "
                        + expected + ", read " + actual);
            }
        }
    }
}
