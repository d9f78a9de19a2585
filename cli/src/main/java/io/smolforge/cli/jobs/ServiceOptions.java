package io.smolforge.cli.jobs;

import picocli.CommandLine.Option;

/** Where the job API is: {@code --url}, else {@code SMOLFORGE_URL} (environment, then what `up` wrote), else the default. */
public final class ServiceOptions {
    @Option(names = "--url", description = "dataset-service base URL (default: $SMOLFORGE_URL or http://127.0.0.1:8081)")
    String url;

    public JobsClient client() throws java.io.IOException {
        return new JobsClient(url != null ? url : LocalEnvironment.detect().serviceUrl());
    }
}
