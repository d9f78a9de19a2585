package io.smolforge.dataset.write;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Remembers 64-bit fingerprints (the head of SHA-256) of rows already written, in an open-addressing table:
 * 16 bytes per distinct row at most, so a million rows cost about 16 MiB. A false "duplicate" needs a 64-bit
 * collision, about one in 10^7 for ten million rows.
 */
public final class DuplicateFilter {
    private final MessageDigest sha256;
    private long[] table = new long[1 << 16];
    private boolean hasZero;
    private int size;

    public DuplicateFilter() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** True the first time these bytes are seen, false for a duplicate. */
    public boolean firstTime(byte[] row) {
        byte[] digest = sha256.digest(row);
        long fingerprint = 0;
        for (int i = 0; i < 8; i++) {
            fingerprint = (fingerprint << 8) | (digest[i] & 0xff);
        }
        return add(fingerprint);
    }

    public boolean firstTime(String row) {
        return firstTime(row.getBytes(StandardCharsets.UTF_8));
    }

    private boolean add(long fingerprint) {
        if (fingerprint == 0) {
            boolean first = !hasZero;
            hasZero = true;
            return first;
        }
        if (size * 2 >= table.length) {
            grow();
        }
        int mask = table.length - 1;
        for (int i = (int) (fingerprint ^ (fingerprint >>> 32)) & mask; ; i = (i + 1) & mask) {
            if (table[i] == 0) {
                table[i] = fingerprint;
                size++;
                return true;
            }
            if (table[i] == fingerprint) {
                return false;
            }
        }
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        size = 0;
        for (long fingerprint : old) {
            if (fingerprint != 0) {
                add(fingerprint);
            }
        }
    }
}
