package io.rynxs.store;

import io.rynxs.event.CanonicalJson;
import io.rynxs.event.Event;
import io.rynxs.event.JsonLimits;
import io.rynxs.event.NewEvent;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The process {@link CrashDurabilityIT} kills: writer threads append in a loop and print {@code seq hash}
 * for each append only after {@code append()} returned, i.e. after the store acknowledged it as durable.
 * Each line goes out in one unbuffered write (shorter than PIPE_BUF, so it is atomic): the parent never
 * sees half an acknowledgement.
 */
public final class CrashChild {
    private static final String TEXT = "plain ascii, é, ✓, 日本語, 𝄞 and \"quotes\" \\ ";
    private static final FileOutputStream OUT = new FileOutputStream(FileDescriptor.out);

    private CrashChild() {}

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        int writers = Integer.parseInt(args[1]);
        EventStore store = EventStore.open(StoreOptions.of(db));
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Thread t = new Thread(() -> appendForever(store, writer), "crash-writer-" + w);
            t.setDaemon(true);
            t.start();
        }
        // Never the expected way out: the parent kills this process long before. The limit keeps an
        // orphan (parent gone) from running forever.
        Thread.sleep(120_000);
        System.exit(3);
    }

    private static void appendForever(EventStore store, int writer) {
        for (long i = 0; ; i++) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("writer", (long) writer);
            payload.put("i", i);
            payload.put("text", TEXT.repeat((int) ((i * 7 + writer * 13) % 40)));
            NewEvent e = new NewEvent(writer % 2 == 0 ? "AgentObserved" : "audit.ToolInvoked", "agent/crash/" + writer,
                    CanonicalJson.of(payload, JsonLimits.DEFAULT, "payload"), CanonicalJson.EMPTY);
            Event written = store.append(AppendRequest.of(e));
            ack(written);
        }
    }

    private static void ack(Event e) {
        byte[] line = (e.seq() + " " + e.hash() + "\n").getBytes(StandardCharsets.US_ASCII);
        synchronized (OUT) {
            try {
                OUT.write(line);
            } catch (IOException ex) {
                // The parent closed the pipe: nobody is listening any more.
                Runtime.getRuntime().halt(4);
            }
        }
    }
}
