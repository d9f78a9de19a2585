package io.smolforge.template.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Python's arithmetic and jinja2's {@code ~} on template values, with the sandbox's size limits. */
final class Operators {
    private Operators() {
    }

    /** The binary operators, resolved once at parse time. */
    enum Binary {
        ADD("+"), SUB("-"), MUL("*"), DIV("/"), FLOOR_DIV("//"), MOD("%"), POW("**"), CONCAT("~");

        final String symbol;

        Binary(String symbol) {
            this.symbol = symbol;
        }

        static Binary of(String symbol) {
            for (Binary b : values()) {
                if (b.symbol.equals(symbol)) {
                    return b;
                }
            }
            throw new IllegalArgumentException(symbol);
        }
    }

    /** Comparison operators of a chain such as {@code a < b}. */
    enum Comparison {
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), IN("in"), NOT_IN("notin");

        final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        static Comparison of(String symbol) {
            for (Comparison c : values()) {
                if (c.symbol.equals(symbol)) {
                    return c;
                }
            }
            throw new IllegalArgumentException(symbol);
        }
    }

    static Object binary(Binary op, Object a, Object b, long maxChars) {
        return switch (op) {
            case ADD -> add(a, b, maxChars);
            case SUB -> sub(a, b);
            case MUL -> mul(a, b, maxChars);
            case DIV -> div(a, b);
            case FLOOR_DIV -> floorDiv(a, b);
            case MOD -> mod(a, b, maxChars);
            case POW -> pow(a, b);
            case CONCAT -> concat(a, b, maxChars);
        };
    }

    private static void failUndefined(Object a, Object b) {
        if (a instanceof Undefined u) {
            throw u.error();
        }
        if (b instanceof Undefined u) {
            throw u.error();
        }
    }

    private static JinjaError unsupported(String op, Object a, Object b) {
        failUndefined(a, b);
        return JinjaError.type("unsupported operand type(s) for " + op + ": '" + Py.typeName(a) + "' and '"
                + Py.typeName(b) + "'");
    }

    static String checkedConcat(String a, String b, long maxChars) {
        if ((long) a.length() + b.length() > maxChars) {
            throw JinjaError.limit("string of " + ((long) a.length() + b.length()) + " characters exceeds the limit of " + maxChars);
        }
        return a.concat(b);
    }

    /** {@code ~}: without autoescape jinja2 joins plain str() values, Markup included. */
    static Object concat(Object a, Object b, long maxChars) {
        return checkedConcat(Py.str(a), Py.str(b), maxChars);
    }

    static Object add(Object a, Object b, long maxChars) {
        if (a instanceof String sa && b instanceof String sb) {
            return checkedConcat(sa, sb, maxChars);
        }
        if (Py.isString(a) && Py.isString(b)) {
            // markupsafe: Markup + str escapes the str, and so does str + Markup.
            return new Markup(checkedConcat(Markup.of(a).text(), Markup.of(b).text(), maxChars));
        }
        if (Py.isNumber(a) && Py.isNumber(b)) {
            if (Py.isFloat(a) || Py.isFloat(b)) {
                return Py.toDouble(a) + Py.toDouble(b);
            }
            return exact(() -> Math.addExact(Py.toLong(a), Py.toLong(b)));
        }
        if (a instanceof List<?> la && b instanceof List<?> lb && (a instanceof PyTuple) == (b instanceof PyTuple)) {
            if ((long) la.size() + lb.size() > maxChars) {
                throw JinjaError.limit("list too long");
            }
            List<Object> out = new ArrayList<>(la.size() + lb.size());
            out.addAll(la);
            out.addAll(lb);
            return a instanceof PyTuple ? PyTuple.of(out) : out;
        }
        failUndefined(a, b);
        if (Py.isString(a)) {
            throw JinjaError.type("can only concatenate str (not \"" + Py.typeName(b) + "\") to str");
        }
        if (a instanceof List && !(a instanceof PyTuple)) {
            throw JinjaError.type("can only concatenate list (not \"" + Py.typeName(b) + "\") to list");
        }
        throw unsupported("+", a, b);
    }

    static Object sub(Object a, Object b) {
        if (Py.isNumber(a) && Py.isNumber(b)) {
            if (Py.isFloat(a) || Py.isFloat(b)) {
                return Py.toDouble(a) - Py.toDouble(b);
            }
            return exact(() -> Math.subtractExact(Py.toLong(a), Py.toLong(b)));
        }
        throw unsupported("-", a, b);
    }

    static Object mul(Object a, Object b, long maxChars) {
        if (Py.isNumber(a) && Py.isNumber(b)) {
            if (Py.isFloat(a) || Py.isFloat(b)) {
                return Py.toDouble(a) * Py.toDouble(b);
            }
            return exact(() -> Math.multiplyExact(Py.toLong(a), Py.toLong(b)));
        }
        if (Py.isIntLike(a) && (Py.isString(b) || b instanceof List)) {
            return repeat(b, Py.toLong(a), maxChars);
        }
        if (Py.isIntLike(b) && (Py.isString(a) || a instanceof List)) {
            return repeat(a, Py.toLong(b), maxChars);
        }
        if (Py.isString(a) || Py.isString(b) || a instanceof List || b instanceof List) {
            failUndefined(a, b);
            throw JinjaError.type("can't multiply sequence by non-int of type '"
                    + Py.typeName(Py.isString(a) || a instanceof List ? b : a) + "'");
        }
        throw unsupported("*", a, b);
    }

    private static Object repeat(Object seq, long times, long maxChars) {
        long n = Math.max(0, times);
        long unit = seq instanceof List<?> l ? l.size() : Py.str(seq).length();
        if (unit != 0 && n > maxChars / unit) {
            throw JinjaError.limit("repetition would build " + unit + " x " + n + " items, over the limit of " + maxChars);
        }
        if (seq instanceof List<?> l) {
            List<Object> out = new ArrayList<>((int) (unit * n));
            for (long i = 0; i < n; i++) {
                out.addAll(l);
            }
            return seq instanceof PyTuple ? PyTuple.of(out) : out;
        }
        String s = Py.str(seq).repeat((int) n);
        return seq instanceof Markup ? new Markup(s) : s;
    }

    static Object div(Object a, Object b) {
        if (Py.isNumber(a) && Py.isNumber(b)) {
            double d = Py.toDouble(b);
            if (d == 0) {
                throw new JinjaError("ZeroDivisionError", "division by zero");
            }
            return Py.toDouble(a) / d;
        }
        throw unsupported("/", a, b);
    }

    static Object floorDiv(Object a, Object b) {
        if (Py.isNumber(a) && Py.isNumber(b)) {
            if (Py.isFloat(a) || Py.isFloat(b)) {
                double d = Py.toDouble(b);
                if (d == 0) {
                    throw new JinjaError("ZeroDivisionError", "float floor division by zero");
                }
                return Math.floor(Py.toDouble(a) / d);
            }
            long d = Py.toLong(b);
            if (d == 0) {
                throw new JinjaError("ZeroDivisionError", "integer division or modulo by zero");
            }
            return Math.floorDiv(Py.toLong(a), d);
        }
        throw unsupported("//", a, b);
    }

    static Object mod(Object a, Object b, long maxChars) {
        if (Py.isString(a)) {
            String r = PyFormat.percent(Py.str(a), b, maxChars);
            return a instanceof Markup ? new Markup(r) : r;
        }
        if (Py.isNumber(a) && Py.isNumber(b)) {
            if (Py.isFloat(a) || Py.isFloat(b)) {
                double d = Py.toDouble(b);
                if (d == 0) {
                    throw new JinjaError("ZeroDivisionError", "float modulo");
                }
                double x = Py.toDouble(a);
                double r = x % d;
                return (r != 0 && (r < 0) != (d < 0)) ? r + d : r;
            }
            long d = Py.toLong(b);
            if (d == 0) {
                throw new JinjaError("ZeroDivisionError", "integer modulo by zero");
            }
            return Math.floorMod(Py.toLong(a), d);
        }
        throw unsupported("%", a, b);
    }

    static Object pow(Object a, Object b) {
        if (Py.isNumber(a) && Py.isNumber(b)) {
            if (Py.isFloat(a) || Py.isFloat(b) || Py.toLong(b) < 0) {
                return Math.pow(Py.toDouble(a), Py.toDouble(b));
            }
            long base = Py.toLong(a);
            long exp = Py.toLong(b);
            long result = 1;
            for (long i = 0; i < exp; i++) {
                long r = result;
                result = exact(() -> Math.multiplyExact(r, base));
                if (result == 0 || result == 1 && base == 1) {
                    break;
                }
            }
            return result;
        }
        throw unsupported("** or pow()", a, b);
    }

    static Object negate(Object a) {
        if (Py.isFloat(a)) {
            return -Py.toDouble(a);
        }
        if (Py.isIntLike(a)) {
            return exact(() -> Math.negateExact(Py.toLong(a)));
        }
        if (a instanceof Undefined u) {
            throw u.error();
        }
        throw JinjaError.type("bad operand type for unary -: '" + Py.typeName(a) + "'");
    }

    static Object positive(Object a) {
        if (Py.isFloat(a)) {
            return Py.toDouble(a);
        }
        if (Py.isIntLike(a)) {
            return Py.toLong(a);
        }
        if (a instanceof Undefined u) {
            throw u.error();
        }
        throw JinjaError.type("bad operand type for unary +: '" + Py.typeName(a) + "'");
    }

    private interface LongOp {
        long apply();
    }

    private static long exact(LongOp op) {
        try {
            return op.apply();
        } catch (ArithmeticException e) {
            throw JinjaError.limit("integer result exceeds 64 bits");
        }
    }

    static boolean compare(Comparison op, Object a, Object b) {
        return switch (op) {
            case EQ -> Py.eq(a, b);
            case NE -> !Py.eq(a, b);
            case LT -> Py.compare(a, b, op.symbol) < 0;
            case LE -> Py.compare(a, b, op.symbol) <= 0;
            case GT -> Py.compare(a, b, op.symbol) > 0;
            case GE -> Py.compare(a, b, op.symbol) >= 0;
            case IN -> Py.contains(b, a);
            case NOT_IN -> !Py.contains(b, a);
        };
    }

}
