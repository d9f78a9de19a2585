package io.smolforge.template.render;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Prints render throughput of the SmolLM3 template on GSM8K-shaped rows (system + user + assistant).
 * Not a test: run with {@code java -cp <test classpath> io.smolforge.template.render.RenderBenchmark [model dir]}.
 */
public final class RenderBenchmark {
    private RenderBenchmark() {
    }

    public static void main(String[] args) {
        ChatTemplate template = args.length > 0 ? ChatTemplate.fromModelDir(Path.of(args[0]))
                : ChatTemplate.fromModelDir(SmolLM3GoldenTest.modelDir());
        Map<String, Object> row = Map.of("messages", List.of(
                Map.of("role", "system", "content", "You are a helpful math tutor. Reason step by step."),
                Map.of("role", "user", "content", "Natalia sold clips to 48 of her friends in April, and then she sold half as many"
                        + " clips in May. How many clips did Natalia sell altogether in April and May?"),
                Map.of("role", "assistant", "content", "Natalia sold 48/2 = <<48/2=24>>24 clips in May.\nNatalia sold"
                        + " 48+24 = <<48+24=72>>72 clips altogether in April and May.\n#### 72")));
        long chars = 0;
        for (int round = 0; round < 12; round++) {
            int n = 50_000;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                chars += template.render(row).text().length();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("round %d: %,.0f renders/s (%.2f us each)%n", round, n / seconds, seconds * 1e6 / n);
        }
        System.out.println("checksum " + chars);
        // A long chat: 2,000 turns, one generation block per assistant turn.
        List<Object> messages = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            messages.add(Map.of("role", "user", "content", "Question " + i + " about 🙂 things?"));
            messages.add(Map.of("role", "assistant", "content", "Answer " + i + " with some detail."));
        }
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            RenderedChat chat = template.render(Map.of("messages", messages));
            System.out.printf("2,000-turn chat: %,d chars, %d spans in %.1f ms%n", chat.text().length(),
                    chat.generationSpans().size(), (System.nanoTime() - start) / 1e6);
        }
    }
}
