package io.smolforge.testkit;

import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.smolforge.api.storage.ObjectStore;
import io.smolforge.api.storage.ObjectStoreConfig;
import io.smolforge.api.storage.ObjectStoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(TestInfrastructureExtension.class)
class ObjectStoreRoundTripTest {

    private static final int FIFTY_MB = 50 * 1024 * 1024;

    @Test
    void fiftyMegabyteObjectRoundTripsWithMatchingSha256(ObjectStoreConfig s3, @TempDir Path dir) throws Exception {
        Path source = dir.resolve("big.bin");
        writeRandomBytes(source, FIFTY_MB);
        String expected = sha256(source);
        String key = "testkit/" + UUID.randomUUID() + "/big.bin";

        try (ObjectStore store = new ObjectStore(s3)) {
            store.putFile(key, source); // above the 16 MB part size: a multipart upload
            assertThat(store.size(key)).isEqualTo(FIFTY_MB);
            assertThat(store.sha256(key)).isEqualTo(expected);

            Path copy = dir.resolve("copy.bin");
            store.getFile(key, copy);
            assertThat(sha256(copy)).isEqualTo(expected);
            assertThat(Files.size(copy)).isEqualTo(FIFTY_MB);
        }
    }

    @Test
    void wrongSecretKeyIsRefusedAndNotRevealed(ObjectStoreConfig s3) {
        String wrongSecret = "not-the-secret-" + UUID.randomUUID();
        ObjectStoreConfig wrong = new ObjectStoreConfig(s3.endpoint(), s3.region(), s3.accessKey(), wrongSecret, s3.bucket());

        try (ObjectStore store = new ObjectStore(wrong)) {
            assertThatThrownBy(() -> store.putBytes("testkit/denied.txt", "x".getBytes(StandardCharsets.UTF_8), "text/plain"))
                    .isInstanceOf(ObjectStoreException.class)
                    .hasMessageContaining("testkit/denied.txt")
                    .hasMessageContaining(s3.bucket())
                    .hasMessageContaining("SignatureDoesNotMatch")
                    .hasMessageNotContaining(wrongSecret)
                    .hasMessageNotContaining(s3.secretKey());
        }
        assertThat(wrong.toString()).doesNotContain(wrongSecret);
        try (ObjectStore store = new ObjectStore(s3)) {
            assertThat(store.exists("testkit/denied.txt")).isFalse();
        }
    }

    @Test
    void listsExistsCopiesAndDeletesByKey(ObjectStoreConfig s3) {
        String prefix = "testkit/" + UUID.randomUUID() + "/";
        try (ObjectStore store = new ObjectStore(s3)) {
            store.putBytes(prefix + "a/one.json", "{\"n\":1}".getBytes(StandardCharsets.UTF_8), "application/json");
            store.putStream(prefix + "b/two.txt", new ByteArrayInputStream("two".getBytes(StandardCharsets.UTF_8)), "text/plain");
            store.copy(prefix + "a/one.json", prefix + "c/one-copy.json");

            assertThat(store.list(prefix)).containsExactly(prefix + "a/one.json", prefix + "b/two.txt", prefix + "c/one-copy.json");
            assertThat(store.list(prefix + "a/")).containsExactly(prefix + "a/one.json");
            assertThat(store.exists(prefix + "b/two.txt")).isTrue();
            assertThat(store.exists(prefix + "b/three.txt")).isFalse();
            assertThat(new String(store.getBytes(prefix + "c/one-copy.json"), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
            assertThat(store.sha256(prefix + "c/one-copy.json")).isEqualTo(store.sha256(prefix + "a/one.json"));

            store.delete(prefix + "b/two.txt");

            assertThat(store.exists(prefix + "b/two.txt")).isFalse();
            assertThat(store.list(prefix)).containsExactly(prefix + "a/one.json", prefix + "c/one-copy.json");
        }
    }

    @Test
    void writerOutputBecomesAnObjectOnlyWhenTheWriterFinishes(ObjectStoreConfig s3) throws Exception {
        String prefix = "testkit/" + UUID.randomUUID() + "/";
        try (ObjectStore store = new ObjectStore(s3)) {
            store.write(prefix + "part-00000.jsonl.gz", "application/gzip", out -> {
                try (var gzip = new java.util.zip.GZIPOutputStream(out)) {
                    gzip.write("{\"text\":\"hello\"}\n".getBytes(StandardCharsets.UTF_8));
                }
            });
            assertThatThrownBy(() -> store.write(prefix + "broken.jsonl", "application/x-ndjson", out -> {
                out.write("half a line".getBytes(StandardCharsets.UTF_8));
                throw new java.io.IOException("converter failed");
            })).isInstanceOf(ObjectStoreException.class).hasMessageContaining("broken.jsonl").hasMessageContaining("converter failed");

            assertThat(store.list(prefix)).containsExactly(prefix + "part-00000.jsonl.gz");
            try (var in = new java.util.zip.GZIPInputStream(store.open(prefix + "part-00000.jsonl.gz"))) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"text\":\"hello\"}\n");
            }
        }
    }

    @Test
    void skippingThroughAnObjectStillVerifiesItsChecksum(ObjectStoreConfig s3) throws Exception {
        String key = "testkit/" + UUID.randomUUID() + "/skipped.bin";
        byte[] bytes = new byte[100_000];
        new Random(3).nextBytes(bytes);
        try (ObjectStore store = new ObjectStore(s3)) {
            store.putBytes(key, bytes, "application/octet-stream");
            try (InputStream in = store.open(key)) {
                assertThat(in.skip(60_000)).isEqualTo(60_000);
                assertThat(in.readAllBytes()).hasSize(40_000); // a skipped-over digest would fail here at end of stream
            }
        }
    }

    @Test
    void readingAnObjectWhoseBytesDoNotMatchItsRecordedSha256Fails(ObjectStoreConfig s3) throws Exception {
        String key = "testkit/" + UUID.randomUUID() + "/tampered.bin";
        byte[] bytes = "the bytes actually stored".getBytes(StandardCharsets.UTF_8);
        // written behind ObjectStore's back, with the checksum of other content
        MinioClient raw = MinioClient.builder().endpoint(s3.endpoint()).region(s3.region())
                .credentials(s3.accessKey(), s3.secretKey()).build();
        raw.putObject(PutObjectArgs.builder().bucket(s3.bucket()).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1)
                .userMetadata(Map.of(ObjectStore.SHA256_METADATA, "0".repeat(64))).build());

        try (ObjectStore store = new ObjectStore(s3)) {
            assertThatThrownBy(() -> store.getBytes(key))
                    .isInstanceOf(ObjectStoreException.class)
                    .hasMessageContaining(key)
                    .hasMessageContaining("checksum mismatch");
        }
    }

    @Test
    void missingObjectIsAnErrorNamingBucketAndKey(ObjectStoreConfig s3) {
        try (ObjectStore store = new ObjectStore(s3)) {
            assertThatThrownBy(() -> store.getBytes("testkit/no-such-object"))
                    .isInstanceOf(ObjectStoreException.class)
                    .hasMessageContaining("s3://" + s3.bucket() + "/testkit/no-such-object");
        }
    }

    private static void writeRandomBytes(Path file, int size) throws Exception {
        Random random = new Random(7);
        byte[] block = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                out.write(block, 0, Math.min(block.length, size - written));
            }
        }
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
