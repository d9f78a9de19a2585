package io.smolforge.template.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The whitelisted Python methods of str, list and dict values. Mutating list/dict methods exist only to
 * fail as jinja2's {@code ImmutableSandboxedEnvironment} does, with a SecurityError.
 */
final class Methods {
    private Methods() {
    }

    private static final Set<String> STR = Set.of("capitalize", "casefold", "center", "count", "endswith", "find",
            "format", "index", "isalnum", "isalpha", "isdigit", "isnumeric", "isdecimal", "islower", "isspace",
            "istitle", "isupper", "join", "ljust", "lower", "lstrip", "partition", "removeprefix", "removesuffix",
            "replace", "rfind", "rindex", "rjust", "rpartition", "rsplit", "rstrip", "split", "splitlines",
            "startswith", "strip", "swapcase", "title", "upper", "zfill");
    private static final Set<String> LIST = Set.of("count", "index", "copy");
    private static final Set<String> LIST_MUTATING = Set.of("append", "clear", "extend", "insert", "pop", "remove",
            "reverse", "sort");
    private static final Set<String> DICT = Set.of("get", "items", "keys", "values", "copy");
    private static final Set<String> DICT_MUTATING = Set.of("clear", "pop", "popitem", "setdefault", "update");

    static boolean has(Object obj, String name) {
        if (obj instanceof String || obj instanceof Markup) {
            return STR.contains(name);
        }
        if (obj instanceof PyRange) {
            return name.equals("count") || name.equals("index");
        }
        if (obj instanceof PyView) {
            return false;
        }
        if (obj instanceof List) {
            return LIST.contains(name) || LIST_MUTATING.contains(name);
        }
        if (obj instanceof Map) {
            return DICT.contains(name) || DICT_MUTATING.contains(name);
        }
        return false;
    }

    static Object call(Renderer r, Object self, String name, List<Object> args, Map<String, Object> kwargs) {
        if (self instanceof Markup m) {
            Object result = callStr(r, m.text(), name, escapeArgs(args), kwargs);
            return result instanceof String s ? new Markup(s) : result;
        }
        if (self instanceof String s) {
            return callStr(r, s, name, args, kwargs);
        }
        if (self instanceof List<?> l) {
            return callList(l, name, args);
        }
        if (self instanceof Map<?, ?> m) {
            return callDict(m, name, args, kwargs);
        }
        throw new IllegalStateException(name);
    }

    private static List<Object> escapeArgs(List<Object> args) {
        List<Object> out = new ArrayList<>(args.size());
        for (Object a : args) {
            out.add(Py.isString(a) ? Markup.of(a).text() : a);
        }
        return out;
    }

    private static JinjaError unsafe(Object self, String name) {
        return JinjaError.security("access to attribute '" + name + "' of '" + Py.typeName(self) + "' object is unsafe.");
    }

