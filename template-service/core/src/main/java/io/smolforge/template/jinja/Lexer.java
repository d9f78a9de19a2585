package io.smolforge.template.jinja;

import io.smolforge.template.jinja.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a template into tokens the way jinja2's lexer does with {@code trim_blocks=True},
 * {@code lstrip_blocks=True} and {@code keep_trailing_newline=False}: newlines normalised to {@code \n},
 * one trailing newline dropped, {@code -}/{@code +} whitespace control, comments and {@code raw} blocks.
 */
final class Lexer {
    private final String src;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int line = 1;
    /** Whether the previous match ended with a newline (jinja2's {@code line_starting}). */
    private boolean lineStarting = true;

    private Lexer(String source) {
        this.src = normalize(source);
    }

    static List<Token> tokenize(String source) {
        Lexer lexer = new Lexer(source);
        try {
            lexer.run();
        } catch (JinjaError e) {
            // jinja2 lexes while parsing, so a parse error earlier in the template wins over this one.
            lexer.tokens.add(new Token(Kind.ERROR, e.getMessage(), lexer.line));
            lexer.tokens.add(new Token(Kind.EOF, "", lexer.line));
        }
        return lexer.tokens;
    }

    private static String normalize(String s) {
        if (s.indexOf('\r') >= 0) {
            s = s.replace("\r\n", "\n").replace('\r', '\n');
        }
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    private void run() {
        int n = src.length();
        while (pos < n) {
            int tag = findTagStart(pos);
            if (tag < 0) {
                emitText(src.substring(pos));
                pos = n;
                break;
            }
            String text = src.substring(pos, tag);
            char kind = src.charAt(tag + 1);
            char sign = tag + 2 < n ? src.charAt(tag + 2) : 0;
            boolean isRaw = kind == '%' && rawBeginEnd(tag) > 0;
            if (sign == '-') {
                text = rstrip(text);
            } else if (sign != '+' && kind != '{') {
                text = lstripBlock(text);
            }
            countLines(src.subSequence(pos, tag));
            emitText(text);
            pos = tag;
            if (kind == '#') {
                lexComment(tag);
            } else if (isRaw) {
                lexRaw(tag);
            } else {
                lexTag(tag, kind, sign);
            }
        }
        tokens.add(new Token(Kind.EOF, "", line));
    }

    private int findTagStart(int from) {
        int i = from;
        int n = src.length();
        while (true) {
            i = src.indexOf('{', i);
            if (i < 0 || i + 1 >= n) {
                return -1;
            }
            char c = src.charAt(i + 1);
            if (c == '{' || c == '%' || c == '#') {
                return i;
            }
            i++;
        }
    }

    /** lstrip_blocks: drop spaces between the line start and a block/comment tag. */
    private String lstripBlock(String text) {
        int lPos = text.lastIndexOf('\n') + 1;
        if ((lPos > 0 || lineStarting) && lPos < text.length() && isAllWhitespace(text, lPos)) {
            return text.substring(0, lPos);
        }
        return text;
    }

    private static boolean isAllWhitespace(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (!Py.isSpace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static String rstrip(String s) {
        int end = s.length();
        while (end > 0 && Py.isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    private void emitText(String text) {
        if (!text.isEmpty()) {
            tokens.add(new Token(Kind.TEXT, text, line));
        }
    }

    private void countLines(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                line++;
            }
        }
    }

    private void consume(int newPos) {
        countLines(src.subSequence(pos, newPos));
        lineStarting = newPos > pos && src.charAt(newPos - 1) == '\n';
        pos = newPos;
    }

    private int skipWhitespace(int i) {
        while (i < src.length() && Py.isSpace(src.charAt(i))) {
            i++;
        }
        return i;
    }

    /** If a {@code {% raw %}} tag starts at {@code tag}, the position after it, else -1. */
    private int rawBeginEnd(int tag) {
        int i = tag + 2;
        if (i < src.length() && (src.charAt(i) == '-' || src.charAt(i) == '+')) {
            i++;
        }
        i = skipWhitespace(i);
        if (!src.startsWith("raw", i)) {
            return -1;
        }
        i = skipWhitespace(i + 3);
        if (src.startsWith("-%}", i)) {
            return skipWhitespace(i + 3);
        }
        if (src.startsWith("%}", i)) {
            return i + 2;
        }
        return -1;
    }

    private void lexRaw(int tag) {
        int bodyStart = rawBeginEnd(tag);
        consume(bodyStart);
        int search = bodyStart;
        while (true) {
            int t = src.indexOf("{%", search);
            if (t < 0) {
                throw JinjaError.syntax("Missing end of raw directive", line);
            }
            int i = t + 2;
            char sign = i < src.length() ? src.charAt(i) : 0;
            if (sign == '-' || sign == '+') {
                i++;
            }
            i = skipWhitespace(i);
            if (src.startsWith("endraw", i)) {
                i = skipWhitespace(i + 6);
                int end;
                if (src.startsWith("+%}", i)) {
                    end = i + 3;
                } else if (src.startsWith("-%}", i)) {
                    end = skipWhitespace(i + 3);
                } else if (src.startsWith("%}", i)) {
                    end = i + 2 < src.length() && src.charAt(i + 2) == '\n' ? i + 3 : i + 2;
                } else {
                    search = t + 2;
                    continue;
                }
                String text = src.substring(bodyStart, t);
                countLines(text);
                if (sign == '-') {
                    text = rstrip(text);
                } else if (sign != '+') {
                    text = lstripBlock(text);
                }
                emitText(text);
                pos = t;
                consume(end);
                return;
            }
            search = t + 2;
        }
    }

    private void lexComment(int tag) {
        int close = src.indexOf("#}", tag + 2);
        if (close < 0) {
            if (tag + 2 >= src.length()) {
                // jinja2's lexer stops quietly when a comment opens at the very end of the source.
                consume(src.length());
                return;
            }
            throw JinjaError.syntax("Missing end of comment tag", line);
        }
        int end;
        char before = src.charAt(close - 1);
        if (close - 1 >= tag + 2 && before == '-') {
            end = skipWhitespace(close + 2);
        } else if (close - 1 >= tag + 2 && before == '+') {
            end = close + 2;
        } else {
            end = close + 2 < src.length() && src.charAt(close + 2) == '\n' ? close + 3 : close + 2;
        }
        consume(end);
    }

    private void lexTag(int tag, char kind, char sign) {
        boolean block = kind == '%';
        int i = tag + 2 + (sign == '-' || sign == '+' ? 1 : 0);
        tokens.add(new Token(block ? Kind.BLOCK_BEGIN : Kind.VAR_BEGIN, block ? "{%" : "{{", line));
        consume(i);
        int depth = 0;
        int n = src.length();
        char closeChar = block ? '%' : '}';
        while (true) {
            i = pos;
            while (i < n && Py.isSpace(src.charAt(i))) {
                i++;
            }
            consume(i);
            if (i >= n) {
                throw JinjaError.syntax("unexpected end of template, expected '" + (block ? "%}" : "}}") + "'", line);
            }
            if (depth == 0) {
                int end = tagEnd(i, closeChar, block);
                if (end >= 0) {
                    tokens.add(new Token(block ? Kind.BLOCK_END : Kind.VAR_END, block ? "%}" : "}}", line));
                    consume(end);
                    return;
                }
            }
            char c = src.charAt(i);
            if (c == '"' || c == '\'') {
                lexString(i, c);
            } else if (Character.isDigit(c)) {
                lexNumber(i);
            } else if (Character.isLetter(c) || c == '_') {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(src.charAt(j)) || src.charAt(j) == '_')) {
                    j++;
                }
                tokens.add(new Token(Kind.NAME, src.substring(i, j), line));
                consume(j);
            } else {
                String op = operatorAt(i);
                if (op == null) {
                    throw JinjaError.syntax("unexpected char " + Py.repr(String.valueOf(c)) + " at " + i, line);
                }
                if (op.equals("(") || op.equals("[") || op.equals("{")) {
                    depth++;
                } else if (op.equals(")") || op.equals("]") || op.equals("}")) {
                    if (depth == 0) {
                        throw JinjaError.syntax("unexpected '" + op + "'", line);
                    }
                    depth--;
                }
                tokens.add(new Token(Kind.OPERATOR, op, line));
                consume(i + op.length());
            }
        }
    }

    /** Position after the closing tag starting at {@code i}, applying -/+ and trim_blocks, or -1. */
    private int tagEnd(int i, char closeChar, boolean block) {
        int n = src.length();
        char c = src.charAt(i);
        if ((c == '-' || c == '+') && i + 2 < n && src.charAt(i + 1) == closeChar && src.charAt(i + 2) == '}') {
            if (c == '-') {
                return skipWhitespace(i + 3);
            }
            if (block) {
                return i + 3;
            }
        }
        if (c == closeChar && i + 1 < n && src.charAt(i + 1) == '}') {
            if (block && i + 2 < n && src.charAt(i + 2) == '\n') {
                return i + 3;
            }
            return i + 2;
        }
        return -1;
    }

    private String operatorAt(int i) {
        String two = i + 2 <= src.length() ? src.substring(i, i + 2) : "";
        switch (two) {
            case "//": case "**": case "==": case "!=": case "<=": case ">=":
                return two;
            default:
                break;
        }
        char c = src.charAt(i);
        return "+-*/%~<>=()[]{},.:|;".indexOf(c) >= 0 ? String.valueOf(c) : null;
    }

    private void lexNumber(int i) {
        int n = src.length();
        int j = digits(i);
        boolean isFloat = false;
        if (j + 1 < n && src.charAt(j) == '.' && Character.isDigit(src.charAt(j + 1))) {
            j = digits(j + 1);
            isFloat = true;
        }
        if (j < n && (src.charAt(j) == 'e' || src.charAt(j) == 'E')) {
            int k = j + 1;
            if (k < n && (src.charAt(k) == '+' || src.charAt(k) == '-')) {
                k++;
            }
            if (k < n && Character.isDigit(src.charAt(k))) {
                j = digits(k);
                isFloat = true;
            }
        }
        String text = src.substring(i, j).replace("_", "");
        tokens.add(new Token(isFloat ? Kind.FLOAT : Kind.INTEGER, text, line));
        consume(j);
    }

    private int digits(int i) {
        int n = src.length();
        while (i < n && (Character.isDigit(src.charAt(i))
                || (src.charAt(i) == '_' && i + 1 < n && Character.isDigit(src.charAt(i + 1))))) {
            i++;
        }
        return i;
    }

    private void lexString(int start, char quote) {
        StringBuilder sb = new StringBuilder();
        int n = src.length();
        int i = start + 1;
        while (true) {
            if (i >= n) {
                throw JinjaError.syntax("unexpected char " + Py.repr(String.valueOf(quote)) + " at " + start, line);
            }
            char c = src.charAt(i);
            if (c == quote) {
                break;
            }
            if (c != '\\') {
                sb.append(c);
                i++;
                continue;
            }
            if (i + 1 >= n) {
                throw JinjaError.syntax("unexpected end of string", line);
            }
            char e = src.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'n': sb.append('\n'); break;
                case 't': sb.append('\t'); break;
                case 'r': sb.append('\r'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'v': sb.append('\u000b'); break;
                case 'a': sb.append('\u0007'); break;
                case '\\': sb.append('\\'); break;
                case '\'': sb.append('\''); break;
                case '"': sb.append('"'); break;
                case '\n': break;
                case 'x': i = hexEscape(sb, i, 2); break;
                case 'u': i = hexEscape(sb, i, 4); break;
                case 'U': i = hexEscape(sb, i, 8); break;
                default:
                    if (e >= '0' && e <= '7') {
                        int v = e - '0';
                        int k = 0;
                        while (k < 2 && i < n && src.charAt(i) >= '0' && src.charAt(i) <= '7') {
                            v = v * 8 + (src.charAt(i) - '0');
                            i++;
                            k++;
                        }
                        sb.appendCodePoint(v);
                    } else {
                        sb.append('\\').append(e);
                    }
            }
        }
        tokens.add(new Token(Kind.STRING, sb.toString(), line));
        consume(i + 1);
    }

    private int hexEscape(StringBuilder sb, int i, int len) {
        if (i + len > src.length()) {
            throw JinjaError.syntax("truncated \\x/\\u escape in string", line);
        }
        try {
            sb.appendCodePoint(Integer.parseInt(src.substring(i, i + len), 16));
        } catch (IllegalArgumentException e) {
            throw JinjaError.syntax("invalid escape in string", line);
        }
        return i + len;
    }
}
