package io.rynxs.shipping;

import java.net.URI;
import java.util.Map;

/**
 * How to reach an S3 bucket: endpoint override and path-style for MinIO and other S3 servers, region,
 * create-if-missing, and optional static credentials (otherwise the SDK's default provider chain).
 */
public record S3Settings(String bucket, URI endpoint, String region, boolean pathStyle, boolean createBucket,
                         String accessKeyId, String secretAccessKey) {
    public S3Settings {
        if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("S3 bucket \"" + bucket + "\" is not a valid bucket name (3-63 of a-z 0-9 . -)");
        }
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("RYNXS_S3_REGION is empty (e.g. us-east-1)");
        }
    }

    /** Settings from RYNXS_S3_ENDPOINT, RYNXS_S3_REGION (default us-east-1), RYNXS_S3_PATH_STYLE (default true with an endpoint), RYNXS_S3_CREATE_BUCKET. */
    public static S3Settings fromEnv(String bucket, Map<String, String> env) {
        String endpoint = blankToNull(env.get("RYNXS_S3_ENDPOINT"));
        String region = env.getOrDefault("RYNXS_S3_REGION", env.getOrDefault("AWS_REGION", "us-east-1"));
        boolean pathStyle = bool(env, "RYNXS_S3_PATH_STYLE", endpoint != null);
        boolean create = bool(env, "RYNXS_S3_CREATE_BUCKET", false);
        URI uri;
        try {
            uri = endpoint == null ? null : URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("RYNXS_S3_ENDPOINT \"" + endpoint + "\" is not a URI (e.g. http://minio:9000)");
        }
        return new S3Settings(bucket, uri, region, pathStyle, create, null, null);
    }

    public S3Settings withCredentials(String accessKeyId, String secretAccessKey) {
        return new S3Settings(bucket, endpoint, region, pathStyle, createBucket, accessKeyId, secretAccessKey);
    }

    public S3Settings withCreateBucket(boolean create) {
        return new S3Settings(bucket, endpoint, region, pathStyle, create, accessKeyId, secretAccessKey);
    }

    private static boolean bool(Map<String, String> env, String key, boolean dflt) {
        String v = blankToNull(env.get(key));
        if (v == null) {
            return dflt;
        }
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(key + " \"" + v + "\" is not true or false");
        }
        return Boolean.parseBoolean(v);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    @Override
    public String toString() {
        return "S3Settings[s3://" + bucket + ", endpoint=" + endpoint + ", region=" + region + ", pathStyle=" + pathStyle + "]";
    }
}
