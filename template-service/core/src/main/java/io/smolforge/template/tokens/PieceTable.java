package io.smolforge.template.tokens;

import java.util.Arrays;

/**
 * An open-addressing map from text pieces to their tokens that looks pieces up by a range of a
 * larger char array, so the hot path allocates nothing. Not thread-safe (one per worker thread).
 */
final class PieceTable {

    /** Token ids with offsets relative to the start of the piece. */
    record Piece(int[] ids, int[] starts, int[] ends) {
    }

    private static final int MAX_SIZE = 1 << 20;

    private char[][] keys = new char[1 << 14][];
    private Piece[] values = new Piece[1 << 14];
    private int size;

    static int hash(char[] s, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + s[i];
        }
        return h ^ (h >>> 16);
    }

    Piece get(char[] s, int from, int to, int hash) {
        int mask = keys.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            char[] key = keys[slot];
            if (key == null) {
                return null;
            }
            if (Arrays.equals(key, 0, key.length, s, from, to)) {
                return values[slot];
            }
        }
    }

    /** Adds a piece; {@code key} holds exactly its chars. */
    void put(char[] key, int hash, Piece value) {
        if (size >= MAX_SIZE) {
            keys = new char[1 << 14][]; // a crude bound; the pieces worth keeping come back at once
            values = new Piece[1 << 14];
            size = 0;
        } else if (2 * (size + 1) > keys.length) {
            grow();
        }
        insert(key, hash, value);
        size++;
    }

    private void insert(char[] key, int hash, Piece value) {
        int mask = keys.length - 1;
        int slot = hash & mask;
        while (keys[slot] != null) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        values[slot] = value;
    }

    private void grow() {
        char[][] oldKeys = keys;
        Piece[] oldValues = values;
        keys = new char[oldKeys.length * 2][];
        values = new Piece[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                insert(oldKeys[i], hash(oldKeys[i], 0, oldKeys[i].length), oldValues[i]);
            }
        }
    }
}
