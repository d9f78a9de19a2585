package io.smolforge.dataset.service;

import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Job ids that sort by submission time and are safe as object-key segments: {@code sft-20261128-071530-3f9a1c}. */
final class JobIds {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final SecureRandom RANDOM = new SecureRandom();

    private JobIds() {
    }

    static String next() {
        return "sft-" + STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-"
                + String.format("%06x", RANDOM.nextInt(1 << 24));
    }
}
