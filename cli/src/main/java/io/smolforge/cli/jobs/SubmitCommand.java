package io.smolforge.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "submit", description = "Submit a job: a TRL sft config (YAML or JSON), optionally with its dataset file.")
public final class SubmitCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "TRL sft config (YAML or JSON)")
    Path config;

    @Option(names = "--dataset", paramLabel = "FILE", description = "upload this dataset file with the job")
    Path dataset;

    @Mixin
    ServiceOptions service;

    @Override
    public Integer call() throws Exception {
        try {
            JsonNode job = service.client().submit(config, dataset);
            System.out.println(job.path("id").asText() + "  " + job.path("state").asText() + "  " + job.path("statusUrl").asText());
            return 0;
        } catch (JobsClient.JobApiException e) {
            System.err.println("smolforge: the job was refused (" + e.status() + "):");
            System.err.println(e.body());
            return 2;
        }
    }
}
