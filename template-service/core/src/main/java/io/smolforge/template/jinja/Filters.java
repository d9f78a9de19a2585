package io.smolforge.template.jinja;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** jinja2's builtin filters, with transformers' {@code tojson}. */
final class Filters {
    private Filters() {
    }

    private static final Set<String> NAMES = Set.of("abs", "batch", "capitalize", "center", "count",
            "d", "default", "dictsort", "e", "escape", "first", "float", "forceescape", "format", "groupby", "indent",
            "int", "items", "join", "last", "length", "list", "lower", "map", "max", "min", "reject", "rejectattr",
            "replace", "reverse", "round", "safe", "select", "selectattr", "slice", "sort", "string", "striptags",
            "sum", "title", "tojson", "trim", "truncate", "unique", "upper", "wordcount", "wordwrap", "xmlattr",
            "pprint", "urlencode");

    static boolean exists(String name) {
        return NAMES.contains(name);
    }

    /** jinja2's soft_str: Markup stays Markup-text, everything else goes through str(). */
    private static String text(Object v) {
        return Py.str(v);
    }

    /** Filters that call a str method on their input, so Markup in gives Markup out (markupsafe semantics). */
    private static final Set<String> MARKUP_PRESERVING = Set.of("upper", "lower", "capitalize", "trim", "center",
            "indent", "format");

    static Object apply(Renderer r, String name, Object v, List<Object> args, Map<String, Object> kwargs) {
        Object result = applyPlain(r, name, v, args, kwargs);
        if (v instanceof Markup && result instanceof String s && MARKUP_PRESERVING.contains(name)) {
            return new Markup(s);
        }
        return result;
    }

