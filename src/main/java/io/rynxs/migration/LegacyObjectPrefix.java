package io.rynxs.migration;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * rynxs-python's one-object-per-event layout read straight from an object store (its S3 prefix):
 * {@code <prefix><seq, 10 digits>.json}, one record per object, in the order of the seq in the keys;
 * each key's seq is checked against the record it holds, like {@link LegacyObjectDirectory}. Keys under
 * deeper "folders" and other names are ignored. The store itself sits behind {@link Objects}, so this
 * package stays free of any storage client.
 */
public final class LegacyObjectPrefix implements LegacySource {
    private static final Pattern OBJECT = Pattern.compile("\\d{10,}\\.json");

    /** The two calls this needs from a bucket. */
    public interface Objects {
        /** Every key starting with the prefix. */
        List<String> keys() throws IOException;

        /** An object's bytes; an I/O error if it is gone. */
        byte[] read(String key) throws IOException;
    }

    private final String name;
    private final String prefix;
    private final Objects objects;

    /**
     * @param name    what the user gave, e.g. {@code s3://bucket/events/} (recorded as the import's source)
     * @param prefix  the key prefix inside the bucket, empty or ending in '/'
     */
    public LegacyObjectPrefix(String name, String prefix, Objects objects) {
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("legacy objects at " + name + ": prefix \"" + prefix + "\" must end in '/'");
        }
        this.name = name;
        this.prefix = prefix;
        this.objects = objects;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<LegacyLine> read() throws IOException {
        List<String> keys = new ArrayList<>();
        for (String key : objects.keys()) {
            if (key.startsWith(prefix) && OBJECT.matcher(key.substring(prefix.length())).matches()) {
                keys.add(key);
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no <seq>.json objects under " + name
                    + " (rynxs-python wrote one object per event as <prefix>/0000000000.json; check the bucket and prefix)");
        }
        keys.sort(Comparator.comparingLong(this::seqOf));
        List<LegacyLine> lines = new ArrayList<>(keys.size());
        for (String key : keys) {
            byte[] bytes = objects.read(key);
            String text = LegacyLogFiles.decode(bytes, 0, bytes.length, key, 1);
            lines.add(new LegacyLine(key, 1, seqOf(key), text.strip()));
        }
        return lines;
    }

    private long seqOf(String key) {
        String file = key.substring(prefix.length());
        return Long.parseLong(file.substring(0, file.length() - ".json".length()));
    }
}
