package io.rynxs.api;

import io.rynxs.store.LinePage;
import java.nio.charset.StandardCharsets;

/**
 * The body of a page of history, {@code {"events":[<line>,…],"next":<cursor or null>}}, copied once from
 * the UTF-8 lines SQLite assembled and joined, into an array of exactly the right size: a page is about 70 KB, and
 * going through a StringBuilder and back to bytes copied it four times.
 */
final class PageBody {
    private static final byte[] HEAD = "{\"events\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEXT = "],\"next\":".getBytes(StandardCharsets.US_ASCII);

    private PageBody() {}

    /** The first {@code count} lines of {@code page}; {@code next} is the JSON value of the next field: a quoted cursor or {@code null}. */
    static byte[] of(LinePage page, int count, String next) {
        byte[] tail = (next + "}").getBytes(StandardCharsets.UTF_8);
        int lines = page.lengthOf(count);
        byte[] body = new byte[HEAD.length + lines + NEXT.length + tail.length];
        int at = put(body, 0, HEAD);
        System.arraycopy(page.joined(), 0, body, at, lines);
        at = put(body, at + lines, NEXT);
        put(body, at, tail);
        return body;
    }

    private static int put(byte[] into, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, into, at, bytes.length);
        return at + bytes.length;
    }
}
