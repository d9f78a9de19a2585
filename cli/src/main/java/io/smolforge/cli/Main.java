package io.smolforge.cli;

import io.smolforge.cli.jobs.RunCommand;
import io.smolforge.cli.jobs.StatusCommand;
import io.smolforge.cli.jobs.SubmitCommand;
import io.smolforge.cli.jobs.WatchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./smolforge}: job submission and progress against the services, and every pipeline stage on
 * local files (the same core code the services run). {@code up}/{@code down} are handled by the
 * launcher script, which starts and stops the local broker, object store and services.
 */
@Command(name = "smolforge", mixinStandardHelpOptions = true, version = "smolforge 0.1.0",
        description = "SmolLM3 fine-tuning pipeline: local stages and job control.",
        subcommands = {
                CommandLine.HelpCommand.class,
                SubmitCommand.class,
                StatusCommand.class,
                WatchCommand.class,
                RunCommand.class,
                ConvertCommand.class,
                BenchConvertCommand.class,
                ScoreCommand.class,
                TrainCommand.class,
                BenchTrainCommand.class,
                RenderCommand.class,
                PrepareCommand.class,
                BenchPrepareCommand.class,
        })
public final class Main {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