    private static Object applyPlain(Renderer r, String name, Object v, List<Object> args, Map<String, Object> kwargs) {
        Args a = new Args(name, args, kwargs);
        long max = r.limits().maxOutputChars();
        switch (name) {
            case "length":
            case "count":
                return (long) Py.len(v);
            case "string":
                return v instanceof Markup ? v : Py.str(v);
            case "safe":
                return v instanceof Markup ? v : new Markup(Py.str(v));
            case "e":
            case "escape":
            case "forceescape":
                return v instanceof Markup && !name.equals("forceescape") ? v : new Markup(Markup.escape(Py.str(v)));
            case "trim":
                return Strings.strip(text(v), a.has(0, "chars") ? Py.str(a.get(0, "chars", null)) : null, true, true);
            case "upper":
                return text(v).toUpperCase(Locale.ROOT);
            case "lower":
                return text(v).toLowerCase(Locale.ROOT);
            case "capitalize":
                return Strings.capitalize(text(v));
            case "title":
                return title(text(v));
            case "replace": {
                String s = text(v);
                return Strings.replace(s, Py.str(a.required(0, "old")), Py.str(a.required(1, "new")),
                        a.getLong(2, "count", -1), max);
            }
            case "d":
            case "default": {
                Object fallback = a.get(0, "default_value", "");
                boolean bool = a.getBool(1, "boolean", false);
                if (v instanceof Undefined || (bool && !Py.truthy(v))) {
                    return fallback;
                }
                return v;
            }
            case "first": {
                if (v instanceof Undefined u) {
                    // Undefined iterates as empty, so jinja2 reports an empty sequence rather than the name.
                    return new Undefined("No first item, sequence was empty.");
                }
                if (v instanceof PyIterator it) {
                    Object first = it.next();
                    return first == Py.MISSING ? new Undefined("No first item, sequence was empty.") : first;
                }
                List<Object> items = Py.iterate(v);
                return items.isEmpty() ? new Undefined("No first item, sequence was empty.") : items.get(0);
            }
            case "last": {
                // jinja2 takes next(reversed(seq)): sequences, dicts and Undefined are reversible.
                if (!(v instanceof List || v instanceof Map || Py.isString(v) || v instanceof Undefined)) {
                    throw JinjaError.type("'" + Py.typeName(v) + "' object is not reversible");
                }
                List<Object> items = Py.iterate(v);
                return items.isEmpty() ? new Undefined("No last item, sequence was empty.") : items.get(items.size() - 1);
            }
            case "join": {
                // Without autoescape jinja2 joins str() of the items; Markup is not escaped.
                Object attribute = a.get(1, "attribute", null);
                String sep = Py.str(a.get(0, "d", ""));
                StringBuilder sb = new StringBuilder();
                boolean first = true;
                for (Object item : Py.iterate(v)) {
                    if (!first) {
                        sb.append(sep);
                    }
                    first = false;
                    sb.append(Py.str(attribute == null ? item : attributePath(item, attribute)));
                    Strings.checkLength(sb.length(), max);
                }
                return sb.toString();
            }
            case "list":
                if (v == null || Py.isNumber(v)) {
                    throw JinjaError.type("'" + Py.typeName(v) + "' object is not iterable");
                }
                return new ArrayList<>(Py.iterate(v));
            case "reverse": {
                if (Py.isString(v)) {
                    String reversed = new StringBuilder(Py.str(v)).reverse().toString();
                    return v instanceof Markup ? new Markup(reversed) : reversed;
                }
                if (!Py.isIterable(v)) {
                    throw new JinjaError("FilterArgumentError", "argument must be iterable");
                }
                List<Object> items;
                try {
                    items = new ArrayList<>(Py.iterate(v));
                } catch (JinjaError e) {
                    // reversed() failed, then list(value) failed: jinja2 reports the argument
                    throw e.kind().equals("TypeError") ? new JinjaError("FilterArgumentError", "argument must be iterable") : e;
                }
                Collections.reverse(items);
                if (v instanceof PyIterator) {
                    return items;
                }
                return new PyIterator(reversedType(v), items);
            }
            case "items":
                if (v instanceof Undefined) {
                    return new PyIterator("generator", List.of()).producedBy("do_items");
                }
                if (!(v instanceof Map<?, ?> m)) {
                    return new PyIterator("generator", List.of(), JinjaError.type("Can only get item pairs from a mapping."))
                            .producedBy("do_items");
                }
                return new PyIterator("generator", itemsOf(m)).producedBy("do_items");
            case "dictsort": {
                if (v instanceof Undefined u) {
                    throw u.error();
                }
                if (!(v instanceof Map<?, ?> m)) {
                    throw new JinjaError("AttributeError", "'" + Py.typeName(v) + "' object has no attribute 'items'");
                }
                boolean caseSensitive = a.getBool(0, "case_sensitive", false);
                boolean byValue = "value".equals(Py.str(a.get(1, "by", "key")));
                boolean reverse = a.getBool(2, "reverse", false);
                List<Object> items = itemsOf(m);
                Comparator<Object> cmp = (x, y) -> sortCompare(((List<?>) x).get(byValue ? 1 : 0),
                        ((List<?>) y).get(byValue ? 1 : 0), caseSensitive);
                items.sort(reverse ? cmp.reversed() : cmp);
                return items;
            }
            case "tojson":
                return new JsonDumps(a.getBool(0, "ensure_ascii", false), a.get(1, "indent", null), a.get(2, "separators", null),
                        a.getBool(3, "sort_keys", false), max).dumps(v);
            case "int":
                if (v instanceof Undefined u) {
                    throw u.error();
                }
                return toInt(v, a.get(0, "default", 0L), a.getLong(1, "base", 10));
            case "float":
                if (v instanceof Undefined u) {
                    throw u.error();
                }
                return toFloat(v, a.get(0, "default", 0.0));
            case "abs":
                if (Py.isFloat(v)) {
                    return Math.abs(Py.toDouble(v));
                }
                if (Py.isIntLike(v)) {
                    return Py.normalize(Py.bigInt(v).abs());
                }
                throw JinjaError.type("bad operand type for abs(): '" + Py.typeName(v) + "'");
            case "round":
                return round(v, (int) a.getLong(0, "precision", 0), Py.str(a.get(1, "method", "common")));
            case "indent":
                if (!Py.isString(v)) {
                    throw indentOperandError(v);
                }
                return indent(text(v), a.get(0, "width", 4L), a.getBool(1, "first", false), a.getBool(2, "blank", false), max);
            case "center": {
                long width = a.getLong(0, "width", 80);
                Strings.checkLength(width, max);
                return Strings.pad(text(v), (int) width, " ", "center");
            }
            case "wordcount":
                return (long) Pattern.compile("\\w+", Pattern.UNICODE_CHARACTER_CLASS).matcher(text(v)).results().count();
            case "truncate":
                return truncate(text(v), a.getLong(0, "length", 255), a.getBool(1, "killwords", false),
                        Py.str(a.get(2, "end", "...")), a.get(3, "leeway", null));
            case "striptags":
                return String.join(" ", Strings.split(text(v).replaceAll("(?s)<!--.*?-->|<[^>]*>", ""), null, -1)
                        .stream().map(Object::toString).toList());
            case "format":
                if (!kwargs.isEmpty()) {
                    return PyFormat.percent(text(v), new LinkedHashMap<Object, Object>(kwargs), max);
                }
                return PyFormat.percent(text(v), PyTuple.of(args), max);
            case "map":
                return map(r, v, args, kwargs);
            case "select":
            case "reject":
                return select(r, v, args, kwargs, false, name.equals("select"));
            case "selectattr":
            case "rejectattr":
                return select(r, v, args, kwargs, true, name.equals("selectattr"));
            case "unique": {
                boolean caseSensitive = a.getBool(0, "case_sensitive", false);
                Object attribute = a.get(1, "attribute", null);
                List<Object> out = new ArrayList<>();
                List<Object> seen = new ArrayList<>();
                return generator("sync_do_unique", out, () -> {
                    for (Object item : Py.iterate(v)) {
                        Object key = sortKey(attribute == null ? item : attributePath(item, attribute), caseSensitive);
                        boolean dup = false;
                        for (Object s : seen) {
                            if (Py.eq(s, key)) {
                                dup = true;
                                break;
                            }
                        }
                        if (!dup) {
                            seen.add(key);
                            out.add(item);
                        }
                    }
                });
            }
            case "sort": {
                boolean reverse = a.getBool(0, "reverse", false);
                boolean caseSensitive = a.getBool(1, "case_sensitive", false);
                Object attribute = a.get(2, "attribute", null);
                List<Object> items = new ArrayList<>(Py.iterate(v));
                Comparator<Object> cmp = (x, y) -> sortCompare(attribute == null ? x : attributePath(x, attribute),
                        attribute == null ? y : attributePath(y, attribute), caseSensitive);
                items.sort(reverse ? cmp.reversed() : cmp);
                return items;
            }
            case "min":
            case "max": {
                boolean caseSensitive = a.getBool(0, "case_sensitive", false);
                Object attribute = a.get(1, "attribute", null);
                List<Object> items = Py.iterate(v);
                if (items.isEmpty()) {
                    return new Undefined("No aggregated item, sequence was empty.");
                }
                // Python's min/max ask "item < best" / "item > best", which names the operator in errors.
                String op = name.equals("min") ? "<" : ">";
                Object best = items.get(0);
                for (Object item : items.subList(1, items.size())) {
                    Object x = sortKey(attribute == null ? item : attributePath(item, attribute), caseSensitive);
                    Object y = sortKey(attribute == null ? best : attributePath(best, attribute), caseSensitive);
                    int c = Py.compare(x, y, op);
                    if (name.equals("min") ? c < 0 : c > 0) {
                        best = item;
                    }
                }
                return best;
            }
            case "sum": {
                Object attribute = a.get(0, "attribute", null);
                Object total = a.get(1, "start", 0L);
                for (Object item : Py.iterate(v)) {
                    total = Operators.add(total, attribute == null ? item : attributePath(item, attribute), max);
                }
                return total;
            }
            case "batch": {
                long size = a.getLong(0, "linecount", 1);
                if (size <= 0) {
                    throw new JinjaError("ValueError", "batch size must be positive");
                }
                Object fill = a.get(1, "fill_with", null);
                boolean hasFill = a.has(1, "fill_with");
                List<Object> out = new ArrayList<>();
                return generator("do_batch", out, () -> {
                    List<Object> current = new ArrayList<>();
                    for (Object item : Py.iterate(v)) {
                        current.add(item);
                        if (current.size() == size) {
                            out.add(current);
                            current = new ArrayList<>();
                        }
                    }
                    if (!current.isEmpty()) {
                        while (hasFill && current.size() < size) {
                            current.add(fill);
                        }
                        out.add(current);
                    }
                });
            }
            case "slice": {
                long slices = a.getLong(0, "slices", 1);
                List<Object> out = new ArrayList<>();
                List<Object> items;
                try {
                    items = Py.iterate(v);
                } catch (JinjaError e) {
                    return new PyIterator("generator", out, e).producedBy("sync_do_slice");
                }
                int per = (int) (items.size() / slices);
                int extra = (int) (items.size() % slices);
                int offset = 0;
                for (int i = 0; i < slices; i++) {
                    int start = offset + i * per;
                    if (i < extra) {
                        offset++;
                    }
                    int end = offset + (i + 1) * per;
                    out.add(new ArrayList<>(items.subList(start, end)));
                }
                return new PyIterator("generator", out).producedBy("sync_do_slice");
            }
            case "groupby": {
                // Sort by the key, then group runs of equal keys, as itertools.groupby over sorted() does.
                Object attribute = a.required(0, "attribute");
                Object fallback = a.get(1, "default", null);
                boolean caseSensitive = a.getBool(2, "case_sensitive", false);
                List<Object> items = new ArrayList<>(Py.iterate(v));
                java.util.function.Function<Object, Object> key = item -> {
                    Object k = attributePath(item, attribute);
                    return k instanceof Undefined && fallback != null ? fallback : k;
                };
                items.sort((x, y) -> sortCompare(key.apply(x), key.apply(y), caseSensitive));
                List<Object> out = new ArrayList<>();
                List<Object> run = null;
                Object runKey = null;
                for (Object item : items) {
                    Object k = sortKey(key.apply(item), caseSensitive);
                    if (run == null || !Py.eq(runKey, k)) {
                        run = new ArrayList<>();
                        runKey = k;
                        out.add(run);
                    }
                    run.add(item);
                }
                List<Object> groups = new ArrayList<>(out.size());
                for (Object group : out) {
                    List<?> members = (List<?>) group;
                    groups.add(GroupTuple.of(key.apply(members.get(0)), members));
                }
                return groups;
            }
            case "wordwrap":
            case "xmlattr":
            case "pprint":
            case "urlencode":
                throw new JinjaError("TemplateError", "filter '" + name + "' is not supported");
            default:
                throw new JinjaError("TemplateRuntimeError", "No filter named '" + name + "' found.");
        }
    }

