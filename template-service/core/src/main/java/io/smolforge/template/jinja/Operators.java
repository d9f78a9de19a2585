package io.smolforge.template.jinja;

import java.math.BigInteger;
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
        if (a instanceof Markup && !Py.isString(b)) {
            failUndefined(a, b);
            throw unsupported("+", a, b);
        }
        if (Py.isString(a) && Py.isString(b)) {
            // markupsafe: Markup + str escapes the str, and so does str + Markup.
            return new Markup(checkedConcat(Markup.of(a).text(), Markup.of(b).text(), maxChars));
        }
        if (Py.isNumber(a) && Py.isNumber(b)) {
            if (Py.isFloat(a) || Py.isFloat(b)) {
                return Py.toDouble(a) + Py.toDouble(b);
            }
            return integer(a, b, Math::addExact, BigInteger::add);
        }
        if (a instanceof List<?> la && b instanceof List<?> lb && Py.sameSequenceKind(a, b)
                && !(a instanceof PyRange) && !(a instanceof PyView)) {
            if ((long) la.size() + lb.size() > maxChars / 16) {
                throw JinjaError.limit("list of " + ((long) la.size() + lb.size()) + " items exceeds the limit of " + maxChars / 16);
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
        if (a instanceof PyTuple || (a instanceof List && !(a instanceof PyRange) && !(a instanceof PyView))) {
            String kind = a instanceof PyTuple ? "tuple" : "list";
            throw JinjaError.type("can only concatenate " + kind + " (not \"" + Py.typeName(b) + "\") to " + kind);
        }
        throw unsupported("+", a, b);
    }

    static Object sub(Object a, Object b) {
        if (Py.isNumber(a) && Py.isNumber(b)) {
            if (Py.isFloat(a) || Py.isFloat(b)) {
                return Py.toDouble(a) - Py.toDouble(b);
            }
            return integer(a, b, Math::subtractExact, BigInteger::subtract);
        }
        throw unsupported("-", a, b);
    }

    static Object mul(Object a, Object b, long maxChars) {
        if (Py.isNumber(a) && Py.isNumber(b)) {
            if (Py.isFloat(a) || Py.isFloat(b)) {
                return Py.toDouble(a) * Py.toDouble(b);
            }
            return integer(a, b, Math::multiplyExact, BigInteger::multiply);
        }
        if ((a instanceof Markup && !Py.isIntLike(b)) || (b instanceof Markup && !Py.isIntLike(a))) {
            // markupsafe returns NotImplemented and Python's fallback names the other operand.
            Object other = a instanceof Markup ? b : a;
            failUndefined(a, b);
            throw JinjaError.type("'" + (other instanceof Markup ? "str" : Py.typeName(other))
                    + "' object cannot be interpreted as an integer");
        }
        if (Py.isIntLike(a) && (Py.isString(b) || isRepeatable(b))) {
            return repeat(b, repeatCount(a), maxChars);
        }
        if (Py.isIntLike(b) && (Py.isString(a) || isRepeatable(a))) {
            return repeat(a, repeatCount(b), maxChars);
        }
        boolean seqA = Py.isString(a) || isRepeatable(a);
        boolean seqB = Py.isString(b) || isRepeatable(b);
        if (seqA || seqB) {
            failUndefined(a, b);
            throw JinjaError.type("can't multiply sequence by non-int of type '" + Py.typeName(seqA ? b : a) + "'");
        }
        throw unsupported("*", a, b);
    }

    private static boolean isRepeatable(Object o) {
        return o instanceof List && !(o instanceof PyRange) && !(o instanceof PyView);
    }

    private static long repeatCount(Object n) {
        return n instanceof BigInteger bi ? (bi.signum() < 0 ? 0 : Long.MAX_VALUE) : Py.toLong(n);
    }

    private static Object repeat(Object seq, long times, long maxChars) {
        long n = Math.max(0, times);
        long unit = seq instanceof List<?> l ? l.size() : Py.str(seq).length();
        // Lists hold references, not chars: keep them to a sixteenth of the character budget.
        long budget = seq instanceof List ? maxChars / 16 : maxChars;
        if (unit != 0 && n > budget / unit) {
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
                throw new JinjaError("ZeroDivisionError", Py.isFloat(a) || Py.isFloat(b) ? "float division by zero" : "division by zero");
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
            if (Py.bigInt(b).signum() == 0) {
                throw new JinjaError("ZeroDivisionError", "integer division or modulo by zero");
            }
            if (a instanceof BigInteger || b instanceof BigInteger) {
                return Py.normalize(floorDivBig(Py.bigInt(a), Py.bigInt(b)));
            }
            long d = Py.toLong(b);
            if (d == -1 && Py.toLong(a) == Long.MIN_VALUE) {
                return BigInteger.valueOf(Long.MIN_VALUE).negate();
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
            if (Py.bigInt(b).signum() == 0) {
                throw new JinjaError("ZeroDivisionError", "integer modulo by zero");
            }
            if (a instanceof BigInteger || b instanceof BigInteger) {
                BigInteger x = Py.bigInt(a);
                BigInteger y = Py.bigInt(b);
                return Py.normalize(x.subtract(y.multiply(floorDivBig(x, y))));
            }
            return Math.floorMod(Py.toLong(a), Py.toLong(b));
        }
        throw unsupported("%", a, b);
    }

    static Object pow(Object a, Object b) {
        if (Py.isNumber(a) && Py.isNumber(b)) {
            if (Py.isFloat(a) || Py.isFloat(b) || Py.toLong(b) < 0) {
                if (Py.toDouble(a) == 0 && Py.toDouble(b) < 0) {
                    throw new JinjaError("ZeroDivisionError", "0.0 cannot be raised to a negative power");
                }
                return Math.pow(Py.toDouble(a), Py.toDouble(b));
            }
            BigInteger base = Py.bigInt(a);
            long exp = Py.toLong(b);
            if (base.bitLength() > 1 && (long) base.bitLength() * exp > MAX_INT_BITS) {
                throw JinjaError.limit("integer power would exceed " + MAX_INT_BITS + " bits");
            }
            return Py.normalize(base.pow((int) Math.min(exp, Integer.MAX_VALUE)));
        }
        throw unsupported("** or pow()", a, b);
    }

    static Object negate(Object a) {
        if (Py.isFloat(a)) {
            return -Py.toDouble(a);
        }
        if (Py.isIntLike(a)) {
            return Py.normalize(Py.bigInt(a).negate());
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

    /** Python ints are unbounded; keep them bounded enough that a template cannot exhaust memory. */
    static final int MAX_INT_BITS = 1 << 16;

    private interface LongOp {
        long apply(long a, long b);
    }

    private interface BigOp {
        BigInteger apply(BigInteger a, BigInteger b);
    }

    /** Fast path on longs, exact big-integer arithmetic on overflow. */
    private static Object integer(Object a, Object b, LongOp fast, BigOp exact) {
        if (!(a instanceof BigInteger) && !(b instanceof BigInteger)) {
            try {
                return fast.apply(Py.toLong(a), Py.toLong(b));
            } catch (ArithmeticException overflow) {
                // fall through to BigInteger
            }
        }
        BigInteger r = exact.apply(Py.bigInt(a), Py.bigInt(b));
        if (r.bitLength() > MAX_INT_BITS) {
            throw JinjaError.limit("integer result exceeds " + MAX_INT_BITS + " bits");
        }
        return Py.normalize(r);
    }

    private static BigInteger floorDivBig(BigInteger x, BigInteger y) {
        BigInteger[] qr = x.divideAndRemainder(y);
        if (qr[1].signum() != 0 && qr[1].signum() != y.signum()) {
            return qr[0].subtract(BigInteger.ONE);
        }
        return qr[0];
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
