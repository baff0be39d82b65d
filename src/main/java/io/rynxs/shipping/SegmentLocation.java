package io.rynxs.shipping;

import io.rynxs.config.S3Section;
import io.rynxs.segment.ObjectStore;
import io.rynxs.segment.SegmentLayout;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Where segments are read and written, from a URI: {@code s3://bucket/prefix/} (prefix default
 * {@code events/}; endpoint and region from the configuration's S3 keys, credentials from the SDK's default
 * chain) or {@code file:///dir/} or a plain directory path, which holds {@code segments/}, {@code manifests/}
 * and {@code checkpoints/} itself.
 */
public record SegmentLocation(ObjectStore store, SegmentLayout layout) implements AutoCloseable {

    /** Opens what the URI names; {@code s3} is used only for an {@code s3://} URI. */
    public static SegmentLocation open(String uri, S3Section s3) {
        if (uri.startsWith("s3://")) {
            URI u = parse(uri);
            if (u.getHost() == null) {
                throw new IllegalArgumentException("segment location \"" + uri + "\": no bucket (e.g. s3://my-bucket/events/)");
            }
            String path = u.getPath() == null ? "" : u.getPath().replaceFirst("^/+", "");
            String prefix = path.isEmpty() ? SegmentLayout.DEFAULT.prefix() : path.endsWith("/") ? path : path + "/";
            return new SegmentLocation(new S3ObjectStore(S3Settings.of(u.getHost(), s3)), new SegmentLayout(prefix));
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
