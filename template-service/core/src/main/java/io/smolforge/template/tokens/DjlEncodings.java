package io.smolforge.template.tokens;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.jni.CharSpan;

/** DJL encodings as {@link TokenizedText}, offsets converted from Unicode code points to Java chars. */
final class DjlEncodings {

    private DjlEncodings() {
    }

    static TokenizedText toTokenizedText(String text, Encoding encoding) {
        long[] longIds = encoding.getIds();
        CharSpan[] spans = encoding.getCharTokenSpans();
        int n = longIds.length;
        int[] ids = new int[n];
        int[] starts = new int[n];
        int[] ends = new int[n];
        // Offsets come in code points; Java strings index UTF-16 chars (they differ after an emoji).
        int[] charIndexOfCodePoint = text.length() == text.codePointCount(0, text.length())
                ? null : codePointToCharIndex(text);
        for (int i = 0; i < n; i++) {
            ids[i] = (int) longIds[i];
            int start = spans[i] == null ? 0 : spans[i].getStart();
            int end = spans[i] == null ? 0 : spans[i].getEnd();
            starts[i] = charIndexOfCodePoint == null ? start : charIndexOfCodePoint[start];
            ends[i] = charIndexOfCodePoint == null ? end : charIndexOfCodePoint[end];
        }
        return new TokenizedText(ids, starts, ends);
    }

    private static int[] codePointToCharIndex(String text) {
        int[] index = new int[text.codePointCount(0, text.length()) + 1];
        int cp = 0;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            index[cp++] = i;
        }
        index[cp] = text.length();
        return index;
    }
}
