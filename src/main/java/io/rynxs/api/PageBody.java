package io.rynxs.api;

import io.rynxs.store.EventLine;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The body of a page of history, {@code {"events":[<line>,…],"next":<cursor or null>}}, copied once from
 * the UTF-8 lines SQLite assembled into an array of exactly the right size: a page is about 70 KB, and
 * going through a StringBuilder and back to bytes copied it four times.
 */
final class PageBody {
    private static final byte[] HEAD = "{\"events\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEXT = "],\"next\":".getBytes(StandardCharsets.US_ASCII);

    private PageBody() {}

    /** {@code next} is the JSON value of the next field: a quoted cursor or {@code null}. */
    static byte[] of(List<EventLine> page, String next) {
        byte[] tail = (next + "}").getBytes(StandardCharsets.UTF_8);
        int size = HEAD.length + NEXT.length + tail.length + Math.max(0, page.size() - 1);
        for (EventLine line : page) {
            size += line.utf8().length;
        }
        byte[] body = new byte[size];
        int at = put(body, 0, HEAD);
        for (int i = 0; i < page.size(); i++) {
            if (i > 0) {
                body[at++] = ',';
            }
            at = put(body, at, page.get(i).utf8());
        }
        at = put(body, at, NEXT);
        put(body, at, tail);
        return body;
    }

    private static int put(byte[] into, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, into, at, bytes.length);
        return at + bytes.length;
    }
}
