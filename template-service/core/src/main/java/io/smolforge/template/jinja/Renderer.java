package io.smolforge.template.jinja;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The state of one render: output buffers, variable scopes, loop-control signals and sandbox budgets. */
final class Renderer {
    static final int BREAK = 1;
    static final int CONTINUE = 2;

    private final RenderLimits limits;
    private final Clock clock;
    private final Map<String, ?> variables;
    private final StringBuilder top = new StringBuilder(1024);
    private final List<int[]> spans = new ArrayList<>(4);
    private final long deadline;
    private StringBuilder out = top;
    private Scope scope = new Scope(null);
    private int jump;
    private long iterations;
    private int macroDepth;
    /** Code points in {@code top} up to char {@code topCounted}: counted incrementally, long chats stay linear. */
    private int topCodePoints;
    private int topCounted;

    Renderer(Map<String, ?> variables, RenderLimits limits, Clock clock) {
        this.variables = variables;
        this.limits = limits;
        this.clock = clock;
        this.deadline = System.nanoTime() + limits.maxRenderTime().toNanos();
    }

    RenderLimits limits() {
        return limits;
    }

    Clock clock() {
        return clock;
    }

    Scope scope() {
        return scope;
    }

    RenderOutput run(List<Stmt> body) {
        execAll(body);
        String text = top.toString();
        return new RenderOutput(text, toCharOffsets(text));
    }

    /**
     * Spans are kept in code points, as Python counts, and mapped onto the final text at the end, so that a
     * span lands on the same characters transformers' assistant mask would mark (past the end: one char per
     * code point).
     */
    private List<int[]> toCharOffsets(String text) {
        if (spans.isEmpty() || text.codePointCount(0, text.length()) == text.length()) {
            return spans;  // no surrogate pairs: code points are chars
        }
        // One walk over the text for all offsets, in increasing order.
        int n = spans.size() * 2;
        long[] order = new long[n];
        for (int i = 0; i < n; i++) {
            order[i] = ((long) spans.get(i / 2)[i % 2] << 32) | i;
        }
        java.util.Arrays.sort(order);
        int[] chars = new int[n];
        int charPos = 0;
        int cpPos = 0;
        for (long entry : order) {
            int target = (int) (entry >>> 32);
            while (cpPos < target && charPos < text.length()) {
                charPos += Character.charCount(text.codePointAt(charPos));
                cpPos++;
            }
            chars[(int) entry] = charPos + (target - cpPos);
        }
        List<int[]> out = new ArrayList<>(spans.size());
        for (int i = 0; i < spans.size(); i++) {
            out.add(new int[] {chars[2 * i], chars[2 * i + 1]});
        }
        return out;
    }

    Object lookup(String name) {
        Object v = scope.find(name);
        if (v != Py.MISSING) {
            return v;
        }
        if (variables.containsKey(name)) {
            return variables.get(name);
        }
        Object g = Globals.get(name);
        return g != null ? g : Undefined.named(name);
    }

    void execAll(List<Stmt> body) {
        for (int i = 0, n = body.size(); i < n; i++) {
            Stmt s = body.get(i);
            try {
                s.exec(this);
            } catch (JinjaError e) {
                throw e.atLine(s.line());
            }
            if (jump != 0) {
                return;
            }
        }
    }

    void write(String s) {
        if (out.length() + (long) s.length() > limits.maxOutputChars()) {
            throw JinjaError.limit("output exceeds " + limits.maxOutputChars() + " characters");
        }
        out.append(s);
    }

    /** Runs {@code body} into a fresh buffer and returns what it wrote. */
    String capture(Runnable body) {
        StringBuilder saved = out;
        out = new StringBuilder();
        try {
            body.run();
            return out.toString();
        } finally {
            out = saved;
        }
    }

    /**
     * Offsets follow transformers exactly: the block renders into its own buffer (jinja2 runs it as a call
     * block), then its start is the length of the top-level output so far and its end adds its own length
     * (in code points, like Python).
     * At top level that is where it lands; inside a macro, set block or another generation block it is not,
     * and transformers reports the same numbers.
     */
    /** Renders a block body (set block, filter block, generation) in its own scope, as jinja2's inner frames. */
    String captureScoped(List<Stmt> body) {
        Scope saved = enterScope(new Scope(scope));
        try {
            return capture(() -> execAll(body));
        } finally {
            restoreScope(saved);
        }
    }

    void generation(List<Stmt> body) {
        // The block is a call block in jinja2: its body has its own scope, like a macro's.
        String text = captureScoped(body);
        topCodePoints += top.codePointCount(topCounted, top.length());
        topCounted = top.length();
        int start = topCodePoints;
        spans.add(new int[] {start, start + text.codePointCount(0, text.length())});
        write(text);
    }

    Scope enterScope(Scope s) {
        Scope saved = scope;
        scope = s;
        return saved;
    }

    void restoreScope(Scope saved) {
        scope = saved;
    }

    void jump(int kind) {
        jump = kind;
    }

    int takeJump() {
        int j = jump;
        jump = 0;
        return j;
    }

    void countIteration() {
        if (++iterations > limits.maxLoopIterations()) {
            throw JinjaError.limit("more than " + limits.maxLoopIterations() + " loop iterations");
        }
        if ((iterations & 63) == 0) {
            checkTime();
        }
    }

    void checkTime() {
        if (System.nanoTime() > deadline) {
            throw JinjaError.limit("render took longer than " + limits.maxRenderTime());
        }
    }

    Object invokeMacro(Macro macro, Scope macroScope) {
        if (macroDepth >= limits.maxMacroDepth()) {
            throw JinjaError.limit("macro calls nested deeper than " + limits.maxMacroDepth());
        }
        checkTime();
        macroDepth++;
        Scope saved = enterScope(macroScope);
        try {
            return capture(() -> execAll(macro.body()));
        } finally {
            restoreScope(saved);
            jump = 0;
            macroDepth--;
        }
    }

    Object call(Object fn, List<Object> args, Map<String, Object> kwargs) {
        if (fn instanceof PyCallable c) {
            return c.call(this, args, kwargs);
        }
        if (fn instanceof BoundMethod m) {
            return Methods.call(this, m.self(), m.name(), args, kwargs);
        }
        if (fn instanceof LoopState loop) {
            return loop.callRecursive(this, args, kwargs);
        }
        if (fn instanceof Undefined u) {
            throw u.error();
        }
        throw JinjaError.type("'" + Py.typeName(fn) + "' object is not callable");
    }

    Object callMethod(Object self, String name, List<Object> args, Map<String, Object> kwargs) {
        if (!name.startsWith("_") && Methods.has(self, name)) {
            return Methods.call(this, self, name, args, kwargs);
        }
        return call(Attributes.getattr(self, name), args, kwargs);
    }
}