    /**
     * jinja2's map/select/unique/batch are generators: errors surface only when the failing item is reached.
     * The items are computed here at once, and an error is kept for the consumer that gets that far.
     */
    private static PyIterator generator(String function, List<Object> out, Runnable fill) {
        try {
            fill.run();
            return new PyIterator("generator", out).producedBy(function);
        } catch (JinjaError e) {
            return new PyIterator("generator", out, e).producedBy(function);
        }
    }

    /** The type Python's reversed() gives for each kind of sequence. */
    private static String reversedType(Object v) {
        if (v instanceof PyRange) {
            return "range_iterator";
        }
        if (v instanceof Map || v instanceof PyView view && view.typeName().equals("dict_keys")) {
            return "dict_reversekeyiterator";
        }
        if (v instanceof List && !(v instanceof PyTuple) && !(v instanceof PyView)) {
            return "list_reverseiterator";
        }
        return "reversed";
    }

    static List<Object> itemsOf(Map<?, ?> m) {
        List<Object> items = new ArrayList<>(m.size());
        for (Map.Entry<?, ?> e : m.entrySet()) {
            items.add(new PyTuple(e.getKey(), e.getValue()));
        }
        return items;
    }

    private static final Pattern WORD_BEGINNING = Pattern.compile("([-\\s({\\[<]+)");

