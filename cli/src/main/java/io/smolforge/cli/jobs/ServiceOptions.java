package io.smolforge.cli.jobs;

import picocli.CommandLine.Option;

/** Where the job API is: {@code --url}, or env {@code SMOLFORGE_URL}, or the local dataset-service. */
public final class ServiceOptions {
    @Option(names = "--url", description = "dataset-service base URL (default: $SMOLFORGE_URL or http://127.0.0.1:8081)")
    String url;

    public JobsClient client() {
        String base = url != null ? url : System.getenv().getOrDefault("SMOLFORGE_URL", "http://127.0.0.1:8081");
        return new JobsClient(base);
    }
}
