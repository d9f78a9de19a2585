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
            if (stage != null && lastMessage != null) {
                finishLine(String.format("%-15s %s", stage, lastMessage));
            }
            stage = newStage;
        }
        if (!message.equals(lastMessage)) {
            lastMessage = message;
            if ("running".equals(state) && !"training".equals(stage)) {
                updateLine(String.format("%-15s %s", stage, message));
            }
        }
        if ("succeeded".equals(state) || "failed".equals(state) || "cancelled".equals(state)) {
            finishLine(String.format("%-15s %s", state, message));
            return false;
        }
        return true;
    }

    private void printProgress(JsonNode p) {
        long step = p.path("step").asLong();
        long max = Math.max(1, p.path("maxSteps").asLong());
        int filled = (int) (BAR * step / max);
        String line = String.format(Locale.ROOT, "%-15s [%s%s] step %d/%d  loss %.4f  %,.0f tok/s  ETA %s",
                "training", "#".repeat(filled), ".".repeat(BAR - filled), step, max, p.path("loss").asDouble(),
                p.path("tokensPerSecond").asDouble(), eta(p.path("etaSeconds").asDouble(Double.NaN)));
        if (step >= max) {
            finishLine(line);
        } else {
            updateLine(line);
        }
    }

    private void updateLine(String line) {
        if (line.equals(lastPrinted)) {
            return;
        }
        lastPrinted = line;
        if (live) {
            out.print("\r\033[2K" + line);
            midLine = true;
        } else {
            out.println(line);
        }
        out.flush();
    }

    private void finishLine(String line) {
        if (!live && line.equals(lastPrinted)) {
            return;
        }
        lastPrinted = line;
        if (live) {
            out.print("\r\033[2K");
        }
        out.println(line);
        midLine = false;
        out.flush();
    }

    /** Ends a line left open by a live update (before printing something else). */
    public void close() {
        if (midLine) {
            out.println();
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
