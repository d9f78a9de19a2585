package io.smolforge.api.spec;

import java.util.List;
import java.util.stream.Collectors;

/** A job spec that cannot be used, with every problem found in it (not only the first). */
public class InvalidJobSpecException extends RuntimeException {

    private final String source;
    private final List<SpecProblem> problems;

    public InvalidJobSpecException(String source, List<SpecProblem> problems) {
        super(describe(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** Where the spec came from (a file name, or a short label such as "request body"). */
    public String source() {
        return source;
    }

    public List<SpecProblem> problems() {
        return problems;
    }

    private static String describe(String source, List<SpecProblem> problems) {
        String header = "Invalid job spec " + source + " (" + problems.size()
                + (problems.size() == 1 ? " problem" : " problems") + "):";
        return problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n", header + "\n", ""));
    }
}
