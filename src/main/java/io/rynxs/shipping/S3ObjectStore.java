package io.rynxs.shipping;

import io.rynxs.event.Sha256;
import io.rynxs.segment.ObjectStore;
import io.rynxs.segment.ObjectStoreException;
import io.rynxs.segment.PutResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An {@link ObjectStore} on an S3 bucket. Every PUT carries {@code If-None-Match: *} (the server refuses
 * to overwrite, 412) and a precomputed {@code x-amz-checksum-sha256} (the server refuses bytes that were
 * changed on the way). On 412 the existing object is read back and compared.
 */
public final class S3ObjectStore implements ObjectStore {
    /** Every object but the tiled log's checkpoint is written once: caches may keep it for good. */
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final S3Client s3;
    private final String bucket;

    public S3ObjectStore(S3Settings settings) {
        this.bucket = settings.bucket();
        AwsCredentialsProvider credentials = settings.accessKeyId() == null
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()));
        S3ClientBuilder b = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                // One plain body per PUT, not aws-chunked: with chunked bodies s3proxy (4.1.0) at times closed the
                // connection before the SDK had written the whole request; the SDK saw a broken pipe and retried a PUT
                // that had succeeded (412, then read back and compared here: 45 of the 303 PUTs of a 101-segment run).
                // Over https the payload is not signed, so this costs nothing; over http the SDK hashes the body once
                // instead of signing it chunk by chunk.
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                // The SHA-256 goes in as a header we computed; no SDK trailer checksums (not stored by every server).
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (settings.endpoint() != null) {
            b.endpointOverride(settings.endpoint());
        }
        this.s3 = b.build();
        if (settings.createBucket()) {
            createBucketIfMissing();
        }
    }

    @Override
    public PutResult putIfAbsent(String key, byte[] bytes, String sha256) {
        PutObjectRequest request = PutObjectRequest.builder().bucket(bucket).key(key)
                .ifNoneMatch("*")
                .checksumSHA256(Base64.getEncoder().encodeToString(Sha256.fromHex(sha256)))
                .contentLength((long) bytes.length)
                .cacheControl(IMMUTABLE)
                .build();
        try {
            s3.putObject(request, RequestBody.fromBytes(bytes));
            return PutResult.CREATED;
        } catch (S3Exception e) {
            // 412: the key exists. 409: a concurrent conditional write to the same key is in flight.
            if (e.statusCode() != 412 && e.statusCode() != 409) {
                throw failure("put", key, e);
            }
        } catch (SdkException e) {
            throw failure("put", key, e);
        }
        Optional<byte[]> existing = get(key);
        if (existing.isEmpty()) {
            throw new ObjectStoreException("put " + describe() + "/" + key + ": the server refused the write as existing,"
                    + " but the object cannot be read (retry)");
        }
        return Arrays.equals(existing.get(), bytes) ? PutResult.IDENTICAL_EXISTS : PutResult.CONFLICT;
    }

    /** A plain PUT (S3 replaces an object atomically), marked for short caching: tlog-tiles' checkpoint is mutable. */
    @Override
    public void replace(String key, byte[] bytes, String sha256) {
        PutObjectRequest request = PutObjectRequest.builder().bucket(bucket).key(key)
                .checksumSHA256(Base64.getEncoder().encodeToString(Sha256.fromHex(sha256)))
                .contentLength((long) bytes.length)
                .contentType("text/plain; charset=utf-8")
                .cacheControl("no-cache")
                .build();
        try {
            s3.putObject(request, RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw failure("put", key, e);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !(e instanceof NoSuchBucketException)) {
                return Optional.empty();
            }
            throw failure("get", key, e);
        } catch (SdkException e) {
            throw failure("get", key, e);
        }
    }

    @Override
    public boolean exists(String key) {
        try {
            s3.headObject(r -> r.bucket(bucket).key(key));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw failure("head", key, e);
        } catch (SdkException e) {
            throw failure("head", key, e);
        }
    }

    @Override
    public List<String> list(String prefix) {
        try {
            List<String> keys = new ArrayList<>();
            for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
                keys.add(o.key());
            }
            keys.sort(null);
            return keys;
        } catch (SdkException e) {
            throw failure("list", prefix, e);
        }
    }

    @Override
    public String describe() {
        return "s3://" + bucket;
    }

    @Override
    public void close() {
        s3.close();
    }

    private void createBucketIfMissing() {
        try {
            s3.headBucket(r -> r.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw failure("head bucket", "", e);
            }
            try {
                s3.createBucket(r -> r.bucket(bucket));
            } catch (SdkException c) {
                throw failure("create bucket", "", c);
            }
        } catch (SdkException e) {
            throw failure("head bucket", "", e);
        }
    }

    private ObjectStoreException failure(String op, String key, SdkException e) {
        String hint = e instanceof S3Exception s && s.statusCode() == 403 ? "check the credentials and the bucket policy"
                : e instanceof NoSuchBucketException ? "create the bucket, or set RYNXS_S3_CREATE_BUCKET=true"
                : "check RYNXS_S3_ENDPOINT and that the server is up; shipping retries";
        String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        return new ObjectStoreException(op + " " + describe() + "/" + key + ": " + what + " (" + hint + ")", e);
    }
}
