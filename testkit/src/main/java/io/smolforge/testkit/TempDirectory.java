package io.smolforge.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Removes the scratch directories the servers kept their data in. */
final class TempDirectory {

    private TempDirectory() {
    }

    /** Deletes {@code directory} and everything below it; a leftover temp file is harmless, so failures are ignored. */
    static void delete(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException | UncheckedIOException e) {
            // see above
        }
    }
}
