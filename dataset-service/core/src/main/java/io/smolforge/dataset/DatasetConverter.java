package io.smolforge.dataset;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smolforge.dataset.convert.RowConversion;
import io.smolforge.dataset.read.InputFormat;
import io.smolforge.dataset.read.InvalidUtf8;
import io.smolforge.dataset.read.RawRow;
import io.smolforge.dataset.read.RowReader;
import io.smolforge.dataset.write.DuplicateFilter;
import io.smolforge.dataset.write.RowSink;
import io.smolforge.dataset.write.ShuffleSpool;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Converts one or more sources into contract rows: streams each source row by row, converts and validates it,
 * writes the accepted rows (sampled by each source's fraction, split into train/test, optionally shuffled) and
 * reports every rejected row with where and why. Memory stays flat whatever the input size: rows are handled one
 * at a time, the shuffle spills to disk ({@link ShuffleSpool}), and the split is decided per row from a seeded
 * hash of its position (a row count split keeps only that many keys).
 *
 * <pre>
 * ConversionStats stats = new DatasetConverter(ConversionOptions.defaults().withSeed(7))
 *         .convert(List.of(DatasetSource.of(path)), new PartDirectoryOutput(dir));
 * </pre>
 */
public final class DatasetConverter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final int TOP_REASONS = 5;

    private final ConversionOptions options;
    private final RowKeys keys;

    public DatasetConverter(ConversionOptions options) {
        this.options = options;
        this.keys = new RowKeys(options.seed());
    }

    /**
     * Runs the conversion.
     *
     * @throws ConversionFailedException too many rows rejected; the report and stats are written, the rows not
     * @throws IOException               a source cannot be opened, or the output cannot be written
     */
    public ConversionStats convert(List<DatasetSource> sources, ConversionOutput output)
            throws IOException, ConversionFailedException {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no dataset source given");
        }
        ConversionStats stats = new ConversionStats();
        boolean spooled = options.shuffle() || options.testSizeIsCount();
        try (RowSink train = output.openTrain();
             RowSink test = options.testSize() != null ? output.openTest() : null;
             RowSink rejected = output.openRejected();
             ShuffleSpool spool = spooled ? new ShuffleSpool(options.workDir(), options.shuffleMemoryBytes()) : null) {
            Placement placement = new Placement(train, test, spool, stats);
            DuplicateFilter duplicates = options.dropDuplicates() ? new DuplicateFilter() : null;
            for (int i = 0; i < sources.size(); i++) {
                convertSource(i, sources.get(i), stats, placement, rejected, duplicates);
            }
            String failure = failure(stats);
            if (failure == null && spool != null) {
                placement.drainSpool();
            }
            if (failure != null) {
                stats.failed(failure);
                rejected.commit();
                output.writeStats(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(stats.toJson()));
                throw new ConversionFailedException(failure, stats);
            }
            train.commit();
            if (test != null) {
                test.commit();
            }
            rejected.commit();
            output.writeStats(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(stats.toJson()));
            return stats;
        }
    }

    private void convertSource(int index, DatasetSource source, ConversionStats stats, Placement placement,
                               RowSink rejected, DuplicateFilter duplicates) throws IOException {
        ConversionStats.SourceStats sourceStats = stats.startSource(source.name());
        InputStream in = source.opener().open();
        RowReader reader;
        try {
            reader = InputFormat.open(source.name(), in, source.file(), JSON, options.maxRowBytes(), options.workDir());
        } catch (IOException | RuntimeException e) {
            in.close();
            stats.read(sourceStats);
            reject(rejected, stats, sourceStats, source.name(), RawRow.failed(1, -1, null, null),
                    new RowRejectedException(null, RejectReason.UNREADABLE_SOURCE, "cannot read the source: " + e));
            return;
        }
        RowConversion conversion = new RowConversion(source.format(), source.mapping(), options);
        try (reader) {
            RawRow raw;
            while ((raw = reader.next()) != null) {
                stats.read(sourceStats);
                RowRejectedException problem = problemOf(raw);
                if (problem != null) {
                    reject(rejected, stats, sourceStats, source.name(), raw, problem);
                    continue;
                }
                int copies = copies(source.fraction(), keys.key(RowKeys.SAMPLE, index, raw.row(), 0));
                if (copies == 0) {
                    stats.sampledOut(sourceStats);
                    continue;
                }
                RowConversion.Converted converted;
                try {
                    converted = conversion.convert(raw.value());
                } catch (RowRejectedException e) {
                    reject(rejected, stats, sourceStats, source.name(), raw, e);
                    continue;
                }
                byte[] json = JSON.writeValueAsBytes(converted.row());
                if (duplicates != null && !duplicates.firstTime(json)) {
                    reject(rejected, stats, sourceStats, source.name(), raw, new RowRejectedException(null,
                            RejectReason.DUPLICATE, "converts to the same row as an earlier one"));
                    continue;
                }
                stats.accepted(sourceStats, converted.format(), converted.row(), copies);
                for (int copy = 0; copy < copies; copy++) {
                    placement.place(keys, index, raw.row(), copy, json);
                }
            }
        }
    }

    /** A reader's failure, or invalid UTF-8 found in the parsed row. */
    private static RowRejectedException problemOf(RawRow raw) {
        if (raw.isFailed()) {
            RowRejectedException problem = raw.problem();
            if (problem.reason() == RejectReason.MALFORMED_JSON && raw.rawText() != null
                    && raw.rawText().indexOf(InvalidUtf8.MARKER) >= 0) {
                return new RowRejectedException(null, RejectReason.INVALID_UTF8,
                        "the line holds bytes that are not valid UTF-8");
            }
            return problem;
        }
        String field = InvalidUtf8.findMarkedField(raw.value());
        if (field != null) {
            return new RowRejectedException(field.isEmpty() ? null : field, RejectReason.INVALID_UTF8,
                    "field holds bytes that are not valid UTF-8");
        }
        return null;
    }

    /** How many times a row goes in: a fraction of 2.5 gives 2 copies, plus a third for half of the rows. */
    private static int copies(double fraction, long key) {
        int whole = (int) Math.floor(fraction);
        return whole + (RowKeys.unit(key) < fraction - whole ? 1 : 0);
    }

    private String failure(ConversionStats stats) {
        long accepted = stats.rowsAccepted();
        long rejected = stats.rowsRejected();
        if (accepted == 0) {
            return "no row could be converted (" + rejected + " rejected); top reasons: " + stats.topReasons(TOP_REASONS);
        }
        double ratio = rejected / (double) (accepted + rejected);
        if (ratio > options.maxRejectRatio()) {
            return String.format("%d of %d rows rejected (%.1f%%, over the allowed %.1f%%); top reasons: %s",
                    rejected, accepted + rejected, ratio * 100, options.maxRejectRatio() * 100,
                    stats.topReasons(TOP_REASONS));
        }
        if (options.testSizeIsCount() && options.testSize() >= stats.sources().stream()
                .mapToLong(ConversionStats.SourceStats::rowsWritten).sum()) {
            return "test split of " + options.testSize().longValue() + " rows asked for, but only "
                    + stats.sources().stream().mapToLong(ConversionStats.SourceStats::rowsWritten).sum()
                    + " rows were converted";
        }
        return null;
    }

    private static void reject(RowSink rejected, ConversionStats stats, ConversionStats.SourceStats sourceStats,
                               String source, RawRow raw, RowRejectedException problem) throws IOException {
        stats.rejected(sourceStats, problem.reason());
        String rawText = raw.rawText() != null ? raw.rawText() : raw.value() != null ? raw.value().toString() : null;
        Rejection rejection = new Rejection(source, raw.row(), raw.line(), problem.field(), problem.reason(),
                problem.getMessage(), rawText);
        ObjectNode json = JSON.createObjectNode();
        json.put("source", rejection.source());
        json.put("row", rejection.row());
        if (rejection.line() > 0) {
            json.put("line", rejection.line());
        }
        json.put("field", rejection.field());
        json.put("reason", rejection.reason().code());
        json.put("message", rejection.message());
        json.put("raw", rejection.raw());
        rejected.write(JSON.writeValueAsBytes(json));
    }

    /** Sends accepted rows to train or test, directly or through the shuffle spool. */
    private final class Placement {
        private final RowSink train;
        private final RowSink test;
        private final ShuffleSpool spool;
        private final ConversionStats stats;
        /** For a row-count test split: the smallest keys seen, largest on top (a bottom-k sample). */
        private final PriorityQueue<Long> smallestKeys;
        private final int testCount;

        Placement(RowSink train, RowSink test, ShuffleSpool spool, ConversionStats stats) {
            this.train = train;
            this.test = test;
            this.spool = spool;
            this.stats = stats;
            this.testCount = options.testSizeIsCount() ? options.testSize().intValue() : 0;
            this.smallestKeys = testCount > 0 ? new PriorityQueue<>((a, b) -> Long.compareUnsigned(b, a)) : null;
        }

        void place(RowKeys keys, int source, long row, int copy, byte[] json) throws IOException {
            if (spool == null) {
                boolean toTest = test != null
                        && RowKeys.unit(keys.key(RowKeys.SPLIT, source, row, copy)) < options.testSize();
                write(toTest, json);
                return;
            }
            long key = keys.key(options.shuffle() ? RowKeys.SHUFFLE : RowKeys.SPLIT, source, row, copy);
            spool.add(key, json);
            if (smallestKeys != null) {
                smallestKeys.add(key);
                if (smallestKeys.size() > testCount) {
                    smallestKeys.poll();
                }
            }
        }

        /** Rows come back in key order; the split is decided on the same uniformly distributed key. */
        void drainSpool() throws IOException {
            Long countThreshold = smallestKeys != null && !smallestKeys.isEmpty() ? smallestKeys.peek() : null;
            spool.drain((key, json) -> {
                boolean toTest;
                if (countThreshold != null) {
                    toTest = Long.compareUnsigned(key, countThreshold) <= 0;
                } else {
                    toTest = test != null && RowKeys.unit(key) < options.testSize();
                }
                write(toTest, json);
            });
        }

        private void write(boolean toTest, byte[] json) throws IOException {
            if (toTest) {
                test.write(json);
                stats.wroteTest();
            } else {
                train.write(json);
                stats.wroteTrain();
            }
        }
    }
}
