package io.smolforge.template.jinja;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Python's textual forms: float repr, string repr, {@code %}-formatting and {@code str.format}. */
final class PyFormat {
    private PyFormat() {
    }

    /** Python's {@code repr(float)}: shortest round-tripping digits, scientific below 1e-4 and from 1e16. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal bd = new BigDecimal(shortestDigits(d)).stripTrailingZeros();
        String digits = bd.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - bd.scale();
        StringBuilder sb = new StringBuilder();
        if (d < 0) {
            sb.append('-');
        }
        if (exponent < -4 || exponent >= 16) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exponent < 0 ? '-' : '+');
            int ae = Math.abs(exponent);
            if (ae < 10) {
                sb.append('0');
            }
            sb.append(ae);
        } else if (exponent < 0) {
            sb.append("0.");
            sb.append("0".repeat(-exponent - 1));
            sb.append(digits);
        } else if (digits.length() <= exponent + 1) {
            sb.append(digits).append("0".repeat(exponent + 1 - digits.length())).append(".0");
        } else {
            sb.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length());
        }
        return sb.toString();
    }

    /** Java 17's Double.toString is not always the shortest; try fewer digits when it is long. */
    private static String shortestDigits(double d) {
        String s = Double.toString(Math.abs(d));
        int significant = s.replaceAll("E.*", "").replace(".", "").replaceAll("^0+", "").length();
        if (significant < 16) {
            return s;
        }
        for (int p = 1; p <= 17; p++) {
            String candidate = String.format(Locale.ROOT, "%." + (p - 1) + "e", Math.abs(d));
            if (Double.parseDouble(candidate) == Math.abs(d)) {
                return candidate;
            }
        }
        return s;
    }

