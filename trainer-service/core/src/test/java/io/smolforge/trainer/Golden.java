package io.smolforge.trainer;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Paths of the fixtures under src/test/resources/golden (see its README for provenance). */
public final class Golden {

    private Golden() {
    }

    public static Path path(String relative) {
        try {
            return Path.of(Golden.class.getResource("/golden/" + relative).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test fixture golden/" + relative, e);
        }
    }

    public static Path tinyModel() {
        return path("tiny-smollm3-base");
    }
}
