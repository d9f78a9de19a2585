package io.smolforge.cli.jobs;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "watch", description = "Follow a job live until it ends; exits 0 when it succeeded.")
public final class WatchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Mixin
    ServiceOptions service;

    @Override
    public Integer call() throws Exception {
        JobsClient client = service.client();
        ProgressView view = new ProgressView(System.out, System.console() != null);
        client.follow(id, view::onEvent);
        view.close();
        return "succeeded".equals(client.job(id).path("state").asText()) ? 0 : 1;
    }
}
