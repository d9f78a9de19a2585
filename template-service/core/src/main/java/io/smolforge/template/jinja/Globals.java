package io.smolforge.template.jinja;

import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Global functions of transformers' chat-template environment: jinja2's {@code range}, {@code dict},
 * {@code namespace}, {@code cycler}, {@code joiner}, plus {@code raise_exception} and {@code strftime_now}.
 */
final class Globals {
    private Globals() {
    }

    /** jinja2's sandbox refuses larger ranges (MAX_RANGE). */
    static final long MAX_RANGE = 100_000;

    private static final Map<String, PyCallable> FUNCTIONS = Map.of(
            "range", Globals::range,
            "dict", Globals::dict,
            "namespace", Globals::namespace,
            "raise_exception", (r, args, kwargs) -> {
                throw new JinjaError("TemplateError", args.isEmpty() ? "" : Py.str(args.get(0)));
            },
            "strftime_now", (r, args, kwargs) -> strftime(LocalDateTime.now(r.clock()),
                    Py.str(new Args("strftime_now", args, kwargs).required(0, "format"))),
            "cycler", Globals::cycler,
            "joiner", Globals::joiner);

    static Object get(String name) {
        return FUNCTIONS.get(name);
    }

    private static Object range(Renderer r, List<Object> args, Map<String, Object> kwargs) {
        Args a = new Args("range", args, kwargs);
        long start = 0;
        long stop;
        long step = 1;
        if (args.size() == 1) {
            stop = a.getLong(0, "stop", 0);
        } else {
            start = a.getLong(0, "start", 0);
            stop = a.getLong(1, "stop", 0);
            step = a.getLong(2, "step", 1);
        }
        if (step == 0) {
            throw new JinjaError("ValueError", "range() arg 3 must not be zero");
        }
        long count = step > 0 ? Math.max(0, (stop - start + step - 1) / step) : Math.max(0, (start - stop - step - 1) / -step);
        if (count > MAX_RANGE) {
            throw new JinjaError("OverflowError", "Range too big. The sandbox blocks ranges larger than MAX_RANGE (" + MAX_RANGE + ").");
        }
        return new PyRange(start, stop, step);
    }

    /** Python's dict(mapping_or_pairs, **kwargs). */
    private static Object dict(Renderer r, List<Object> args, Map<String, Object> kwargs) {
        Map<Object, Object> out = new LinkedHashMap<>();
        if (args.size() > 1) {
            throw JinjaError.type("dict expected at most 1 argument, got " + args.size());
        }
        if (!args.isEmpty()) {
            Object source = args.get(0);
            if (source instanceof Map<?, ?> m) {
                out.putAll(m);
            } else {
                for (Object pair : Py.iterate(source)) {
                    List<Object> kv = Py.iterate(pair);
                    if (kv.size() != 2) {
                        throw new JinjaError("ValueError", "dictionary update sequence element has length " + kv.size() + "; 2 is required");
                    }
                    out.put(kv.get(0), kv.get(1));
                }
            }
        }
        out.putAll(kwargs);
        return out;
    }

    private static Object namespace(Renderer r, List<Object> args, Map<String, Object> kwargs) {
        Namespace ns = new Namespace();
        for (Object a : args) {
            if (a instanceof Map<?, ?> m) {
                m.forEach((k, v) -> ns.attributes.put(Py.str(k), v));
            }
        }
        ns.attributes.putAll(kwargs);
        return ns;
    }

    private static Object cycler(Renderer r, List<Object> args, Map<String, Object> kwargs) {
        Namespace state = new Namespace();
        int[] position = {0};
        state.attributes.put("next", (PyCallable) (r2, a2, k2) -> {
            Object v = args.get(position[0]);
            position[0] = (position[0] + 1) % args.size();
            return v;
        });
        state.attributes.put("reset", (PyCallable) (r2, a2, k2) -> {
            position[0] = 0;
            return null;
        });
        return state;
    }

    private static Object joiner(Renderer r, List<Object> args, Map<String, Object> kwargs) {
        String sep = args.isEmpty() ? ", " : Py.str(args.get(0));
        boolean[] used = {false};
        return (PyCallable) (r2, a2, k2) -> {
            if (!used[0]) {
                used[0] = true;
                return "";
            }
            return sep;
        };
    }

    /** Python's {@code datetime.strftime} for the C-locale directives. */
    static String strftime(LocalDateTime t, String format) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= format.length()) {
                sb.append(c);
                continue;
            }
            char d = format.charAt(++i);
            if (d == '-' && i + 1 < format.length()) {
                // glibc's "%-d": the number without padding.
                String padded = strftime(t, "%" + format.charAt(++i));
                String trimmed = padded.replaceFirst("^[0 ]+(?=.)", "");
                sb.append(trimmed);
                continue;
            }
            switch (d) {
                case 'Y' -> sb.append(t.getYear());
                case 'y' -> pad(sb, t.getYear() % 100, 2, '0');
                case 'm' -> pad(sb, t.getMonthValue(), 2, '0');
                case 'd' -> pad(sb, t.getDayOfMonth(), 2, '0');
                case 'e' -> pad(sb, t.getDayOfMonth(), 2, ' ');
                case 'H' -> pad(sb, t.getHour(), 2, '0');
                case 'I' -> pad(sb, (t.getHour() + 11) % 12 + 1, 2, '0');
                case 'M' -> pad(sb, t.getMinute(), 2, '0');
                case 'S' -> pad(sb, t.getSecond(), 2, '0');
                case 'f' -> pad(sb, t.getNano() / 1000, 6, '0');
                case 'p' -> sb.append(t.getHour() < 12 ? "AM" : "PM");
                case 'B' -> sb.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'b', 'h' -> sb.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'A' -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'a' -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'j' -> pad(sb, t.getDayOfYear(), 3, '0');
                case 'w' -> sb.append(t.getDayOfWeek().getValue() % 7);
                case 'u' -> sb.append(t.getDayOfWeek().getValue());
                case 'D' -> sb.append(strftime(t, "%m/%d/%y"));
                case 'F' -> sb.append(strftime(t, "%Y-%m-%d"));
                case 'T' -> sb.append(strftime(t, "%H:%M:%S"));
                case 'c' -> sb.append(strftime(t, "%a %b %e %H:%M:%S %Y"));
                case 'x' -> sb.append(strftime(t, "%m/%d/%y"));
                case 'X' -> sb.append(strftime(t, "%H:%M:%S"));
                case 'z', 'Z' -> { }
                case '%' -> sb.append('%');
                default -> sb.append('%').append(d);
            }
        }
        return sb.toString();
    }

    private static void pad(StringBuilder sb, int value, int width, char fill) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            sb.append(fill);
        }
        sb.append(digits);
    }
}
