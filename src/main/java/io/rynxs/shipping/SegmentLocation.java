package io.rynxs.shipping;

import io.rynxs.segment.ObjectStore;
import io.rynxs.segment.SegmentLayout;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where segments are read and written, from a URI: {@code s3://bucket/prefix/} (prefix default
 * {@code events/}; endpoint, region and credentials from the environment) or {@code file:///dir/} or a
 * plain directory path, which holds {@code segments/}, {@code manifests/} and {@code checkpoints/} itself.
 */
public record SegmentLocation(ObjectStore store, SegmentLayout layout) implements AutoCloseable {

    public static SegmentLocation open(String uri, Map<String, String> env) {
        if (uri.startsWith("s3://")) {
            URI u = parse(uri);
            if (u.getHost() == null) {
                throw new IllegalArgumentException("segment location \"" + uri + "\": no bucket (e.g. s3://my-bucket/events/)");
            }
            String path = u.getPath() == null ? "" : u.getPath().replaceFirst("^/+", "");
            String prefix = path.isEmpty() ? SegmentLayout.DEFAULT.prefix() : path.endsWith("/") ? path : path + "/";
            return new SegmentLocation(new S3ObjectStore(S3Settings.fromEnv(u.getHost(), env)), new SegmentLayout(prefix));
        }
        Path dir;
        if (uri.startsWith("file:")) {
            dir = Path.of(parse(uri));
        } else if (uri.contains("://")) {
            throw new IllegalArgumentException("segment location \"" + uri + "\": unsupported scheme (use s3://bucket/prefix/,"
                    + " file:///dir/ or a directory path)");
        } else {
            dir = Path.of(uri);
        }
        return new SegmentLocation(new LocalDirectoryObjectStore(dir), new SegmentLayout(""));
    }

    private static URI parse(String uri) {
        try {
            return new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("segment location \"" + uri + "\": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
