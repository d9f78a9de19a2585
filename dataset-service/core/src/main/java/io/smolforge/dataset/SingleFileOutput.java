package io.smolforge.dataset;

import io.smolforge.dataset.write.JsonLinesFileSink;
import io.smolforge.dataset.write.RowSink;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The CLI's layout: the converted rows in one JSON Lines file (gzip when it ends in {@code .gz}), and beside it
 * {@code <file>.rejected.jsonl}, {@code <file>.stats.json} and, with a test split, {@code <name>.test.jsonl}.
 */
public final class SingleFileOutput implements ConversionOutput {
    private final Path file;

    public SingleFileOutput(Path file) {
        this.file = file.toAbsolutePath();
    }

    public Path file() {
        return file;
    }

    public Path testFile() {
        String name = file.getFileName().toString();
        for (String extension : new String[] {".jsonl.gz", ".jsonl", ".json.gz", ".json"}) {
            if (name.endsWith(extension)) {
                return file.resolveSibling(name.substring(0, name.length() - extension.length()) + ".test" + extension);
            }
        }
        return file.resolveSibling(name + ".test");
    }

    public Path rejectedFile() {
        return file.resolveSibling(file.getFileName() + ".rejected.jsonl");
    }

    public Path statsFile() {
        return file.resolveSibling(file.getFileName() + ".stats.json");
    }

    @Override
    public RowSink openTrain() throws IOException {
        return new JsonLinesFileSink(file);
    }

    @Override
    public RowSink openTest() throws IOException {
        return new JsonLinesFileSink(testFile());
    }

    @Override
    public RowSink openRejected() throws IOException {
        return new JsonLinesFileSink(rejectedFile());
    }

    @Override
    public void writeStats(byte[] json) throws IOException {
        PartDirectoryOutput.writeAtomically(statsFile(), json);
    }
}
