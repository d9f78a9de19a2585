package io.smolforge.template.prepare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smolforge.api.tokens.TokenShard;
import io.smolforge.api.tokens.TokenShardReader;
import io.smolforge.template.render.ChatTemplate;
import io.smolforge.template.tokens.ChatTemplateTokenizer;
import io.smolforge.template.tokens.ModelTokenizer;
import io.smolforge.template.tokens.TokenizerVocabulary;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;

/**
 * The template service's stage on local files: converted rows (JSONL) + model folder → token
 * shards + {@code stats.json}, with TRL 1.13's semantics (render, tokenize, mask, truncate, pack).
 *
 * <p>Rows stream through in batches of {@value #TRL_MAP_BATCH_SIZE} (TRL packs inside each
 * {@code Dataset.map} batch of that size, so bins match TRL's). Worker threads render and tokenize
 * a batch while the caller packs and writes the previous one; output order is the input order.
 */
public final class PrepareStage {

    /** {@code datasets.Dataset.map}'s default batch size, within which TRL packs. */
    public static final int TRL_MAP_BATCH_SIZE = 1000;
    public static final String STATS_FILE = "stats.json";
    private static final int CHUNKS_PER_THREAD = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrepareOptions options;

    public PrepareStage(PrepareOptions options) {
        this.options = options;
    }

    /** A non-blank input line and where it came from ({@code file:line} in errors). */
    private record Line(Path file, int number, String text) {
        String where() {
            return file + ":" + number;
        }
    }

    public PrepareStats run(Path modelDir, Path input, Path outputDir) throws IOException {
        return run(modelDir, List.of(input), outputDir);
    }

