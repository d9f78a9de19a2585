package io.smolforge.dataset.convert;

import io.smolforge.dataset.RejectReason;
import io.smolforge.dataset.RowRejectedException;

/**
 * SmolLM3's reasoning format: an assistant turn may open with one {@code <think>…</think>} block; the chat
 * template and the loss mask rely on it being well formed and first.
 */
final class ThinkTags {
    static final String OPEN = "<think>";
    static final String CLOSE = "</think>";

    private ThinkTags() {
    }

    /** Folds reasoning into the content the way SmolLM3's /think turns read. */
    static String fold(String reasoning, String content) {
        return OPEN + "\n" + reasoning.strip() + "\n" + CLOSE + "\n" + content;
    }

    static boolean mentions(String content) {
        return content.contains(OPEN) || content.contains(CLOSE);
    }

    static void check(String content, boolean assistant, String field) throws RowRejectedException {
        int opens = count(content, OPEN);
        int closes = count(content, CLOSE);
        if (opens == 0 && closes == 0) {
            return;
        }
        if (!assistant) {
            throw new RowRejectedException(field, RejectReason.MISPLACED_THINK_TAGS,
                    "think tags outside an assistant turn");
        }
        if (opens != closes) {
            throw new RowRejectedException(field, RejectReason.UNBALANCED_THINK_TAGS,
                    opens + " '<think>' against " + closes + " '</think>'");
        }
        int open = content.indexOf(OPEN);
        if (content.indexOf(CLOSE) < open) {
            throw new RowRejectedException(field, RejectReason.UNBALANCED_THINK_TAGS, "'</think>' before '<think>'");
        }
        if (opens > 1) {
            throw new RowRejectedException(field, RejectReason.MISPLACED_THINK_TAGS,
                    opens + " think blocks in one turn, expected at most one");
        }
        if (!content.substring(0, open).isBlank()) {
            throw new RowRejectedException(field, RejectReason.MISPLACED_THINK_TAGS,
                    "the think block must open the assistant turn, found text before '<think>'");
        }
    }

    private static int count(String text, String tag) {
        int count = 0;
        for (int i = text.indexOf(tag); i >= 0; i = text.indexOf(tag, i + tag.length())) {
            count++;
        }
        return count;
    }
}