    private static Object callDict(Map<?, ?> m, String name, List<Object> args, Map<String, Object> kwargs) {
        if (DICT_MUTATING.contains(name)) {
            throw unsafe(m, name);
        }
        Args a = new Args("dict." + name, args, kwargs);
        switch (name) {
            case "get": {
                Object v = Py.mapGet(m, a.required(0, "key"));
                return v == Py.MISSING ? a.get(1, "default", null) : v;
            }
            case "items": {
                List<Object> items = new ArrayList<>(m.size());
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    items.add(new PyTuple(e.getKey(), e.getValue()));
                }
                return new PyView("dict_items", items);
            }
            case "keys":
                return new PyView("dict_keys", new ArrayList<Object>(m.keySet()));
            case "values":
                return new PyView("dict_values", new ArrayList<Object>(m.values()));
            case "copy":
                return new java.util.LinkedHashMap<Object, Object>(m);
            default:
                throw new IllegalStateException(name);
        }
    }

    private static Object callList(List<?> l, String name, List<Object> args) {
        if (LIST_MUTATING.contains(name)) {
            throw unsafe(l, name);
        }
        switch (name) {
            case "count": {
                int n = 0;
                for (Object x : l) {
                    if (Py.eq(x, args.get(0))) {
                        n++;
                    }
                }
                return (long) n;
            }
            case "index":
                for (int i = 0; i < l.size(); i++) {
                    if (Py.eq(l.get(i), args.get(0))) {
                        return (long) i;
                    }
                }
                throw new JinjaError("ValueError", Py.repr(args.get(0)) + " is not in list");
            case "copy":
                return new ArrayList<Object>(l);
            default:
                throw new IllegalStateException(name);
        }
    }

    /** A str argument (None allowed when {@code message} says so); {@code %s} in the message is the type. */
    private static String strArg(Args a, int i, String name, String message) {
        Object v = a.get(i, name, null);
        if (v == null && message.contains("None")) {
            return null;
        }
        if (!Py.isString(v)) {
            throw JinjaError.type(String.format(message, Py.typeName(v)));
        }
        return Py.str(v);
    }

    private static final String MUST_BE_STR = "must be str, not %s";

    private static Object callStr(Renderer r, String s, String name, List<Object> args, Map<String, Object> kwargs) {
        long max = r.limits().maxOutputChars();
        Args a = new Args("str." + name, args, kwargs);
        switch (name) {
            case "strip":
                return Strings.strip(s, strArg(a, 0, "chars", "strip arg must be None or str"), true, true);
            case "lstrip":
                return Strings.strip(s, strArg(a, 0, "chars", "lstrip arg must be None or str"), true, false);
            case "rstrip":
                return Strings.strip(s, strArg(a, 0, "chars", "rstrip arg must be None or str"), false, true);
            case "split":
                return Strings.split(s, strArg(a, 0, "sep", "must be str or None, not %s"), (int) a.getLong(1, "maxsplit", -1));
            case "rsplit":
                return Strings.rsplit(s, strArg(a, 0, "sep", "must be str or None, not %s"), (int) a.getLong(1, "maxsplit", -1));
            case "splitlines":
                return Strings.splitlines(s, Py.truthy(a.get(0, "keepends", false)));
            case "startswith":
            case "endswith":
                return Strings.startsOrEndsWith(s, a.required(0, "prefix"), name.equals("startswith"));
            case "replace": {
                String old = strArg(a, 0, "old", "replace() argument 1 must be str, not %s");
                String rep = strArg(a, 1, "new", "replace() argument 2 must be str, not %s");
                return Strings.replace(s, old, rep, a.getLong(2, "count", -1), max);
            }
            case "upper":
                return s.toUpperCase(Locale.ROOT);
            case "lower":
            case "casefold":
                return s.toLowerCase(Locale.ROOT);
            case "title":
                return Strings.title(s);
            case "capitalize":
                return Strings.capitalize(s);
            case "swapcase": {
                StringBuilder sb = new StringBuilder(s.length());
                s.codePoints().forEach(cp -> sb.appendCodePoint(Character.isUpperCase(cp) ? Character.toLowerCase(cp)
                        : Character.toUpperCase(cp)));
                return sb.toString();
            }
            case "find":
            case "index":
            case "rfind":
            case "rindex": {
                String sub = strArg(a, 0, "sub", MUST_BE_STR);
                int at = name.startsWith("r") ? s.lastIndexOf(sub) : s.indexOf(sub);
                if (at < 0 && name.endsWith("index")) {
                    throw new JinjaError("ValueError", "substring not found");
                }
                return at < 0 ? -1L : (long) s.codePointCount(0, at);
            }
            case "count": {
                String sub = strArg(a, 0, "sub", MUST_BE_STR);
                if (sub.isEmpty()) {
                    return (long) s.codePointCount(0, s.length()) + 1;
                }
                long n = 0;
                for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) {
                    n++;
                }
                return n;
            }
            case "join": {
                StringBuilder sb = new StringBuilder();
                int index = 0;
                for (Object item : Py.iterate(a.required(0, "iterable"))) {
                    if (!Py.isString(item)) {
                        throw JinjaError.type("sequence item " + index + ": expected str instance, " + Py.typeName(item) + " found");
                    }
                    if (index++ > 0) {
                        sb.append(s);
                    }
                    sb.append(Py.str(item));
                    Strings.checkLength(sb.length(), max);
                }
                return sb.toString();
            }
            case "format":
                return PyFormat.format(s, args, kwargs, max);
            case "center":
            case "ljust":
            case "rjust": {
                long width = a.getLong(0, "width", 0);
                Strings.checkLength(width, max);
                String fill = a.has(1, "fillchar")
                        ? strArg(a, 1, "fillchar", "The fill character must be a unicode character, not %s") : " ";
                return Strings.pad(s, (int) width, fill, name);
            }
            case "zfill": {
                long width = a.getLong(0, "width", 0);
                Strings.checkLength(width, max);
                int pad = (int) width - s.codePointCount(0, s.length());
                if (pad <= 0) {
                    return s;
                }
                boolean signed = s.startsWith("-") || s.startsWith("+");
                return signed ? s.charAt(0) + "0".repeat(pad) + s.substring(1) : "0".repeat(pad) + s;
            }
            case "partition":
            case "rpartition": {
                String sep = strArg(a, 0, "sep", MUST_BE_STR);
                int at = name.equals("partition") ? s.indexOf(sep) : s.lastIndexOf(sep);
                if (at < 0) {
                    return name.equals("partition") ? new PyTuple(s, "", "") : new PyTuple("", "", s);
                }
                return new PyTuple(s.substring(0, at), sep, s.substring(at + sep.length()));
            }
            case "removeprefix": {
                String p = strArg(a, 0, "prefix", "removeprefix() argument must be str, not %s");
                return s.startsWith(p) ? s.substring(p.length()) : s;
            }
            case "removesuffix": {
                String p = strArg(a, 0, "suffix", "removesuffix() argument must be str, not %s");
                return !p.isEmpty() && s.endsWith(p) ? s.substring(0, s.length() - p.length()) : s;
            }
            case "isalnum":
                return !s.isEmpty() && s.codePoints().allMatch(Character::isLetterOrDigit);
            case "isalpha":
                return !s.isEmpty() && s.codePoints().allMatch(Character::isLetter);
            case "isdigit":
            case "isnumeric":
            case "isdecimal":
                return !s.isEmpty() && s.codePoints().allMatch(Character::isDigit);
            case "isspace":
                return !s.isEmpty() && s.codePoints().allMatch(Py::isSpace);
            case "islower":
                return Strings.isLower(s);
            case "isupper":
                return Strings.isUpper(s);
            case "istitle":
                return !s.isEmpty() && s.equals(Strings.title(s)) && s.codePoints().anyMatch(Character::isLetter);
            default:
                throw new IllegalStateException(name);
        }
    }
}
