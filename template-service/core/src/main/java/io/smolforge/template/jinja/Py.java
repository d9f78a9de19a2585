package io.smolforge.template.jinja;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Python semantics of template values: truthiness, str()/repr(), equality, ordering, arithmetic and
 * iteration. Values are plain Java objects: null (None), Boolean, Integer/Long/BigInteger (int),
 * Double/Float/BigDecimal (float), String, List, Map, plus the jinja types of this package.
 */
final class Py {
    private Py() {
    }

    static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
    }

    static boolean isInt(Object o) {
        return o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte
                || o instanceof BigInteger;
    }

    /** int or bool, which Python treats as an int in arithmetic. */
    static boolean isIntLike(Object o) {
        return isInt(o) || o instanceof Boolean;
    }

    static boolean isFloat(Object o) {
        return o instanceof Double || o instanceof Float || o instanceof BigDecimal;
    }

    static boolean isNumber(Object o) {
        return isIntLike(o) || isFloat(o);
    }

    static boolean isString(Object o) {
        return o instanceof String || o instanceof Markup;
    }

    static long toLong(Object o) {
        if (o instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (o instanceof BigInteger bi) {
            if (bi.bitLength() > 63) {
                throw JinjaError.limit("integer too large: " + bi);
            }
            return bi.longValue();
        }
        return ((Number) o).longValue();
    }

    static double toDouble(Object o) {
        if (o instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return ((Number) o).doubleValue();
    }

    static String typeName(Object o) {
        if (o == null) {
            return "NoneType";
        }
        if (o instanceof Boolean) {
            return "bool";
        }
        if (isInt(o)) {
            return "int";
        }
        if (isFloat(o)) {
            return "float";
        }
        if (o instanceof String) {
            return "str";
        }
        if (o instanceof Markup) {
            return "Markup";
        }
        if (o instanceof PyTuple) {
            return "tuple";
        }
        if (o instanceof PyRange) {
            return "range";
        }
        if (o instanceof PyView v) {
            return v.typeName();
        }
        if (o instanceof List) {
            return "list";
        }
        if (o instanceof Map) {
            return "dict";
        }
        if (o instanceof Undefined) {
            return "Undefined";
        }
        if (o instanceof PyIterator it) {
            return it.typeName();
        }
        if (o instanceof Namespace) {
            return "Namespace";
        }
        if (o instanceof LoopState) {
            return "LoopContext";
        }
        if (o instanceof Macro) {
            return "Macro";
        }
        if (o instanceof BoundMethod) {
            return "builtin_function_or_method";
        }
        if (o instanceof PyCallable) {
            return "function";
        }
        return o.getClass().getSimpleName();
    }

    /** jinja2's {@code object_type_repr}, used in undefined-attribute messages. */
    static String objectTypeRepr(Object o) {
        if (o == null) {
            return "None";
        }
        return typeName(o) + " object";
    }

    static boolean truthy(Object o) {
        if (o == null || o instanceof Undefined) {
            return false;
        }
        if (o instanceof Boolean b) {
            return b;
        }
        if (o instanceof String s) {
            return !s.isEmpty();
        }
        if (o instanceof Markup m) {
            return !m.text().isEmpty();
        }
        if (o instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (o instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (isInt(o)) {
            return o instanceof BigInteger bi ? bi.signum() != 0 : ((Number) o).longValue() != 0;
        }
        if (isFloat(o)) {
            return ((Number) o).doubleValue() != 0.0;
        }
        return true;
    }

    // ---- printing ----

    /** Python's {@code str(value)} with jinja2's Undefined printing as ''. */
    static String str(Object o) {
        if (o instanceof String s) {
            return s;
        }
        if (o == null) {
            return "None";
        }
        if (o instanceof Markup m) {
            return m.text();
        }
        if (o instanceof Undefined) {
            return "";
        }
        if (o instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (isInt(o)) {
            return o.toString();
        }
        if (isFloat(o)) {
            return PyFormat.floatRepr(((Number) o).doubleValue());
        }
        StringBuilder sb = new StringBuilder();
        appendRepr(sb, o, 0);
        return sb.toString();
    }

    static String repr(Object o) {
        StringBuilder sb = new StringBuilder();
        appendRepr(sb, o, 0);
        return sb.toString();
    }

    private static final int MAX_NESTING = 200;

    static void appendRepr(StringBuilder sb, Object o, int depth) {
        if (depth > MAX_NESTING) {
            throw JinjaError.limit("value nested more than " + MAX_NESTING + " levels deep");
        }
        if (o instanceof String s) {
            PyFormat.appendStringRepr(sb, s);
        } else if (o instanceof Markup m) {
            sb.append("Markup(");
            PyFormat.appendStringRepr(sb, m.text());
            sb.append(')');
        } else if (o instanceof PyTuple t) {
            sb.append('(');
            for (int i = 0; i < t.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                appendRepr(sb, t.get(i), depth + 1);
            }
            sb.append(t.size() == 1 ? ",)" : ")");
        } else if (o instanceof PyRange range) {
            sb.append(range);
        } else if (o instanceof PyView view) {
            sb.append(view.typeName()).append('(');
            appendRepr(sb, new java.util.ArrayList<>(view), depth + 1);
            sb.append(')');
        } else if (o instanceof List<?> l) {
            sb.append('[');
            boolean first = true;
            for (Object item : l) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                appendRepr(sb, item, depth + 1);
            }
            sb.append(']');
        } else if (o instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                appendRepr(sb, e.getKey(), depth + 1);
                sb.append(": ");
                appendRepr(sb, e.getValue(), depth + 1);
            }
            sb.append('}');
        } else if (o instanceof Namespace ns) {
            sb.append("<Namespace ");
            appendRepr(sb, ns.attributes, depth + 1);
            sb.append('>');
        } else if (o instanceof Undefined) {
            sb.append("Undefined");
        } else if (o instanceof PyIterator it) {
            sb.append(it.repr());
        } else if (o instanceof Macro m) {
            sb.append("<Macro '").append(m.name()).append("'>");
        } else if (o instanceof BoundMethod bm) {
            sb.append("<built-in method ").append(bm.name()).append(" of ").append(typeName(bm.self())).append(" object>");
        } else if (o instanceof LoopState) {
            sb.append("<LoopContext>");
        } else if (o instanceof PyCallable) {
            sb.append("<function>");
        } else if (o == null || o instanceof Boolean || isNumber(o)) {
            sb.append(str(o));
        } else {
            // A Java value the caller passed in that has no Python counterpart.
            sb.append(o);
        }
    }

    // ---- comparison ----

    static boolean eq(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof Undefined || b instanceof Undefined) {
            return a instanceof Undefined && b instanceof Undefined;
        }
        if (isNumber(a) && isNumber(b)) {
            if (isFloat(a) || isFloat(b)) {
                return toDouble(a) == toDouble(b);
            }
            if (a instanceof BigInteger || b instanceof BigInteger) {
                return bigInt(a).equals(bigInt(b));
            }
            return toLong(a) == toLong(b);
        }
        if (isString(a) && isString(b)) {
            return str(a).equals(str(b));
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (!sameSequenceKind(a, b) || la.size() != lb.size()) {
                return false;
            }
            for (int i = 0; i < la.size(); i++) {
                if (!eq(la.get(i), lb.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            if (ma.size() != mb.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : ma.entrySet()) {
                Object key = e.getKey();
                if (!mb.containsKey(key) || !eq(e.getValue(), mb.get(key))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** list, tuple, range and dict views only ever equal their own kind. */
    static boolean sameSequenceKind(Object a, Object b) {
        if (a instanceof PyTuple || b instanceof PyTuple) {
            return a instanceof PyTuple && b instanceof PyTuple;
        }
        return a.getClass() == b.getClass() || !(a instanceof PyRange || a instanceof PyView
                || b instanceof PyRange || b instanceof PyView);
    }

    static BigInteger bigInt(Object o) {
        return o instanceof BigInteger bi ? bi : BigInteger.valueOf(toLong(o));
    }

    /** Python has one int type: results that fit go back to Long. */
    static Object normalize(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    /** Python's ordering for {@code <}; raises TypeError for unorderable pairs. */
    static int compare(Object a, Object b, String op) {
        if (isNumber(a) && isNumber(b)) {
            if (isFloat(a) || isFloat(b)) {
                return Double.compare(toDouble(a), toDouble(b));
            }
            if (a instanceof BigInteger || b instanceof BigInteger) {
                return bigInt(a).compareTo(bigInt(b));
            }
            return Long.compare(toLong(a), toLong(b));
        }
        if (isString(a) && isString(b)) {
            return str(a).compareTo(str(b));
        }
        if (a instanceof List<?> la && b instanceof List<?> lb && sameSequenceKind(a, b)
                && !(a instanceof PyRange) && !(a instanceof PyView)) {
            int n = Math.min(la.size(), lb.size());
            for (int i = 0; i < n; i++) {
                if (!eq(la.get(i), lb.get(i))) {
                    return compare(la.get(i), lb.get(i), op);
                }
            }
            return Integer.compare(la.size(), lb.size());
        }
        if (a instanceof Undefined u) {
            throw u.error();
        }
        if (b instanceof Undefined u) {
            throw u.error();
        }
        throw JinjaError.type("'" + op + "' not supported between instances of '" + typeName(a) + "' and '"
                + typeName(b) + "'");
    }

    // ---- containers ----

    /** The items of an iterable, as Python's {@code iter()} would yield them. */
    static List<Object> iterate(Object o) {
        if (o instanceof List<?> l) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) l;
            return list;
        }
        if (o instanceof Map<?, ?> m) {
            return new ArrayList<>(m.keySet());
        }
        if (o instanceof String || o instanceof Markup) {
            String s = str(o);
            List<Object> chars = new ArrayList<>(s.length());
            for (int i = 0; i < s.length(); ) {
                int cp = s.codePointAt(i);
                int n = Character.charCount(cp);
                chars.add(s.substring(i, i + n));
                i += n;
            }
            return chars;
        }
        if (o instanceof Undefined) {
            return List.of();
        }
        if (o instanceof PyIterator it) {
            return it.drain();
        }
        if (o instanceof Collection<?> c) {
            return new ArrayList<>(c);
        }
        throw JinjaError.type("'" + typeName(o) + "' object is not iterable");
    }

    static boolean isIterable(Object o) {
        return o instanceof List || o instanceof Map || o instanceof String || o instanceof Markup
                || o instanceof Undefined || o instanceof PyIterator || o instanceof Collection;
    }

    static int len(Object o) {
        if (o instanceof String s) {
            return s.codePointCount(0, s.length());
        }
        if (o instanceof Markup m) {
            return m.text().codePointCount(0, m.text().length());
        }
        if (o instanceof Collection<?> c) {
            return c.size();
        }
        if (o instanceof Map<?, ?> m) {
            return m.size();
        }
        if (o instanceof Undefined) {
            return 0;
        }
        if (o instanceof Namespace) {
            throw JinjaError.type("object of type 'Namespace' has no len()");
        }
        throw JinjaError.type("object of type '" + typeName(o) + "' has no len()");
    }

    static boolean contains(Object container, Object item) {
        if (container instanceof String || container instanceof Markup) {
            if (!isString(item)) {
                throw JinjaError.type("'in <string>' requires string as left operand, not " + typeName(item));
            }
            return str(container).contains(str(item));
        }
        if (container instanceof Map<?, ?> m) {
            if (item instanceof Map || (item instanceof List && !(item instanceof PyTuple) && !(item instanceof PyRange))) {
                throw JinjaError.type("unhashable type: '" + typeName(item) + "'");
            }
            return mapGet(m, item) != MISSING;
        }
        if (container instanceof List<?> l) {
            for (Object x : l) {
                if (eq(x, item)) {
                    return true;
                }
            }
            return false;
        }
        if (container instanceof Undefined) {
            return false;
        }
        if (container instanceof PyIterator it) {
            for (Object x : it.drain()) {
                if (eq(x, item)) {
                    return true;
                }
            }
            return false;
        }
        throw JinjaError.type("argument of type '" + typeName(container) + "' is not iterable");
    }

    static final Object MISSING = new Object();

    /** Dict lookup with Python's key equality for the common cases (1 == 1.0 == True); MISSING if absent. */
    static Object mapGet(Map<?, ?> m, Object key) {
        Object v = m.get(key);
        if (v != null || m.containsKey(key)) {
            return v;
        }
        if (isNumber(key) || key instanceof Markup) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (eq(e.getKey(), key)) {
                    return e.getValue();
                }
            }
        }
        return MISSING;
    }

    static Object subscriptList(List<?> l, Object key, Object owner) {
        if (isIntLike(key)) {
            long i = toLong(key);
            if (i < 0) {
                i += l.size();
            }
            if (i < 0 || i >= l.size()) {
                return Undefined.element(owner, key);
            }
            return l.get((int) i);
        }
        return null;
    }

    /** Python slice indices for a sequence of length {@code len}: [start, stop, step] after clamping. */
    static long[] sliceIndices(Slice s, int len) {
        long step = s.step() == null ? 1 : toLong(s.step());
        if (step == 0) {
            throw new JinjaError("ValueError", "slice step cannot be zero");
        }
        long start;
        long stop;
        if (step > 0) {
            start = s.start() == null ? 0 : clampIndex(toLong(s.start()), len, 0, len);
            stop = s.stop() == null ? len : clampIndex(toLong(s.stop()), len, 0, len);
        } else {
            start = s.start() == null ? len - 1 : clampIndex(toLong(s.start()), len, -1, len - 1);
            stop = s.stop() == null ? -1 : clampIndex(toLong(s.stop()), len, -1, len - 1);
        }
        return new long[] {start, stop, step};
    }

    private static long clampIndex(long i, int len, long lo, long hi) {
        if (i < 0) {
            i += len;
        }
        return Math.max(lo, Math.min(hi, i));
    }

    static Object slice(Object seq, Slice s) {
        if (seq instanceof String || seq instanceof Markup) {
            String str = str(seq);
            boolean ascii = str.length() == str.codePoints().count();
            if (ascii && (s.step() == null || toLong(s.step()) == 1)) {
                long[] idx = sliceIndices(s, str.length());
                String r = idx[1] > idx[0] ? str.substring((int) idx[0], (int) idx[1]) : "";
                return seq instanceof Markup ? new Markup(r) : r;
            }
            int[] cps = str.codePoints().toArray();
            long[] idx = sliceIndices(s, cps.length);
            StringBuilder sb = new StringBuilder();
            for (long i = idx[0]; idx[2] > 0 ? i < idx[1] : i > idx[1]; i += idx[2]) {
                sb.appendCodePoint(cps[(int) i]);
            }
            return seq instanceof Markup ? new Markup(sb.toString()) : sb.toString();
        }
        if (seq instanceof PyRange range) {
            return range.slice(s);
        }
        if (seq instanceof PyView) {
            return Undefined.element(seq, s);
        }
        if (seq instanceof List<?> l) {
            long[] idx = sliceIndices(s, l.size());
            List<Object> out = new ArrayList<>();
            for (long i = idx[0]; idx[2] > 0 ? i < idx[1] : i > idx[1]; i += idx[2]) {
                out.add(l.get((int) i));
            }
            return seq instanceof PyTuple ? PyTuple.of(out) : out;
        }
        if (seq instanceof Undefined u) {
            throw u.error();
        }
        return Undefined.element(seq, s);
    }
}
