package io.rynxs.shipping;

import io.rynxs.segment.ObjectStore;
import io.rynxs.segment.SegmentLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** One fresh place to ship to, on the S3 server or in a directory, plus raw access that bypasses write-once (the attacker's). */
abstract class Bucket implements AutoCloseable {
    final SegmentLayout layout = SegmentLayout.DEFAULT;

    abstract ObjectStore open();

    /** The CLI location URI and what it calls the layout prefix. */
    abstract String uri();

    abstract void overwrite(String key, byte[] bytes);

    abstract void delete(String key);

    @Override
    public void close() {}

    static Bucket create(String kind, S3ProxyServer server, Path dir) {
        return kind.equals("s3") ? new S3(server) : new Local(dir.resolve("bucket-" + UUID.randomUUID()));
    }

    static final class S3 extends Bucket {
        final S3ProxyServer server;
        final String name = "b" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        final S3Client raw;

        S3(S3ProxyServer server) {
            this.server = server;
            this.raw = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                    .endpointOverride(server.endpoint()).forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
                    .build();
        }

        @Override
        ObjectStore open() {
            return new S3ObjectStore(server.settings(name));
        }

        @Override
        String uri() {
            return "s3://" + name + "/" + layout.prefix();
        }

        @Override
        void overwrite(String key, byte[] bytes) {
            raw.putObject(r -> r.bucket(name).key(key), RequestBody.fromBytes(bytes));
        }

        @Override
        void delete(String key) {
            raw.deleteObject(r -> r.bucket(name).key(key));
        }

        @Override
        public void close() {
            raw.close();
        }

        @Override
        public String toString() {
            return "s3";
        }
    }

    static final class Local extends Bucket {
        final Path dir;

        Local(Path dir) {
            this.dir = dir;
        }

        @Override
        ObjectStore open() {
            return new LocalDirectoryObjectStore(dir);
        }

        @Override
        String uri() {
            return dir.resolve(layout.prefix()).toUri().toString();
        }

        @Override
        void overwrite(String key, byte[] bytes) {
            try {
                Files.write(dir.resolve(key), bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        void delete(String key) {
            try {
                Files.delete(dir.resolve(key));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return "local";
        }
    }
}
