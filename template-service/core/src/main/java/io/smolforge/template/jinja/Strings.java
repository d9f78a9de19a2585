package io.smolforge.template.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Python str algorithms that Java's String does not share (whitespace set, split rules, title case). */
final class Strings {
    private Strings() {
    }

    static void checkLength(long length, long max) {
        if (length > max) {
            throw JinjaError.limit("string of " + length + " characters exceeds the limit of " + max);
        }
    }

    static String strip(String s, String chars, boolean left, boolean right) {
        int start = 0;
        int end = s.length();
        if (left) {
            while (start < end && stripped(s.charAt(start), chars)) {
                start++;
            }
        }
        if (right) {
            while (end > start && stripped(s.charAt(end - 1), chars)) {
                end--;
            }
        }
        return s.substring(start, end);
    }

    private static boolean stripped(char c, String chars) {
        return chars == null ? Py.isSpace(c) : chars.indexOf(c) >= 0;
    }

    static List<Object> split(String s, String sep, int maxsplit) {
        List<Object> out = new ArrayList<>();
        if (sep == null) {
            int i = 0;
            int n = s.length();
            while (true) {
                while (i < n && Py.isSpace(s.charAt(i))) {
                    i++;
                }
                if (i >= n) {
                    break;
                }
                if (maxsplit >= 0 && out.size() == maxsplit) {
                    out.add(s.substring(i));
                    break;
                }
                int j = i;
                while (j < n && !Py.isSpace(s.charAt(j))) {
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            }
            return out;
        }
        if (sep.isEmpty()) {
            throw new JinjaError("ValueError", "empty separator");
        }
        int start = 0;
        while (maxsplit < 0 || out.size() < maxsplit) {
            int at = s.indexOf(sep, start);
            if (at < 0) {
                break;
            }
            out.add(s.substring(start, at));
            start = at + sep.length();
        }
        out.add(s.substring(start));
        return out;
    }

    static List<Object> rsplit(String s, String sep, int maxsplit) {
        if (maxsplit < 0) {
            return split(s, sep, -1);
        }
        List<Object> out = new ArrayList<>();
        if (sep == null) {
            int j = s.length();
            while (true) {
                while (j > 0 && Py.isSpace(s.charAt(j - 1))) {
                    j--;
                }
                if (j == 0) {
                    break;
                }
                if (out.size() == maxsplit) {
                    out.add(0, s.substring(0, j));
                    break;
                }
                int i = j;
                while (i > 0 && !Py.isSpace(s.charAt(i - 1))) {
                    i--;
                }
                out.add(0, s.substring(i, j));
                j = i;
            }
            return out;
        }
        if (sep.isEmpty()) {
            throw new JinjaError("ValueError", "empty separator");
        }
        int end = s.length();
        while (out.size() < maxsplit) {
            int at = s.lastIndexOf(sep, end - sep.length());
            if (at < 0) {
                break;
            }
            out.add(0, s.substring(at + sep.length(), end));
            end = at;
        }
        out.add(0, s.substring(0, end));
        return out;
    }

    static List<Object> splitlines(String s, boolean keepends) {
        List<Object> out = new ArrayList<>();
        int start = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u000b' || c == '\f' || c == '\u001c' || c == '\u001d'
                    || c == '\u001e' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                int end = i;
                if (c == '\r' && i + 1 < n && s.charAt(i + 1) == '\n') {
                    i++;
                }
                out.add(s.substring(start, keepends ? i + 1 : end));
                start = i + 1;
            }
        }
        if (start < n) {
            out.add(s.substring(start));
        }
        return out;
    }

    static boolean startsOrEndsWith(String s, Object affix, boolean starts) {
        if (affix instanceof PyTuple t) {
            for (Object o : t) {
                if (startsOrEndsWith(s, o, starts)) {
                    return true;
                }
            }
            return false;
        }
        if (!Py.isString(affix)) {
            if (affix instanceof Undefined u) {
                throw u.error();
            }
            throw JinjaError.type((starts ? "startswith" : "endswith") + " first arg must be str or a tuple of str, not "
                    + Py.typeName(affix));
        }
        String a = Py.str(affix);
        return starts ? s.startsWith(a) : s.endsWith(a);
    }

    static String replace(String s, String old, String rep, long count, long max) {
        if (count < 0 && !old.isEmpty()) {
            int occurrences = 0;
            for (int i = s.indexOf(old); i >= 0; i = s.indexOf(old, i + old.length())) {
                occurrences++;
            }
            checkLength(s.length() + (long) occurrences * (rep.length() - old.length()), max);
            return occurrences == 0 ? s : s.replace(old, rep);
        }
        if (old.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            long done = 0;
            int i = 0;
            while (i <= s.length()) {
                if (count < 0 || done < count) {
                    sb.append(rep);
                    done++;
                }
                if (i == s.length()) {
                    break;
                }
                int cp = s.codePointAt(i);
                sb.appendCodePoint(cp);
                i += Character.charCount(cp);
                checkLength(sb.length(), max);
            }
            return sb.toString();
        }
        StringBuilder sb = new StringBuilder();
        int start = 0;
        long done = 0;
        while (done < count) {
            int at = s.indexOf(old, start);
            if (at < 0) {
                break;
            }
            sb.append(s, start, at).append(rep);
            start = at + old.length();
            done++;
            checkLength(sb.length(), max);
        }
        sb.append(s, start, s.length());
        return sb.toString();
    }

    /** Python's str.islower: at least one cased character and no upper- or title-case one. */
    static boolean isLower(String s) {
        return s.codePoints().anyMatch(Character::isLowerCase)
                && s.codePoints().noneMatch(c -> Character.isUpperCase(c) || Character.isTitleCase(c));
    }

    /** Python's str.isupper: at least one cased character and no lower- or title-case one. */
    static boolean isUpper(String s) {
        return s.codePoints().anyMatch(Character::isUpperCase)
                && s.codePoints().noneMatch(c -> Character.isLowerCase(c) || Character.isTitleCase(c));
    }

    private static boolean isCased(int cp) {
        return Character.isUpperCase(cp) || Character.isLowerCase(cp) || Character.isTitleCase(cp);
    }

    /** Python's str.title: upper-case a cased character after an uncased one, lower-case the others. */
    static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean previousCased = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (isCased(cp)) {
                sb.appendCodePoint(previousCased ? Character.toLowerCase(cp) : Character.toTitleCase(cp));
                previousCased = true;
            } else {
                sb.appendCodePoint(cp);
                previousCased = false;
            }
        }
        return sb.toString();
    }

    static String capitalize(String s) {
        if (s.isEmpty()) {
            return s;
        }
        int cp = s.codePointAt(0);
        int n = Character.charCount(cp);
        return new StringBuilder().appendCodePoint(Character.toTitleCase(cp))
                .append(s.substring(n).toLowerCase(Locale.ROOT)).toString();
    }

    static String pad(String s, int width, String fill, String mode) {
        int len = s.codePointCount(0, s.length());
        if (width <= len) {
            return s;
        }
        int pad = width - len;
        return switch (mode) {
            case "ljust" -> s + fill.repeat(pad);
            case "rjust" -> fill.repeat(pad) + s;
            default -> {
                int left = pad / 2 + (pad & width & 1);
                yield fill.repeat(left) + s + fill.repeat(pad - left);
            }
        };
    }
}