    /** jinja2's title filter: capitalise each word split on whitespace, dashes and opening brackets. */
    private static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        Matcher m = WORD_BEGINNING.matcher(s);
        int last = 0;
        while (m.find()) {
            appendTitleWord(sb, s.substring(last, m.start()));
            sb.append(m.group());
            last = m.end();
        }
        appendTitleWord(sb, s.substring(last));
        return sb.toString();
    }

    private static void appendTitleWord(StringBuilder sb, String word) {
        if (word.isEmpty()) {
            return;
        }
        int cp = word.codePointAt(0);
        sb.appendCodePoint(Character.toUpperCase(cp)).append(word.substring(Character.charCount(cp)).toLowerCase(Locale.ROOT));
    }

    /** The {@code attribute=} argument of map/sort/…: dotted paths, with integer parts as indexes. */
    static Object attributePath(Object item, Object attribute) {
        if (Py.isIntLike(attribute)) {
            return Attributes.getitem(item, attribute);
        }
        Object value = item;
        for (String part : Py.str(attribute).split("\\.")) {
            Object key = part.chars().allMatch(Character::isDigit) && !part.isEmpty() ? (Object) Long.parseLong(part) : part;
            value = Attributes.getitem(value, key);
        }
        return value;
    }

    private static Object sortKey(Object v, boolean caseSensitive) {
        return !caseSensitive && Py.isString(v) ? Py.str(v).toLowerCase(Locale.ROOT) : v;
    }

    private static int sortCompare(Object x, Object y, boolean caseSensitive) {
        return Py.compare(sortKey(x, caseSensitive), sortKey(y, caseSensitive), "<");
    }

    private static Object map(Renderer r, Object v, List<Object> args, Map<String, Object> kwargs) {
        List<Object> out = new ArrayList<>();
        if (!Py.truthy(v)) {
            // jinja2's map is a generator guarded by "if value:", so None maps to nothing.
            return new PyIterator("generator", out).producedBy("sync_do_map");
        }
        if (args.isEmpty() && kwargs.containsKey("attribute")) {
            Object attribute = kwargs.get("attribute");
            Object fallback = kwargs.get("default");
            return generator("sync_do_map", out, () -> {
                for (Object item : Py.iterate(v)) {
                    Object value = attributePath(item, attribute);
                    out.add(value instanceof Undefined && kwargs.containsKey("default") ? fallback : value);
                }
            });
        }
        if (args.isEmpty()) {
            throw new JinjaError("FilterArgumentError", "map requires a filter argument");
        }
        String filter = Py.str(args.get(0));
        if (!exists(filter)) {
            throw new JinjaError("TemplateRuntimeError", "No filter named '" + filter + "'.");
        }
        List<Object> rest = args.subList(1, args.size());
        return generator("sync_do_map", out, () -> {
            for (Object item : Py.iterate(v)) {
                out.add(apply(r, filter, item, rest, kwargs));
            }
        });
    }

    private static Object select(Renderer r, Object v, List<Object> args, Map<String, Object> kwargs,
                                 boolean byAttribute, boolean keep) {
        if (!Py.truthy(v)) {
            return new PyIterator("generator", new ArrayList<>()).producedBy("select_or_reject");
        }
        int i = 0;
        Object attribute = null;
        if (byAttribute) {
            if (args.isEmpty()) {
                throw JinjaError.type("Missing parameter for attribute name");
            }
            attribute = args.get(i++);
        }
        String test = i < args.size() ? Py.str(args.get(i++)) : null;
        if (test != null && !Tests.exists(test)) {
            throw new JinjaError("TemplateRuntimeError", "No test named '" + test + "'.");
        }
        List<Object> testArgs = args.subList(Math.min(i, args.size()), args.size());
        List<Object> out = new ArrayList<>();
        Object attr = attribute;
        return generator("select_or_reject", out, () -> {
            for (Object item : Py.iterate(v)) {
                Object subject = byAttribute ? attributePath(item, attr) : item;
                boolean passed = test == null ? Py.truthy(subject) : Tests.apply(r, test, subject, testArgs, kwargs);
                if (passed == keep) {
                    out.add(item);
                }
            }
        });
    }

    private static Object toInt(Object v, Object fallback, long base) {
        if (Py.isInt(v)) {
            return v;
        }
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (Py.isFloat(v)) {
            double d = Py.toDouble(v);
            return Double.isFinite(d) ? (long) d : fallback;
        }
        if (Py.isString(v)) {
            String s = Py.str(v).strip().replace("_", "");
            try {
                if (base == 16 && s.toLowerCase(Locale.ROOT).startsWith("0x")) {
                    s = s.substring(2);
                }
                return Py.normalize(new java.math.BigInteger(s, (int) base));
            } catch (NumberFormatException e) {
                try {
                    return (long) Double.parseDouble(s);
                } catch (NumberFormatException e2) {
                    return fallback;
                }
            }
        }
        return fallback;
    }

    private static Object toFloat(Object v, Object fallback) {
        if (Py.isNumber(v)) {
            return Py.toDouble(v);
        }
        if (Py.isString(v)) {
            String s = Py.str(v).strip();
            if (s.matches("[+-]?(\\d[\\d_]*\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|[+-]?(inf|infinity|nan)")) {
                try {
                    return Double.parseDouble(s.replace("_", "").replace("infinity", "Infinity")
                            .replace("inf", "Infinity").replace("nan", "NaN"));
                } catch (NumberFormatException e) {
                    return fallback;
                }
            }
        }
        return fallback;
    }

    private static Object round(Object v, int precision, String method) {
        if (!Py.isNumber(v)) {
            throw JinjaError.type("type " + Py.typeName(v) + " doesn't define __round__ method");
        }
        if (Py.isIntLike(v) && method.equals("common") && precision >= 0) {
            return Py.toLong(v);
        }
        double d = Py.toDouble(v);
        if (!Double.isFinite(d)) {
            return d;
        }
        RoundingMode mode = switch (method) {
            case "common" -> RoundingMode.HALF_EVEN;
            case "ceil" -> RoundingMode.CEILING;
            case "floor" -> RoundingMode.FLOOR;
            default -> throw new JinjaError("FilterArgumentError", "method must be common, ceil or floor");
        };
        if (method.equals("common")) {
            // Python's round() works on the exact binary value, so half-way cases depend on representation.
            return new BigDecimal(d).setScale(precision, RoundingMode.HALF_EVEN).doubleValue();
        }
        return BigDecimal.valueOf(d).setScale(precision, mode).doubleValue();
    }

    /** jinja2's indent starts with {@code s += "\n"}, which fails (or turns a list into a non-string) for non-strings. */
    private static JinjaError indentOperandError(Object v) {
        if (v instanceof Undefined u) {
            return u.error();
        }
        if (v instanceof PyTuple) {
            return JinjaError.type("can only concatenate tuple (not \"str\") to tuple");
        }
        if (v instanceof List && !(v instanceof PyRange) && !(v instanceof PyView)) {
            return new JinjaError("AttributeError", "'list' object has no attribute 'splitlines'");
        }
        return JinjaError.type("unsupported operand type(s) for +=: '" + Py.typeName(v) + "' and 'str'");
    }

    private static String indent(String s, Object width, boolean first, boolean blank, long max) {
        String pad;
        if (Py.isString(width)) {
            pad = Py.str(width);
        } else {
            long w = Py.toLong(width);
            Strings.checkLength(w, max);
            pad = " ".repeat((int) Math.max(0, w));
        }
        // jinja2 appends a newline first so that splitlines keeps a trailing empty line.
        List<Object> lines = Strings.splitlines(s + "\n", false);
        StringBuilder sb = new StringBuilder();
        if (first) {
            sb.append(pad);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = (String) lines.get(i);
            if (i > 0) {
                sb.append('\n');
                if (blank || !line.isEmpty()) {
                    sb.append(pad);
                }
            }
            sb.append(line);
            Strings.checkLength(sb.length(), max);
        }
        return sb.toString();
    }

    private static String truncate(String s, long length, boolean killwords, String end, Object leeway) {
        long lw = leeway == null ? 5 : Py.toLong(leeway);
        if (s.length() <= length + lw) {
            return s;
        }
        int cut = (int) Math.max(0, length - end.length());
        if (killwords) {
            return s.substring(0, cut) + end;
        }
        String head = s.substring(0, cut);
        int space = head.lastIndexOf(' ');
        return (space >= 0 ? head.substring(0, space) : head) + end;
    }
}
