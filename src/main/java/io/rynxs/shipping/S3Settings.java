package io.rynxs.shipping;

import io.rynxs.config.S3Section;
import java.net.URI;

/**
 * How to reach an S3 bucket: endpoint override and path-style for MinIO and other S3 servers, region,
 * create-if-missing ({@link S3Section}: the {@code RYNXS_S3_*} keys), and optional static credentials
 * (otherwise the SDK's default provider chain).
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

    /** The bucket of an {@code s3://} URI with the configuration's S3 keys; credentials from the SDK's default chain. */
    public static S3Settings of(String bucket, S3Section s3) {
        return new S3Settings(bucket, s3.endpoint(), s3.region(), s3.pathStyle(), s3.createBucket(), null, null);
    }

    public S3Settings withCredentials(String accessKeyId, String secretAccessKey) {
        return new S3Settings(bucket, endpoint, region, pathStyle, createBucket, accessKeyId, secretAccessKey);
    }

    public S3Settings withCreateBucket(boolean create) {
        return new S3Settings(bucket, endpoint, region, pathStyle, create, accessKeyId, secretAccessKey);
    }

    @Override
    public String toString() {
        return "S3Settings[s3://" + bucket + ", endpoint=" + endpoint + ", region=" + region + ", pathStyle=" + pathStyle + "]";
    }
}
