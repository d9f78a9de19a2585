package io.smolforge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smolforge.dataset.ColumnMapping;
import io.smolforge.dataset.ConversionFailedException;
import io.smolforge.dataset.ConversionOptions;
import io.smolforge.dataset.ConversionStats;
import io.smolforge.dataset.DatasetConverter;
import io.smolforge.dataset.DatasetFormat;
import io.smolforge.dataset.DatasetSource;
import io.smolforge.dataset.SingleFileOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code smolforge convert}: a dataset file to SmolForge's one-JSON-object-per-line format, with a rejection report. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {
                "Convert GSM8K, Alpaca, ShareGPT, messages, prompt-completion or text rows (JSONL, JSON array, CSV or"
                        + " Parquet, optionally gzipped) into one JSON object per line: {\"messages\": [...]} plus any"
                        + " tools, chat_template_kwargs and metadata.",
                "Rejected rows go to OUTPUT.rejected.jsonl (source, row, line, field, reason, raw row), the stats to"
                        + " OUTPUT.stats.json and standard output. Exit code 1 when too many rows are rejected."})
public final class ConvertCommand implements Callable<Integer> {
    private static final Pattern DATA_FILE = Pattern.compile("(?i)[^.].*\\.(jsonl|ndjson|json|csv|parquet)(\\.gz)?");

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "Dataset file, or a directory of them (e.g. a Hub dataset's Parquet shards). Repeat for a"
                    + " mixture of several sources.")
    List<Path> inputs;

    @Option(names = "--fraction", paramLabel = "F",
            description = "Share of rows to take from each --input, in order (default 1; 0.5 takes a seeded half,"
                    + " 2 repeats every row).")
    List<Double> fractions = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto",
            description = "auto, gsm8k, alpaca, sharegpt, messages, prompt-completion or text (default: ${DEFAULT-VALUE},"
                    + " decided per row from its columns).")
    String format;

    @Option(names = "--mapping", paramLabel = "FILE",
            description = "Column mapping for a custom schema, written like an entry of LLaMA-Factory's dataset_info.json.")
    Path mapping;

    @Option(names = "--mapping-name", paramLabel = "NAME",
            description = "Which entry of the --mapping file to use when it holds several.")
    String mappingName;

    @Option(names = "--output", required = true, paramLabel = "PATH",
            description = "Converted rows, one JSON object per line (gzip-compressed when the name ends in .gz).")
    Path output;

    @Option(names = "--system-prompt", paramLabel = "TEXT",
            description = "Add this system turn to conversations that have none.")
    String systemPrompt;

    @Option(names = "--remove-calculator-annotations",
            description = "GSM8K: remove calculator annotations such as <<48/2=24>> from answers.")
    boolean removeCalculatorAnnotations;

    @Option(names = "--tool-calls-as-text",
            description = "Write assistant tool calls into the content as SmolLM3's <tool_call>{\"name\": ...,"
                    + " \"arguments\": {...}}</tool_call> text (its chat template ignores tool_calls).")
    boolean toolCallsAsText;

    @Option(names = "--drop-duplicates", description = "Reject rows that convert to an already written row.")
    boolean dropDuplicates;

    @Option(names = "--allow-incomplete-conversations",
            description = "Keep conversations without an assistant turn or ending on a user or tool turn"
                    + " (SFT rejects them by default).")
    boolean allowIncompleteConversations;

    @Option(names = "--max-reject-ratio", paramLabel = "R", defaultValue = "0.5",
            description = "Fail when more than this share of rows is rejected (default: ${DEFAULT-VALUE}).")
    double maxRejectRatio;

    @Option(names = "--max-row-bytes", paramLabel = "N", defaultValue = "16777216",
            description = "Reject JSONL lines and JSON array elements larger than this (default: ${DEFAULT-VALUE}).")
    int maxRowBytes;

    @Option(names = "--test-split-size", paramLabel = "X",
            description = "TRL's test_split_size: a fraction below 1 or a row count; test rows go to NAME.test.jsonl.")
    Double testSplitSize;

    @Option(names = "--shuffle", description = "Write rows in a seeded random order (disk-backed, memory-bounded).")
    boolean shuffle;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed for the shuffle, the test split and --fraction sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Scratch space for the shuffle and for Parquet copies (default: the system temp dir).")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        ConversionOptions options = options();
        List<DatasetSource> sources = sources();
        SingleFileOutput out = new SingleFileOutput(output);
        ObjectMapper json = new ObjectMapper();
        try {
            ConversionStats stats = new DatasetConverter(options).convert(sources, out);
            System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(stats.toJson()));
            System.err.printf("converted %d of %d rows into %s%s; %d rejected, listed in %s; stats in %s%n",
                    stats.rowsOut(), stats.rowsRead(), out.file(),
                    stats.rowsTest() > 0 ? " (" + stats.rowsTest() + " test rows in " + out.testFile() + ")" : "",
                    stats.rowsRejected(), out.rejectedFile(), out.statsFile());
            return 0;
        } catch (ConversionFailedException e) {
            System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(e.stats().toJson()));
            System.err.printf("conversion failed: %s%nrejected rows are listed in %s%n", e.getMessage(), out.rejectedFile());
            return 1;
        }
    }

    private ConversionOptions options() {
        try {
            ConversionOptions options = ConversionOptions.defaults()
                    .withSystemPrompt(systemPrompt)
                    .withRemoveCalculatorAnnotations(removeCalculatorAnnotations)
                    .withToolCallsAsText(toolCallsAsText)
                    .withDropDuplicates(dropDuplicates)
                    .withRequireAssistantReply(!allowIncompleteConversations)
                    .withMaxRejectRatio(maxRejectRatio)
                    .withMaxRowBytes(maxRowBytes)
                    .withTestSize(testSplitSize)
                    .withShuffle(shuffle)
                    .withSeed(seed);
            return workDir == null ? options : options.withWorkDir(workDir);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private List<DatasetSource> sources() throws Exception {
        if (fractions.size() > inputs.size()) {
            throw new ParameterException(spec.commandLine(), "more --fraction values than --input files");
        }
        DatasetFormat datasetFormat;
        try {
            datasetFormat = DatasetFormat.fromName(format);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        ColumnMapping columnMapping = mapping == null ? null : ColumnMapping.load(mapping, mappingName);
        List<DatasetSource> sources = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            double fraction = i < fractions.size() ? fractions.get(i) : 1.0;
            for (Path file : dataFiles(inputs.get(i))) {
                try {
                    sources.add(DatasetSource.of(file).withFormat(datasetFormat).withMapping(columnMapping)
                            .withFraction(fraction));
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), e.getMessage());
                }
            }
        }
        return sources;
    }

    /** A file, or the data files of a directory (a downloaded Hub dataset's shards), in name order. */
    private List<Path> dataFiles(Path input) throws Exception {
        if (Files.isRegularFile(input)) {
            return List.of(input);
        }
        if (!Files.isDirectory(input)) {
            throw new ParameterException(spec.commandLine(), "--input " + input + ": no such file or directory");
        }
        try (Stream<Path> files = Files.walk(input)) {
            List<Path> data = files.filter(Files::isRegularFile)
                    .filter(file -> DATA_FILE.matcher(file.getFileName().toString()).matches())
                    .sorted()
                    .toList();
            if (data.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--input " + input
                        + ": no .jsonl, .json, .csv or .parquet files (optionally .gz) in it");
            }
            return data;
        }
    }
}
