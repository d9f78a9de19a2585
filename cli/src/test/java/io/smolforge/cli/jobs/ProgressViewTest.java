package io.smolforge.cli.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressViewTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void printsOneLinePerStageAndATrainingBarUntilTheJobEnds() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressView view = new ProgressView(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);

        assertThat(view.onEvent("status", JSON.readTree("{\"state\":\"queued\",\"message\":\"queued\"}"))).isTrue();
        view.onEvent("status", JSON.readTree(
                "{\"state\":\"running\",\"stage\":\"preparing_data\",\"message\":\"converted 10 rows, rejected 1\"}"));
        view.onEvent("status", JSON.readTree(
                "{\"state\":\"running\",\"stage\":\"tokenizing\",\"message\":\"10 rows, 900 tokens\"}"));
        view.onEvent("progress", JSON.readTree("{\"step\":5,\"maxSteps\":10,\"loss\":2.5,\"tokensPerSecond\":4000,"
                + "\"etaSeconds\":75}"));
        boolean more = view.onEvent("status", JSON.readTree(
                "{\"state\":\"succeeded\",\"stage\":\"publishing\",\"message\":\"published 8 files\"}"));
        view.close();

        assertThat(more).isFalse();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out.lines()).containsExactly(
                "preparing_data  converted 10 rows, rejected 1",
                "tokenizing      10 rows, 900 tokens",
                "training        [############............] step 5/10  loss 2.5000  4,000 tok/s  ETA 1m15s",
                "succeeded       published 8 files");
    }
}