    /**
     * Prepares the rows of several files, read in order as one dataset (such as the
     * {@code part-*.jsonl.gz} files of the dataset stage; names ending in {@code .gz} are gunzipped).
     */
    public PrepareStats run(Path modelDir, List<Path> inputs, Path outputDir) throws IOException {
        long started = System.nanoTime();
        Files.createDirectories(outputDir);
        // stats.json is written last and marks a finished output, so it goes first.
        Files.deleteIfExists(outputDir.resolve(STATS_FILE));
        for (Path stale : TokenShardReader.shardsIn(outputDir)) {
            Files.delete(stale);
        }
        try (ModelTokenizer tokenizer = ModelTokenizer.fromModelDir(modelDir);
             LineSource lines = new LineSource(inputs)) {
            Line first = lines.peek();
            if (first == null) {
                throw new DatasetRowException(inputs + " hold no rows");
            }
            Map<String, Object> firstRow;
            try {
                firstRow = parse(first);
            } catch (DatasetRowException e) {
                throw new DatasetRowException(first.where() + ": " + e.getMessage(), e);
            }
            boolean conversational = ExampleEncoder.isConversational(firstRow);
            ChatTemplate template = conversational ? loadTemplate(modelDir, tokenizer.vocabulary()) : null;
            checkLossSettings(conversational, template);
            ExampleEncoder encoder = encoder(firstRow, template, tokenizer);

            SequencePacker packer = options.packer();
            ShardBuffer shards = new ShardBuffer(outputDir, options.shardTokens(),
                    TokenShard.metadata(options.packingLabel(), options.maxLength()));
            Counts counts = new Counts();
            ExecutorService workers = Executors.newFixedThreadPool(options.threads(), r -> {
                Thread t = new Thread(r, "prepare-worker");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<TokenizedExample[]>> pending = null;
                List<Line> batch;
                while (!(batch = lines.next(TRL_MAP_BATCH_SIZE)).isEmpty()) {
                    counts.rows += batch.size();
                    List<Future<TokenizedExample[]>> submitted = submit(workers, encoder, batch);
                    if (pending != null) {
                        packAndWrite(join(pending), packer, shards, counts);
                    }
                    pending = submitted;
                }
                if (pending != null) {
                    packAndWrite(join(pending), packer, shards, counts);
                }
                shards.flush();
            } finally {
                workers.shutdownNow();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            Integer maxLength = options.maxLength();
            // Only unpacked rows and bfd keep sequences whole, so only there "in - out" counts dropped ones.
            boolean wholeSequences = !options.packing() || "bfd".equals(options.packingStrategy());
            long dropped = wholeSequences ? counts.sequencesIn - shards.sequences() : 0;
            PrepareStats stats = new PrepareStats(counts.rows, counts.tokenized, counts.truncated, dropped,
                    shards.totalRows(), shards.totalTokens(), shards.lossTokens(), options.packingLabel(), maxLength,
                    maxLength == null || shards.totalRows() == 0 ? null
                            : shards.totalTokens() / ((double) shards.totalRows() * maxLength),
                    template == null ? null : template.name(), shards.files(), seconds);
            stats.write(outputDir.resolve(STATS_FILE));
            return stats;
        }
    }

    /** TRL decides EOS and the completion-only default from the dataset's first row; so do we. */
    private ExampleEncoder encoder(Map<String, Object> firstRow, ChatTemplate template, ModelTokenizer tokenizer) {
        boolean completionOnlyLoss = options.completionOnlyLoss() != null ? options.completionOnlyLoss()
                : firstRow.containsKey("prompt") && firstRow.containsKey("completion");
        return new ExampleEncoder(template == null ? null : new ChatTemplateTokenizer(template, tokenizer), tokenizer,
                new ExampleEncoder.Settings(options.assistantOnlyLoss(), completionOnlyLoss,
                        !ExampleEncoder.isConversational(firstRow), eosToken(tokenizer.vocabulary()),
                        options.datasetTextField()));
    }

    private ChatTemplate loadTemplate(Path modelDir, TokenizerVocabulary vocabulary) {
        Path path = options.chatTemplatePath();
        ChatTemplate template;
        if (path == null) {
            template = ChatTemplate.fromModelDir(modelDir);
        } else if (Files.isDirectory(path)) {
            template = ChatTemplate.fromModelDir(path);
        } else {
            template = ChatTemplate.fromFile(path, Map.copyOf(vocabulary.specialTokens()));
        }
        return template.withClock(options.clock());
    }

    private void checkLossSettings(boolean conversational, ChatTemplate template) {
        if (!options.assistantOnlyLoss()) {
            return;
        }
        if (!conversational) {
            throw new DatasetRowException("assistant_only_loss is set, but the dataset is not conversational; "
                    + "it applies to messages or conversational prompt/completion rows only (as in TRL)");
        }
        if (!template.hasGenerationBlocks()) {
            throw new DatasetRowException("assistant_only_loss is set, but chat template '" + template.name()
                    + "' has no {% generation %} / {% endgeneration %} blocks to mark assistant tokens. "
                    + "Give a template that marks assistant turns with chat_template_path, or drop assistant_only_loss. "
                    + "(TRL 1.13 swaps in a training template only for the model families it ships patches for; "
                    + "SmolLM3 is not one of them, so TRL fails here too.)");
        }
    }

    private String eosToken(TokenizerVocabulary vocabulary) {
        String eos = options.eosToken() != null ? options.eosToken() : vocabulary.eosToken().orElse(null);
        if (eos == null) {
            throw new DatasetRowException("the tokenizer has no eos_token and the spec sets none (eos_token)");
        }
        if (vocabulary.find(eos).isEmpty()) {
            throw new DatasetRowException("eos_token '" + eos + "' is not in the tokenizer's vocabulary");
        }
        return eos;
    }

    private List<Future<TokenizedExample[]>> submit(ExecutorService workers, ExampleEncoder encoder, List<Line> batch) {
        int chunk = Math.max(1, batch.size() / (options.threads() * CHUNKS_PER_THREAD));
        List<Future<TokenizedExample[]>> futures = new ArrayList<>();
        for (int from = 0; from < batch.size(); from += chunk) {
            List<Line> part = batch.subList(from, Math.min(batch.size(), from + chunk));
            futures.add(workers.submit(() -> {
                TokenizedExample[] out = new TokenizedExample[part.size()];
                for (int i = 0; i < out.length; i++) {
                    Line line = part.get(i);
                    try {
                        out[i] = encoder.encode(parse(line));
                    } catch (RuntimeException e) { // template, tokenizer and row errors alike: name the line
                        throw new DatasetRowException(line.where() + ": " + e.getMessage(), e);
                    }
                }
                return out;
            }));
        }
        return futures;
    }

    private static List<TokenizedExample> join(List<Future<TokenizedExample[]>> futures) {
        List<TokenizedExample> examples = new ArrayList<>();
        for (Future<TokenizedExample[]> future : futures) {
            try {
                examples.addAll(List.of(future.get()));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while preparing", e);
            }
        }
        return examples;
    }

    private void packAndWrite(List<TokenizedExample> examples, SequencePacker packer, ShardBuffer shards, Counts counts) {
        Integer maxLength = options.maxLength();
        boolean cuts = maxLength != null && (!options.packing() || "bfd".equals(options.packingStrategy()));
        for (TokenizedExample example : examples) {
            counts.tokenized += example.length();
            counts.sequencesIn++;
            if (cuts && example.length() > maxLength) {
                counts.truncated++;
            }
        }
        for (PackedRow row : packer.pack(examples)) {
            shards.add(row);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(Line line) {
        try {
            Object value = JSON.readValue(line.text(), Object.class);
            if (value instanceof Map<?, ?> map) {
                return (Map<String, Object>) map;
            }
            throw new DatasetRowException("a row must be a JSON object");
        } catch (JsonProcessingException e) {
            throw new DatasetRowException("not JSON: " + e.getOriginalMessage());
        }
    }

    private static final class Counts {
        long rows;
        long tokenized;
        long truncated;
        long sequencesIn;
    }

    /** Non-blank lines of the input files in order, with their 1-based line numbers. */
    private static final class LineSource implements AutoCloseable {
        private final List<Path> files;
        private int fileIndex = -1;
        private BufferedReader reader;
        private int number;
        private Line peeked;

        LineSource(List<Path> files) {
            this.files = files;
        }

        Line peek() {
            if (peeked == null) {
                peeked = read();
            }
            return peeked;
        }

        List<Line> next(int max) {
            List<Line> lines = new ArrayList<>(max);
            Line line;
            while (lines.size() < max && (line = peeked != null ? peeked : read()) != null) {
                peeked = null;
                lines.add(line);
            }
            return lines;
        }

        private Line read() {
            try {
                while (true) {
                    if (reader == null) {
                        if (++fileIndex >= files.size()) {
                            return null;
                        }
                        reader = open(files.get(fileIndex));
                        number = 0;
                    }
                    String text;
                    while ((text = reader.readLine()) != null) {
                        number++;
                        if (!text.isBlank()) {
                            return new Line(files.get(fileIndex), number, text);
                        }
                    }
                    reader.close();
                    reader = null;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + files.get(fileIndex), e);
            }
        }

        private static BufferedReader open(Path file) throws IOException {
            InputStream in = Files.newInputStream(file);
            if (file.getFileName().toString().endsWith(".gz")) {
                in = new GZIPInputStream(in, 1 << 16);
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        }

        @Override
        public void close() throws IOException {
            if (reader != null) {
                reader.close();
            }
        }
    }
}
