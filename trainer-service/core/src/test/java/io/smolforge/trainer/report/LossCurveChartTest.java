package io.smolforge.trainer.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossCurveChartTest {

    @Test
    void drawsTheLoggedLossAsAPng(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("training_log.jsonl");
        Files.writeString(log, "{\"step\":10,\"loss\":3.0}\n{\"step\":20,\"loss\":2.0}\n{\"step\":30,\"loss\":1.5}\n");
        Path png = dir.resolve(LossCurveChart.FILE);

        assertThat(LossCurveChart.write(log, png)).isTrue();

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(800);
        boolean hasCurveColour = false;
        for (int x = 0; x < image.getWidth() && !hasCurveColour; x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                if ((image.getRGB(x, y) & 0xffffff) == 0x1f77b4) {
                    hasCurveColour = true;
                    break;
                }
            }
        }
        assertThat(hasCurveColour).as("the loss line is drawn").isTrue();
    }

    @Test
    void writesNothingForALogWithoutLoss(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("training_log.jsonl"), "");
        assertThat(LossCurveChart.write(log, dir.resolve("x.png"))).isFalse();
        assertThat(dir.resolve("x.png")).doesNotExist();
    }
}
