package io.smolforge.template.tokens;

/**
 * An open-addressing map from text pieces to their tokens that looks pieces up by a range of a
 * larger string, so the hot path allocates nothing. Not thread-safe (one per worker thread).
 */
final class PieceTable {

    /** Token ids with offsets relative to the start of the piece. */
    record Piece(int[] ids, int[] starts, int[] ends) {
    }

    private static final int MAX_SIZE = 1 << 20;

    private String[] keys = new String[1 << 14];
    private Piece[] values = new Piece[1 << 14];
    private int size;

    static int hash(String s, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + s.charAt(i);
        }
        return h ^ (h >>> 16);
    }

    Piece get(String s, int from, int to, int hash) {
        int mask = keys.length - 1;
        int length = to - from;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            String key = keys[slot];
            if (key == null) {
                return null;
            }
            if (key.length() == length && key.regionMatches(0, s, from, length)) {
                return values[slot];
            }
        }
    }

    void put(String key, int hash, Piece value) {
        if (size >= MAX_SIZE) {
            keys = new String[1 << 14]; // a crude bound; the pieces worth keeping come back at once
            values = new Piece[1 << 14];
            size = 0;
        } else if (2 * (size + 1) > keys.length) {
            grow();
        }
        insert(key, hash, value);
        size++;
    }

    private void insert(String key, int hash, Piece value) {
        int mask = keys.length - 1;
        int slot = hash & mask;
        while (keys[slot] != null) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        values[slot] = value;
    }

    private void grow() {
        String[] oldKeys = keys;
        Piece[] oldValues = values;
        keys = new String[oldKeys.length * 2];
        values = new Piece[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                insert(oldKeys[i], hash(oldKeys[i], 0, oldKeys[i].length()), oldValues[i]);
            }
        }
    }
}
