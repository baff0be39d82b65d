package io.rynxs.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

/**
 * How to reach the S3 server of an {@code s3://} sink, from the {@code RYNXS_S3_*} keys; the bucket comes from
 * the sink's URI. Credentials are not here: the AWS SDK's default provider chain reads them itself
 * ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, profiles, web identity, instance role).
 *
 * @param endpoint {@code RYNXS_S3_ENDPOINT}: an http(s) URL for MinIO and other S3 servers; null for AWS
 * @param region {@code RYNXS_S3_REGION}, else {@code AWS_REGION}, else us-east-1: the signing region
 * @param pathStyle {@code RYNXS_S3_PATH_STYLE}: {@code http://host/bucket/key} requests (default true with an endpoint)
 * @param createBucket {@code RYNXS_S3_CREATE_BUCKET}: create the bucket at start if it does not exist (default false)
 */
public record S3Section(URI endpoint, String region, boolean pathStyle, boolean createBucket) {

    /** The S3 keys alone, for the commands that take a sink or a source ({@code --sink}, {@code --from}, {@code --to}). */
    public static S3Section load(Map<String, String> env) {
        return read(new Settings(Map.of(), env));
    }

    static S3Section read(Settings s) {
        URI endpoint = endpoint(s.raw("RYNXS_S3_ENDPOINT"));
        return new S3Section(
                endpoint,
                s.string("RYNXS_S3_REGION", s.string("AWS_REGION", "us-east-1")),
                s.bool("RYNXS_S3_PATH_STYLE", endpoint != null),
                s.bool("RYNXS_S3_CREATE_BUCKET", false));
    }

    private static URI endpoint(String v) {
        if (v == null) {
            return null;
        }
        try {
            URI u = new URI(v);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
                return u;
            }
        } catch (URISyntaxException ignored) {
            // reported below
        }
        throw new ConfigException("RYNXS_S3_ENDPOINT", v, "an http:// or https:// URL with a host, e.g. http://minio:9000");
    }
}
