package io.smolforge.template.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Broken templates are user input too: thousands of random mutations of the conformance templates must
 * each either render or fail with a TemplateError of a jinja2 kind, never with an interpreter bug.
 */
class MutatedTemplateTest {
    private static final String[] SNIPPETS = {"{{", "}}", "{%", "%}", "{#", "#}", "-", "(", ")", "[", "]", "{", "}",
        "'", "\"", ".", "|", ",", ":", "endif", "endfor", " if ", " in ", " is ", "not ", "loop", "~", "**", "*", "%",
        "0", "-1", "none", "[::-1]", "|tojson", "|length", "|items", ".strip()", "(1, 2)", "{'a': [1]}", "x", "\n"};

    @SuppressWarnings("unchecked")
    @Test
    void mutatedTemplatesFailOnlyWithTemplateErrors() {
        Map<String, Object> golden = ConformanceFixtures.golden();
        List<String> names = new ArrayList<>(((Map<String, Object>) golden.get("templates")).keySet());
        List<Map<String, Object>> cases = ConformanceFixtures.json("conformance/cases.json");
        Random random = new Random(Long.getLong("seed", 42));
        List<String> internalErrors = new ArrayList<>();
        int rendered = 0;
        for (int i = 0; i < Integer.getInteger("mutants", 3000); i++) {
            String source = ConformanceFixtures.resource("conformance/templates/" + names.get(random.nextInt(names.size())) + ".jinja");
            String mutated = mutate(source, random);
            Map<String, Object> vars = (Map<String, Object>) cases.get(random.nextInt(cases.size())).get("vars");
            try {
                ChatTemplate.of(mutated, "mutant-" + i, Map.of("bos_token", "<s>", "eos_token", "</s>")).render(vars);
                rendered++;
            } catch (TemplateError e) {
                if (e.kind().equals("InternalError")) {
                    internalErrors.add(e.getMessage() + "\n" + mutated);
                }
            }
        }
        assertThat(internalErrors).isEmpty();
        assertThat(rendered).as("some mutants still render").isPositive();
    }

    @SuppressWarnings("unchecked")
    @Test
    void oddlyTypedVariablesFailOnlyWithTemplateErrors() {
        Map<String, Object> golden = ConformanceFixtures.golden();
        List<String> names = new ArrayList<>(((Map<String, Object>) golden.get("templates")).keySet());
        List<Map<String, Object>> cases = ConformanceFixtures.json("conformance/cases.json");
        Random random = new Random(Long.getLong("seed", 42));
        List<String> internalErrors = new ArrayList<>();
        for (String name : names) {
            ChatTemplate template = ChatTemplate.of(ConformanceFixtures.resource("conformance/templates/" + name + ".jinja"),
                    name, Map.of("bos_token", "<s>", "eos_token", "</s>"));
            for (int i = 0; i < Integer.getInteger("mutants", 3000) / 25; i++) {
                Object vars = scramble(cases.get(random.nextInt(cases.size())).get("vars"), random);
                try {
                    template.render((Map<String, Object>) vars);
                } catch (TemplateError e) {
                    if (e.kind().equals("InternalError")) {
                        internalErrors.add(name + ": " + e.getMessage() + "\n" + vars);
                    }
                }
            }
        }
        assertThat(internalErrors).isEmpty();
    }

    private static final Object[] ODD_VALUES = {null, 1, -7L, 2.5, true, false, "", "{{ 7*7 }}", List.of(),
        Map.of(), List.of(1, "a"), Map.of("x", List.of()), java.math.BigInteger.TEN.pow(30), List.of(Map.of("type", "text"))};

    /** A deep copy of a JSON value with some leaves and containers replaced by values of other types. */
    private static Object scramble(Object value, Random random) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, v) -> out.put((String) k, random.nextInt(8) == 0 ? ODD_VALUES[random.nextInt(ODD_VALUES.length)]
                    : scramble(v, random)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object v : l) {
                out.add(random.nextInt(10) == 0 ? ODD_VALUES[random.nextInt(ODD_VALUES.length)] : scramble(v, random));
            }
            return out;
        }
        return value;
    }

    private static String mutate(String source, Random random) {
        StringBuilder sb = new StringBuilder(source);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && sb.length() > 0; e++) {
            int at = random.nextInt(sb.length());
            switch (random.nextInt(3)) {
                case 0 -> sb.delete(at, Math.min(sb.length(), at + 1 + random.nextInt(12)));
                case 1 -> sb.insert(at, SNIPPETS[random.nextInt(SNIPPETS.length)]);
                default -> {
                    int len = Math.min(sb.length() - at, 1 + random.nextInt(40));
                    sb.insert(random.nextInt(sb.length()), sb.substring(at, at + len));
                }
            }
        }
        return sb.toString();
    }
}
