package io.smolforge.template.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One parsed template is shared by all workers of a prepare run, so rendering must not share state. */
class ConcurrentRenderTest {
    @Test
    void parallelRendersOfOneTemplateMatchSequentialOnes() throws Exception {
        ChatTemplate template = ChatTemplate.fromModelDir(SmolLM3GoldenTest.modelDir())
                .withClock(ConformanceFixtures.clockAt("2026-01-01T00:00:00"));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            rows.add(Map.of("messages", List.of(
                    Map.of("role", "system", "content", i % 2 == 0 ? "Be brief. /no_think" : "Think."),
                    Map.of("role", "user", "content", "question " + i),
                    Map.of("role", "assistant", "content", "answer " + "x".repeat(i)))));
        }
        List<RenderedChat> expected = rows.stream().map(template::render).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<RenderedChat>> futures = new ArrayList<>();
            for (int round = 0; round < 20; round++) {
                for (Map<String, Object> row : rows) {
                    futures.add(pool.submit(() -> template.render(row)));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get()).isEqualTo(expected.get(i % rows.size()));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