    /** Python's "%.Nf": the exact binary value rounded half-even (Java's Formatter rounds the decimal string). */
    static String fixed(double d, int precision) {
        if (!Double.isFinite(d)) {
            return Double.isNaN(d) ? "nan" : d > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal(d).setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
        boolean negative = d < 0 || (d == 0 && 1 / d < 0);
        return negative && !s.startsWith("-") ? "-" + s : s;
    }

    /** Python's "%.Ne": mantissa with N decimals from the exact binary value, exponent with at least two digits. */
    static String scientific(double d, int precision, boolean upper) {
        if (!Double.isFinite(d)) {
            String s = Double.isNaN(d) ? "nan" : d > 0 ? "inf" : "-inf";
            return upper ? s.toUpperCase(Locale.ROOT) : s;
        }
        StringBuilder sb = new StringBuilder();
        if (d < 0 || (d == 0 && 1 / d < 0)) {
            sb.append('-');
        }
        String digits;
        int exponent;
        if (d == 0) {
            digits = "0".repeat(precision + 1);
            exponent = 0;
        } else {
            BigDecimal bd = new BigDecimal(Math.abs(d)).round(new java.math.MathContext(precision + 1, RoundingMode.HALF_EVEN));
            String unscaled = bd.unscaledValue().toString();
            exponent = unscaled.length() - 1 - bd.scale();
            digits = (unscaled + "0".repeat(precision + 1)).substring(0, precision + 1);
        }
        sb.append(digits.charAt(0));
        if (precision > 0) {
            sb.append('.').append(digits, 1, digits.length());
        }
        sb.append(upper ? 'E' : 'e').append(exponent < 0 ? '-' : '+');
        int ae = Math.abs(exponent);
        if (ae < 10) {
            sb.append('0');
        }
        sb.append(ae);
        return sb.toString();
    }

    static void appendStringRepr(StringBuilder sb, String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        sb.append(quote);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (cp == quote) {
                        sb.append('\\').appendCodePoint(cp);
                    } else if (isPrintable(cp)) {
                        sb.appendCodePoint(cp);
                    } else if (cp < 0x100) {
                        sb.append(String.format(Locale.ROOT, "\\x%02x", cp));
                    } else if (cp < 0x10000) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", cp));
                    } else {
                        sb.append(String.format(Locale.ROOT, "\\U%08x", cp));
                    }
                }
            }
        }
        sb.append(quote);
    }

    /** Python's str.isprintable for one code point (space is printable, other separators are not). */
    private static boolean isPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        int type = Character.getType(cp);
        return switch (type) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                 Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }

    // ---- printf-style (%) formatting ----

    static String percent(String format, Object args, long maxChars) {
        List<?> positional = args instanceof PyTuple t ? t : null;
        Map<?, ?> named = args instanceof Map<?, ?> m ? m : null;
        int argIndex = 0;
        StringBuilder sb = new StringBuilder();
        int n = format.length();
        for (int i = 0; i < n; i++) {
            char c = format.charAt(i);
            if (c != '%') {
                sb.append(c);
                continue;
            }
            i++;
            if (i >= n) {
                throw new JinjaError("ValueError", "incomplete format");
            }
            if (format.charAt(i) == '%') {
                sb.append('%');
                continue;
            }
            Object value;
            String key = null;
            if (format.charAt(i) == '(') {
                int close = format.indexOf(')', i);
                if (close < 0) {
                    throw new JinjaError("ValueError", "incomplete format key");
                }
                key = format.substring(i + 1, close);
                i = close + 1;
            }
            int specStart = i;
            while (i < n && "-+ #0123456789.".indexOf(format.charAt(i)) >= 0) {
                i++;
            }
            if (i >= n) {
                throw new JinjaError("ValueError", "incomplete format");
            }
            String flags = format.substring(specStart, i);
            char conv = format.charAt(i);
            if (key != null) {
                if (named == null) {
                    throw JinjaError.type("format requires a mapping");
                }
                value = Py.mapGet(named, key);
                if (value == Py.MISSING) {
                    throw new JinjaError("KeyError", Py.repr(key));
                }
            } else if (positional != null) {
                if (argIndex >= positional.size()) {
                    throw JinjaError.type("not enough arguments for format string");
                }
                value = positional.get(argIndex++);
            } else {
                if (argIndex++ > 0) {
                    throw JinjaError.type("not enough arguments for format string");
                }
                value = args;
            }
            sb.append(formatOne(flags, conv, value, maxChars));
        }
        if (positional != null && argIndex < positional.size()) {
            throw JinjaError.type("not all arguments converted during string formatting");
        }
        // A lone argument must be consumed, unless Python treats it as a mapping (anything indexable but str).
        boolean mappingLike = args instanceof Map || args instanceof List || args instanceof Undefined;
        if (positional == null && argIndex == 0 && !mappingLike) {
            throw JinjaError.type("not all arguments converted during string formatting");
        }
        return sb.toString();
    }

    private static String formatOne(String flags, char conv, Object value, long maxChars) {
        int f = 0;
        while (f < flags.length() && "-+ #0".indexOf(flags.charAt(f)) >= 0) {
            f++;
        }
        String flagChars = flags.substring(0, f);
        boolean left = flagChars.contains("-");
        boolean zero = flagChars.contains("0") && !left;
        String widthPrec = flags.substring(f);
        int width = 0;
        Integer precision = null;
        int dot = widthPrec.indexOf('.');
        String w = dot >= 0 ? widthPrec.substring(0, dot) : widthPrec;
        if (!w.isEmpty()) {
            width = parseBounded(w, maxChars);
        }
        if (dot >= 0) {
            String p = widthPrec.substring(dot + 1);
            precision = parseBounded(p.isEmpty() ? "0" : p, maxChars);
        }
        String body;
        switch (conv) {
            case 's' -> body = precision != null ? truncate(Py.str(value), precision) : Py.str(value);
            case 'r', 'a' -> body = Py.repr(value);
            case 'd', 'i', 'u' -> {
                requireNumber(value, conv);
                body = Long.toString(Py.isFloat(value) ? (long) Py.toDouble(value) : Py.toLong(value));
                if (flags.contains("+") && !body.startsWith("-")) {
                    body = "+" + body;
                }
            }
            case 'f', 'F', 'e', 'E', 'g', 'G' -> {
                requireNumber(value, conv);
                double d = Py.toDouble(value);
                int p = precision == null ? 6 : precision;
                body = switch (conv) {
                    case 'f', 'F' -> fixed(d, p);
                    case 'e', 'E' -> scientific(d, p, conv == 'E');
                    default -> String.format(Locale.ROOT, "%." + p + conv, d);
                };
                if (flags.contains("+") && !body.startsWith("-")) {
                    body = "+" + body;
                }
            }
            case 'x', 'X', 'o' -> {
                requireNumber(value, conv);
                long v = Py.toLong(value);
                body = conv == 'o' ? Long.toOctalString(v) : Long.toHexString(v);
                if (conv == 'X') {
                    body = body.toUpperCase(Locale.ROOT);
                }
            }
            case 'c' -> body = value instanceof String s ? s : new String(Character.toChars((int) Py.toLong(value)));
            default -> throw new JinjaError("ValueError", "unsupported format character '" + conv + "'");
        }
        if (body.length() >= width) {
            return body;
        }
        String pad = (zero && "dfFeEgGxXoiu".indexOf(conv) >= 0 ? "0" : " ").repeat(width - body.length());
        if (left) {
            return body + " ".repeat(width - body.length());
        }
        if (pad.startsWith("0") && (body.startsWith("-") || body.startsWith("+"))) {
            return body.charAt(0) + pad + body.substring(1);
        }
        return pad + body;
    }

    private static void requireNumber(Object value, char conv) {
        if (!Py.isNumber(value)) {
            throw JinjaError.type("%" + conv + " format: a real number is required, not " + Py.typeName(value));
        }
    }

    private static String truncate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n);
    }

    static int parseBounded(String digits, long max) {
        long v;
        try {
            v = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw JinjaError.limit("format width too large");
        }
        if (v > max) {
            throw JinjaError.limit("format width " + v + " exceeds the output limit");
        }
        return (int) v;
    }

    // ---- str.format ----

    static String format(String template, List<Object> args, Map<String, Object> kwargs, long maxChars) {
        StringBuilder sb = new StringBuilder();
        int auto = 0;
        int n = template.length();
        for (int i = 0; i < n; i++) {
            char c = template.charAt(i);
            if (c == '{') {
                if (i + 1 < n && template.charAt(i + 1) == '{') {
                    sb.append('{');
                    i++;
                    continue;
                }
                int close = template.indexOf('}', i);
                if (close < 0) {
                    throw new JinjaError("ValueError", "Single '{' encountered in format string");
                }
                String field = template.substring(i + 1, close);
                String spec = "";
                int colon = field.indexOf(':');
                if (colon >= 0) {
                    spec = field.substring(colon + 1);
                    field = field.substring(0, colon);
                }
                char conversion = 0;
                int bang = field.indexOf('!');
                if (bang >= 0) {
                    conversion = field.length() > bang + 1 ? field.charAt(bang + 1) : 's';
                    field = field.substring(0, bang);
                }
                Object value;
                if (field.isEmpty()) {
                    value = positional(args, auto++);
                } else if (field.chars().allMatch(Character::isDigit)) {
                    value = positional(args, Integer.parseInt(field));
                } else if (kwargs.containsKey(field)) {
                    value = kwargs.get(field);
                } else {
                    throw new JinjaError("KeyError", Py.repr(field));
                }
                if (conversion == 'r') {
                    value = Py.repr(value);
                }
                sb.append(formatSpec(value, spec, maxChars));
                i = close;
            } else if (c == '}') {
                if (i + 1 < n && template.charAt(i + 1) == '}') {
                    i++;
                }
                sb.append('}');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static Object positional(List<Object> args, int index) {
        if (index >= args.size()) {
            throw new JinjaError("IndexError", "Replacement index " + index + " out of range for positional args tuple");
        }
        return args.get(index);
    }

    /** A subset of Python's format-spec mini-language: [[fill]align][sign][0][width][,][.precision][type]. */
    static String formatSpec(Object value, String spec, long maxChars) {
        if (spec.isEmpty()) {
            return Py.str(value);
        }
        int i = 0;
        char fill = ' ';
        char align = 0;
        if (spec.length() >= 2 && "<>^=".indexOf(spec.charAt(1)) >= 0) {
            fill = spec.charAt(0);
            align = spec.charAt(1);
            i = 2;
        } else if ("<>^=".indexOf(spec.charAt(0)) >= 0) {
            align = spec.charAt(0);
            i = 1;
        }
        char sign = 0;
        if (i < spec.length() && "+- ".indexOf(spec.charAt(i)) >= 0) {
            sign = spec.charAt(i++);
        }
        if (i < spec.length() && spec.charAt(i) == '0') {
            fill = '0';
            if (align == 0) {
                align = '=';
            }
            i++;
        }
        int ws = i;
        while (i < spec.length() && Character.isDigit(spec.charAt(i))) {
            i++;
        }
        int width = i > ws ? parseBounded(spec.substring(ws, i), maxChars) : 0;
        boolean grouping = i < spec.length() && spec.charAt(i) == ',';
        if (grouping) {
            i++;
        }
        Integer precision = null;
        if (i < spec.length() && spec.charAt(i) == '.') {
            int ps = ++i;
            while (i < spec.length() && Character.isDigit(spec.charAt(i))) {
                i++;
            }
            precision = parseBounded(spec.substring(ps, i), maxChars);
        }
        char type = i < spec.length() ? spec.charAt(i) : 0;
        String body;
        boolean numeric = Py.isNumber(value);
        if (type == 'f' || type == 'F' || type == 'e' || type == 'E' || type == '%' || type == 'g') {
            if (!numeric) {
                throw new JinjaError("ValueError", "Unknown format code '" + type + "' for object of type '" + Py.typeName(value) + "'");
            }
            double d = Py.toDouble(value) * (type == '%' ? 100 : 1);
            int p = precision == null ? 6 : precision;
            body = switch (type) {
                case '%' -> fixed(d, p) + "%";
                case 'f', 'F' -> grouping ? String.format(Locale.ROOT, "%,." + p + "f", new BigDecimal(d).setScale(p, RoundingMode.HALF_EVEN)) : fixed(d, p);
                case 'e', 'E' -> scientific(d, p, type == 'E');
                default -> String.format(Locale.ROOT, "%." + p + type, d);
            };
        } else if (type == 'd') {
            if (!Py.isIntLike(value)) {
                throw new JinjaError("ValueError", "Unknown format code 'd' for object of type '" + Py.typeName(value) + "'");
            }
            body = grouping ? String.format(Locale.ROOT, "%,d", Py.toLong(value)) : Long.toString(Py.toLong(value));
        } else if (type == 'x' || type == 'X' || type == 'o' || type == 'b') {
            long v = Py.toLong(value);
            body = type == 'o' ? Long.toOctalString(v) : type == 'b' ? Long.toBinaryString(v) : Long.toHexString(v);
            if (type == 'X') {
                body = body.toUpperCase(Locale.ROOT);
            }
        } else if (grouping && Py.isIntLike(value)) {
            body = String.format(Locale.ROOT, "%,d", Py.toLong(value));
        } else {
            body = Py.str(value);
            if (precision != null && !numeric && body.length() > precision) {
                body = body.substring(0, precision);
            }
        }
        if (numeric && sign == '+' && !body.startsWith("-")) {
            body = "+" + body;
        } else if (numeric && sign == ' ' && !body.startsWith("-")) {
            body = " " + body;
        }
        int pad = width - body.codePointCount(0, body.length());
        if (pad <= 0) {
            return body;
        }
        if (align == 0) {
            align = numeric ? '>' : '<';
        }
        String f = String.valueOf(fill);
        return switch (align) {
            case '<' -> body + f.repeat(pad);
            case '^' -> f.repeat(pad / 2) + body + f.repeat(pad - pad / 2);
            case '=' -> (body.startsWith("-") || body.startsWith("+"))
                    ? body.charAt(0) + f.repeat(pad) + body.substring(1) : f.repeat(pad) + body;
            default -> f.repeat(pad) + body;
        };
    }
}
