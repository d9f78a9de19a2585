package io.smolforge.template.tokens;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-coded splitter cuts ASCII text exactly where the regex it stands for does. */
class LlamaSplitScannerTest {

    private static List<String> byRegex(String pattern, String text) {
        List<String> pieces = new ArrayList<>();
        Matcher m = Pattern.compile(pattern).matcher(text);
        while (m.find()) {
            pieces.add(m.group());
        }
        return pieces;
    }

    private static List<String> byScanner(LlamaSplitScanner scanner, String text) {
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < text.length(); ) {
            int end = scanner.pieceEnd(text.toCharArray(), i, text.length());
            pieces.add(text.substring(i, end));
            i = end;
        }
        return pieces;
    }

    @Test
    void cutsLikeTheLlama3AndQwen2RegexesOnRandomAscii() {
        List<String> chunks = List.of(" ", "   ", "\n", "\r\n", "\n\n ", "\t", "'s", "'Ll", "'ve", "'", "12345", "7",
                "Natalia", " sold", "...", " $", "<<48/2=24>>", "####", "\u000b", "\f");
        Random random = new Random(11);
        for (String pattern : List.of(LlamaSplitScanner.LLAMA3_PATTERN, LlamaSplitScanner.QWEN2_PATTERN)) {
            LlamaSplitScanner scanner = LlamaSplitScanner.forPattern(pattern);
            for (int i = 0; i < 5000; i++) {
                StringBuilder text = new StringBuilder();
                int length = 1 + random.nextInt(30);
                for (int k = 0; k < length; k++) {
                    text.append(random.nextBoolean() ? chunks.get(random.nextInt(chunks.size())) : String.valueOf((char) random.nextInt(128)));
                }
                assertThat(byScanner(scanner, text.toString())).as("%s", text).isEqualTo(byRegex(pattern, text.toString()));
            }
        }
    }

    @Test
    void knowsOnlyTheTwoPatterns() {
        assertThat(LlamaSplitScanner.forPattern("\\s+")).isNull();
        assertThat(byScanner(LlamaSplitScanner.forPattern(LlamaSplitScanner.LLAMA3_PATTERN), "She's 1234 apples.\n\n  Ok"))
                .containsExactly("She", "'s", " ", "123", "4", " apples", ".\n\n", " ", " Ok");
    }
}
