package io.smolforge.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.smolforge.api.spec.JobSpec;
import io.smolforge.api.spec.JobSpecParser;
import io.smolforge.api.storage.ObjectKeys;
import io.smolforge.api.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The whole pipeline locally, through the same Kafka topics and object storage a cluster uses: start (or reuse)
 * the broker, s3proxy and the four services, mirror the example model and dataset into the bucket, submit the
 * job, follow it stage by stage, then copy the results to the spec's {@code output_dir}. Ctrl-C cancels the job.
 */
@Command(name = "run", description = "Run a job end to end on the local services and copy its results to output_dir.")
public final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "TRL sft config (YAML or JSON)")
    Path config;

    @Option(names = "--no-up", description = "use services that already run; don't start anything")
    boolean noUp;

    @Mixin
    ServiceOptions service;

    @Override
    public Integer call() throws Exception {
        Instant started = Instant.now();
        JobSpec spec = JobSpecParser.parse(config);
        spec.warnings().forEach(w -> System.err.println("warning: " + w));
        LocalEnvironment env = LocalEnvironment.detect();
        if (!noUp) {
            startLocalServices(env);
            env = LocalEnvironment.detect();
        }
        JobsClient client = service.client();
        String jobId;
        try (ObjectStore store = new ObjectStore(env.objectStore())) {
            new LocalHubMirror(store, env.root()).seed(spec);
            jobId = client.submit(config, null).path("id").asText();
            System.out.println("job " + jobId + " submitted: " + config);

            AtomicBoolean ended = new AtomicBoolean();
            Thread cancelOnInterrupt = new Thread(() -> cancel(client, jobId, ended));
            Runtime.getRuntime().addShutdownHook(cancelOnInterrupt);
            ProgressView view = new ProgressView(System.out, System.console() != null);
            client.follow(jobId, view::onEvent);
            view.close();
            ended.set(true);
            try {
                Runtime.getRuntime().removeShutdownHook(cancelOnInterrupt);
            } catch (IllegalStateException shuttingDown) {
                return 130; // Ctrl-C: the hook cancelled the job and the JVM is exiting
            }

            JsonNode job = client.job(jobId);
            if (!"succeeded".equals(job.path("state").asText())) {
                System.err.println("job " + jobId + " " + job.path("state").asText() + ": " + job.path("message").asText());
                return 1;
            }
            Path outputDir = outputDir(spec, jobId);
            List<String> copied = new ResultCopier(store).copy(jobId, job, outputDir);
            System.out.printf("%nDone in %s. Job %s succeeded.%n", format(Duration.between(started, Instant.now())), jobId);
            System.out.println("  output_dir      " + outputDir.toAbsolutePath() + "  (" + String.join(", ", copied) + ")");
            System.out.println("  object storage  s3://" + store.bucket() + "/" + ObjectKeys.job(jobId) + " and "
                    + ObjectKeys.registryPrefix(jobId));
            System.out.println("  status          ./smolforge status " + jobId);
            return 0;
        }
    }

    private static void startLocalServices(LocalEnvironment env) throws IOException, InterruptedException {
        Process up = new ProcessBuilder(env.root().resolve("deploy/local/up.sh").toString()).inheritIO().start();
        if (up.waitFor() != 0) {
            throw new IllegalStateException("./smolforge up failed (exit " + up.exitValue() + "); see "
                    + env.home().resolve("logs"));
        }
    }

    private static void cancel(JobsClient client, String jobId, AtomicBoolean ended) {
        if (ended.get()) {
            return;
        }
        try {
            client.cancel(jobId);
            System.err.println("\njob " + jobId + " cancelled");
        } catch (IOException | InterruptedException e) {
            System.err.println("\ncould not cancel job " + jobId + ": " + e.getMessage());
        }
    }

    private static Path outputDir(JobSpec spec, String jobId) {
        String dir = spec.getString("output_dir");
        return Path.of(dir != null ? dir : "output/" + jobId);
    }

    private static String format(Duration d) {
        return d.toMinutes() > 0 ? d.toMinutes() + " min " + d.toSecondsPart() + " s" : d.toSeconds() + " s";
    }

    /** Copies a finished job's results from object storage to a local folder, as TRL leaves them in output_dir. */
    static final class ResultCopier {
        private final ObjectStore store;

        ResultCopier(ObjectStore store) {
            this.store = store;
        }

        List<String> copy(String jobId, JsonNode job, Path dir) throws IOException {
            Files.createDirectories(dir);
            String output = ObjectKeys.outputPrefix(jobId);
            store.getDirectory(output, dir);
            store.getFile(ObjectKeys.messagesStats(jobId), dir.resolve("dataset_stats.json"));
            store.getFile(ObjectKeys.tokensStats(jobId), dir.resolve("tokens_stats.json"));
            if (store.exists(ObjectKeys.rejected(jobId))) {
                try (InputStream in = new GZIPInputStream(store.open(ObjectKeys.rejected(jobId)))) {
                    Files.copy(in, dir.resolve("rejected.jsonl"), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.writeString(dir.resolve("job.json"), job.toPrettyString());
            try (var files = Files.list(dir)) {
                return files.map(p -> p.getFileName().toString()).sorted().toList();
            }
        }
    }
}
