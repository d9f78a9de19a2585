package io.smolforge.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Turns a job's events into one line per stage: each stage's summary when it moves on, and while training
 * a live line (rewritten in place on a terminal) with a progress bar, step, loss, tokens/s and ETA.
 */
public final class ProgressView {
    private static final int BAR = 24;

    private final PrintStream out;
    private final boolean live;
    private String stage;
    private String lastMessage;
    private boolean midLine;
    private String lastPrinted;

    public ProgressView(PrintStream out, boolean live) {
        this.out = out;
        this.live = live;
    }

    /** Handles one event; returns false once the job has ended. */
    public boolean onEvent(String name, JsonNode event) {
        if ("progress".equals(name)) {
            printProgress(event);
            return true;
        }
        String state = event.path("state").asText();
        String newStage = event.path("stage").asText(null);
        String message = event.path("message").asText("");
        if (newStage != null && !newStage.equals(stage)) {
            if (live && stage != null && lastMessage != null) {
                commit(stageLine(stage, lastMessage));
            }
            stage = newStage;
            lastMessage = null;
        }
        if ("succeeded".equals(state) || "failed".equals(state) || "cancelled".equals(state)) {
            commit(stageLine(state, message));
            return false;
        }
        if ("running".equals(state) && !message.equals(lastMessage)) {
            lastMessage = message;
            show(stageLine(stage, message));
        }
        return true;
    }

    private void printProgress(JsonNode p) {
        long step = p.path("step").asLong();
        long max = Math.max(1, p.path("maxSteps").asLong());
        int filled = (int) (BAR * Math.min(step, max) / max);
        String line = String.format(Locale.ROOT, "%-15s [%s%s] step %d/%d  loss %.4f  %,.0f tok/s  ETA %s",
                "training", "#".repeat(filled), ".".repeat(BAR - filled), step, max, p.path("loss").asDouble(),
                p.path("tokensPerSecond").asDouble(), eta(p.path("etaSeconds").asDouble(Double.NaN)));
        if (step >= max) {
            commit(line);
        } else {
            show(line);
        }
    }

    private static String stageLine(String label, String message) {
        return String.format("%-15s %s", label, message);
    }

    /** A line that may be replaced: rewritten in place on a terminal, printed once otherwise. */
    private void show(String line) {
        if (live) {
            out.print("\r\033[2K" + line);
            midLine = true;
        } else if (!line.equals(lastPrinted)) {
            out.println(line);
        }
        lastPrinted = line;
        out.flush();
    }

    /** A line that stays. */
    private void commit(String line) {
        if (live) {
            out.print("\r\033[2K" + line + System.lineSeparator());
            midLine = false;
        } else if (!line.equals(lastPrinted)) {
            out.println(line);
        }
        lastPrinted = line;
        out.flush();
    }

    /** Ends a line left open by a live update (before printing something else). */
    public void close() {
        if (midLine) {
            out.println();
            midLine = false;
        }
    }

    private static String eta(double seconds) {
        if (Double.isNaN(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
