package io.smolforge.trainer.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Draws {@code training_log.jsonl}'s loss against step as a PNG (headless AWT, no charting dependency). */
public final class LossCurveChart {
    public static final String FILE = "loss_curve.png";
    private static final int WIDTH = 800;
    private static final int HEIGHT = 450;
    private static final int MARGIN = 60;

    private LossCurveChart() {
    }

    /** Reads the log and writes the chart; returns false (and writes nothing) when the log has no loss. */
    public static boolean write(Path trainingLog, Path png) throws IOException {
        List<double[]> points = read(trainingLog);
        if (points.isEmpty()) {
            return false;
        }
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            draw(g, points);
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", png.toFile());
        return true;
    }

    private static void draw(Graphics2D g, List<double[]> points) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        double maxStep = points.get(points.size() - 1)[0];
        double minLoss = points.stream().mapToDouble(p -> p[1]).min().orElse(0);
        double maxLoss = points.stream().mapToDouble(p -> p[1]).max().orElse(1);
        if (maxLoss - minLoss < 1e-9) {
            maxLoss = minLoss + 1;
        }
        int plotW = WIDTH - 2 * MARGIN;
        int plotH = HEIGHT - 2 * MARGIN;
        g.setColor(Color.DARK_GRAY);
        g.drawLine(MARGIN, HEIGHT - MARGIN, WIDTH - MARGIN, HEIGHT - MARGIN);
        g.drawLine(MARGIN, MARGIN, MARGIN, HEIGHT - MARGIN);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("step", WIDTH / 2, HEIGHT - 15);
        g.drawString("loss", 10, MARGIN - 10);
        g.drawString(String.format("%.3f", maxLoss), 5, MARGIN + 5);
        g.drawString(String.format("%.3f", minLoss), 5, HEIGHT - MARGIN);
        g.drawString("0", MARGIN, HEIGHT - MARGIN + 15);
        g.drawString(String.format("%.0f", maxStep), WIDTH - MARGIN - 20, HEIGHT - MARGIN + 15);
        Path2D line = new Path2D.Double();
        for (int i = 0; i < points.size(); i++) {
            double x = MARGIN + plotW * points.get(i)[0] / Math.max(1, maxStep);
            double y = HEIGHT - MARGIN - plotH * (points.get(i)[1] - minLoss) / (maxLoss - minLoss);
            if (i == 0) {
                line.moveTo(x, y);
            } else {
                line.lineTo(x, y);
            }
        }
        g.setColor(new Color(0x1f77b4));
        g.setStroke(new BasicStroke(2f));
        g.draw(line);
    }

    private static List<double[]> read(Path log) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<double[]> points = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode entry = json.readTree(line);
                if (entry.hasNonNull("loss") && entry.hasNonNull("step")) {
                    points.add(new double[] {entry.get("step").asDouble(), entry.get("loss").asDouble()});
                }
            }
        }
        return points;
    }
}
