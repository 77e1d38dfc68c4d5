package dev.gatehouse.dataplane.accesslog;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that writes JSON values by hand: strings escaped per RFC 8259 §7,
 * integers, fixed-point milliseconds and ISO-8601 UTC times, with no intermediate objects. One
 * instance per thread, reused for every line; output is pure ASCII.
 *
 * <p>Not thread-safe.
 */
final class JsonBuffer {

    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    /** Length of a quoted {@link #isoTime}: {@code "yyyy-mm-ddThh:mm:ss.mmmZ"}. */
    private static final int ISO_TIME_LENGTH = 26;
    /** "00" to "99", two bytes each. */
    private static final byte[] DIGIT_PAIRS = digitPairs();
    /** 10, 100, ... 10⁹: an int below the k-th bound has k + 1 digits. */
    private static final int[] DECIMAL_BOUNDS = {
        10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
    };

    private byte[] bytes = new byte[512];
    private int length;
    /**
     * The last {@link #isoTime} written, reused while the millisecond is the same: a busy proxy
     * logs many lines per millisecond, and the civil-date arithmetic is two dozen long divisions.
     */
    private long lastTimeMillis = Long.MIN_VALUE;
    private final byte[] lastTime = new byte[ISO_TIME_LENGTH];

    private static byte[] digitPairs() {
        byte[] pairs = new byte[200];
        for (int i = 0; i < 100; i++) {
            pairs[2 * i] = (byte) ('0' + i / 10);
            pairs[2 * i + 1] = (byte) ('0' + i % 10);
        }
        return pairs;
    }

    void reset() {
        length = 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    JsonBuffer raw(byte b) {
        ensure(1);
        bytes[length++] = b;
        return this;
    }

    /** Pre-encoded ASCII, e.g. {@code ,"status":}. */
    JsonBuffer raw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, length, b.length);
        length += b.length;
        return this;
    }

    JsonBuffer nul() {
        return raw(NULL);
    }

    /** A JSON string, or {@code null}. */
    JsonBuffer string(CharSequence s) {
        return s == null ? nul() : string(s, 0, s.length());
    }

    /**
     * {@code s[from, to)} as a JSON string. Quotes, backslashes and controls are escaped, and so is
     * everything outside printable ASCII ({@code \}{@code u00XX}): request lines and headers reach
     * here decoded byte by byte (ISO-8859-1), so this keeps every byte a client sent, and the
     * line stays valid UTF-8 whatever they were.
     */
    JsonBuffer string(CharSequence s, int from, int to) {
        raw((byte) '"');
        chars(s, from, to);
        return raw((byte) '"');
    }

    /** The escaped characters of {@code s[from, to)}, without quotes: to build a string in parts. */
    JsonBuffer chars(CharSequence s, int from, int to) {
        // Room for every character as one byte up front; an escape makes room for itself and
        // the rest again, so the common character needs no check of its own.
        ensure(to - from);
        byte[] b = bytes;
        int n = length;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                b[n++] = (byte) c;
            } else {
                length = n;
                escape(c, to - i - 1);
                b = bytes;
                n = length;
            }
        }
        length = n;
        return this;
    }

    /** Writes {@code c} escaped, with room for {@code rest} more bytes after it. */
    private void escape(char c, int rest) {
        ensure(6 + rest);
        bytes[length++] = '\\';
        switch (c) {
            case '"' -> bytes[length++] = '"';
            case '\\' -> bytes[length++] = '\\';
            case '\n' -> bytes[length++] = 'n';
            case '\r' -> bytes[length++] = 'r';
            case '\t' -> bytes[length++] = 't';
            default -> {
                bytes[length++] = 'u';
                bytes[length++] = HEX[(c >> 12) & 0xF];
                bytes[length++] = HEX[(c >> 8) & 0xF];
                bytes[length++] = HEX[(c >> 4) & 0xF];
                bytes[length++] = HEX[c & 0xF];
            }
        }
    }

    /** An integer in decimal. */
    JsonBuffer number(long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                return raw(Long.toString(v).getBytes(StandardCharsets.US_ASCII));
            }
            raw((byte) '-');
            v = -v;
        }
        if (v > Integer.MAX_VALUE) {
            // Beyond the int range (only body byte counts over 2 GiB): the high part, then nine digits.
            number(v / 1_000_000_000L);
            return digits(v % 1_000_000_000L, 9);
        }
        ensure(10);
        // Statuses, byte counts and milliseconds: int division, two digits per division, written
        // from the last digit back into their places (no reversal).
        int i = (int) v;
        int end = length + decimalLength(i);
        int p = end;
        byte[] b = bytes;
        while (i >= 100) {
            int q = i / 100;
            int r = (i - q * 100) << 1;
            b[--p] = DIGIT_PAIRS[r + 1];
            b[--p] = DIGIT_PAIRS[r];
            i = q;
        }
        if (i >= 10) {
            b[--p] = DIGIT_PAIRS[(i << 1) + 1];
            b[--p] = DIGIT_PAIRS[i << 1];
        } else {
            b[--p] = (byte) ('0' + i);
        }
        length = end;
        return this;
    }

    /** Decimal digits of {@code v >= 0}. */
    private static int decimalLength(int v) {
        int n = 1;
        for (int bound : DECIMAL_BOUNDS) {
            if (v < bound) {
                return n;
            }
            n++;
        }
        return n;
    }

    /** Nanoseconds as milliseconds with three decimals (microsecond resolution), e.g. {@code 12.345}. */
    JsonBuffer millis(long nanos) {
        long micros = Math.max(0, nanos) / 1000;
        number(micros / 1000);
        raw((byte) '.');
        return digits(micros % 1000, 3);
    }

    private JsonBuffer digits(long v, int width) {
        ensure(width);
        for (int i = width - 1; i >= 0; i--) {
            bytes[length + i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        length += width;
        return this;
    }

    /**
     * {@code epochMillis} as a quoted ISO-8601 UTC time with milliseconds, e.g.
     * {@code "2025-01-31T23:59:59.123Z"}. Civil date from days since the epoch by H. Hinnant's
     * algorithm ({@code days_from_civil} inverse), valid for the proleptic Gregorian calendar.
     */
    JsonBuffer isoTime(long epochMillis) {
        ensure(ISO_TIME_LENGTH);
        if (epochMillis == lastTimeMillis) {
            System.arraycopy(lastTime, 0, bytes, length, ISO_TIME_LENGTH);
            length += ISO_TIME_LENGTH;
            return this;
        }
        int start = length;
        formatIsoTime(epochMillis);
        System.arraycopy(bytes, start, lastTime, 0, ISO_TIME_LENGTH);
        lastTimeMillis = epochMillis;
        return this;
    }

    private void formatIsoTime(long epochMillis) {
        long days = Math.floorDiv(epochMillis, 86_400_000L);
        long msOfDay = Math.floorMod(epochMillis, 86_400_000L);
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long day = doy - (153 * mp + 2) / 5 + 1;
        long month = mp < 10 ? mp + 3 : mp - 9;
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        raw((byte) '"');
        digits(year, 4).raw((byte) '-').digits(month, 2).raw((byte) '-').digits(day, 2).raw((byte) 'T');
        digits(msOfDay / 3_600_000, 2).raw((byte) ':').digits(msOfDay / 60_000 % 60, 2).raw((byte) ':');
        digits(msOfDay / 1000 % 60, 2).raw((byte) '.').digits(msOfDay % 1000, 3);
        raw((byte) 'Z').raw((byte) '"');
    }
}
