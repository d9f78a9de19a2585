package io.smolforge.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "status", description = "Show one job in full, or all jobs (newest first).")
public final class StatusCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "ID")
    String id;

    @Mixin
    ServiceOptions service;

    @Override
    public Integer call() throws Exception {
        JobsClient client = service.client();
        if (id != null) {
            System.out.println(client.job(id).toPrettyString());
            return 0;
        }
        System.out.printf("%-28s %-10s %-15s %-20s %s%n", "ID", "STATE", "STAGE", "NAME", "MESSAGE");
        for (JsonNode job : client.jobs()) {
            System.out.printf("%-28s %-10s %-15s %-20s %s%n", job.path("id").asText(), job.path("state").asText(),
                    job.path("stage").asText("-"), job.path("name").asText("-"), job.path("message").asText(""));
        }
        return 0;
    }
}
