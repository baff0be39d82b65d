package io.rynxs.event;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one strict UTF-8 decoder for bytes that come from outside the program (request bodies, files,
 * objects in a sink). {@code new String(bytes, UTF_8)} would turn an ill-formed sequence into U+FFFD and
 * so log, hash and sign text the sender never sent; this refuses it and names the offset of its first
 * byte. Ill-formed is RFC 3629 / Unicode Table 3-7: stray continuation bytes, 0xC0, 0xC1 and 0xF5..0xFF,
 * truncated sequences, overlong forms, encoded surrogates and code points above U+10FFFF.
 */
public final class Utf8 {
    private Utf8() {}

    /** The text of all of {@code bytes}; {@code what} names them and {@code hint} says what to do, as in every error. */
    public static String decode(byte[] bytes, String what, String hint) {
        return decode(bytes, 0, bytes.length, what, hint);
    }

    /** The text of {@code bytes[from, to)}; an offset in the error counts from {@code from}. */
    public static String decode(byte[] bytes, int from, int to, String what, String hint) {
        int i = from;
        while (i < to && bytes[i] >= 0) {
            i++;
        }
        if (i == to) {
            // All ASCII, which is the common case (type, aggregate and most payloads), and valid as it is.
            return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
        // A UTF-8 byte yields at most one UTF-16 char (a four-byte sequence yields two), so this never overflows.
        CharBuffer out = CharBuffer.allocate(to - from);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isUnderflow()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            // The decoder stops at the start of the ill-formed sequence, a truncated one at the end included.
            int at = in.position();
            throw new InvalidUtf8Exception(what, at - from, bytes[at] & 0xff, hint);
        }
        if (!result.isUnderflow()) {
            throw new IllegalStateException("decode " + what + ": the UTF-8 decoder reported " + result + " (report a bug)");
        }
        return out.flip().toString();
    }
}
