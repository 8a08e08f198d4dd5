package com.coachtrack.activities.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Keys are objects in one bucket of an S3-compatible server (MinIO, AWS S3, ...). Readers get a
 * downloaded copy in a local cache directory, kept under the key's path so that {@link #deleteAll}
 * can drop it by prefix; writers upload and then move their file into that cache, since whoever
 * stores a file (the PCM after decoding) is usually the next to read it.
 *
 * <p>Keys are written once and never overwritten in place, so a cached copy never goes stale. Every
 * failure of the server or the network is an {@link IOException}, which the activities report as a
 * retryable storage error.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(S3BlobStore.class);

  /**
   * Larger files go up in parts of this size. The JDK's HttpURLConnection holds a whole request
   * body in memory before sending it, so this bounds the memory an upload takes (S3's minimum part
   * size is 5 MiB).
   */
  static final long PART_SIZE = 16L * 1024 * 1024;

  /** The most keys one DeleteObjects request may name, and the most one listing page returns. */
  private static final int DELETE_BATCH = 1000;

  /** Keys per listing page in {@link #deleteAll}; smaller in tests to go through several pages. */
  int listPageSize = DELETE_BATCH;

  private final S3Client s3;
  private final String bucket;
  private final BlobCache cache;

  /**
   * Connects and creates the bucket when it is missing.
   *
   * @param endpoint the server, e.g. {@code http://minio:9000}; null or blank for AWS S3's own
   *     endpoints
   * @param region e.g. {@code us-east-1} (MinIO's default); null or blank for {@code us-east-1}
   * @param accessKey null or blank for the SDK's default credential chain (environment, instance
   *     profile, ...)
   * @param pathStyle {@code http://host/bucket/key} addressing rather than {@code
   *     http://bucket.host/key}: MinIO and most self-hosted servers need it
   * @param cacheDir where downloaded and uploaded copies are kept; created when missing
   */
  public S3BlobStore(
      URI endpoint,
      String region,
      String bucket,
      String accessKey,
      String secretKey,
      boolean pathStyle,
      Path cacheDir)
      throws IOException {
    this(
        client(endpoint, region, accessKey, secretKey, pathStyle),
        bucket,
        cacheDir,
        regionOf(region));
  }

  private S3BlobStore(S3Client s3, String bucket, Path cacheDir, Region region) throws IOException {
    if (bucket == null || bucket.isBlank()) {
      s3.close();
      throw new IllegalArgumentException("An S3 bucket name is required");
    }
    this.s3 = s3;
    this.bucket = bucket;
    try {
      this.cache = new BlobCache(cacheDir);
      ensureBucket(region);
    } catch (IOException | RuntimeException e) {
      s3.close();
      throw e;
    }
  }

  /**
   * A store on an S3-compatible server at {@code endpoint} with path-style addressing (what MinIO
   * needs); with a blank endpoint, AWS S3 itself with virtual-hosted addressing. Creates the bucket
   * when it is missing.
   */
  public static S3BlobStore connect(
      String endpoint,
      String region,
      String bucket,
      String accessKey,
      String secretKey,
      Path cacheDir)
      throws IOException {
    boolean custom = endpoint != null && !endpoint.isBlank();
    return new S3BlobStore(
        custom ? URI.create(endpoint.strip()) : null,
        region,
        bucket,
        accessKey,
        secretKey,
        custom,
        cacheDir);
  }

  private static Region regionOf(String region) {
    return Region.of(region == null || region.isBlank() ? "us-east-1" : region.strip());
  }

  private static S3Client client(
      URI endpoint, String region, String accessKey, String secretKey, boolean pathStyle) {
    AwsCredentialsProvider credentials =
        accessKey == null || accessKey.isBlank()
            ? DefaultCredentialsProvider.builder().build()
            : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClient(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofMinutes(2))
                    .build())
            .region(regionOf(region))
            .credentialsProvider(credentials)
            .forcePathStyle(pathStyle)
            // Self-hosted servers vary in the checksums they accept: send the ones S3 has always
            // required
            // (Content-MD5 on DeleteObjects) and no more. Over http the SigV4 signature covers the
            // payload.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .addPlugin(LegacyMd5Plugin.create());
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }

  private void ensureBucket(Region region) throws IOException {
    try {
      s3.headBucket(b -> b.bucket(bucket));
      return;
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw storageError("Bucket " + bucket + " is not accessible", e);
      }
    } catch (SdkException e) {
      throw storageError("Bucket " + bucket + " is not accessible", e);
    }
    try {
      CreateBucketRequest.Builder request = CreateBucketRequest.builder().bucket(bucket);
      if (!Region.US_EAST_1.equals(region)) {
        request.createBucketConfiguration(
            CreateBucketConfiguration.builder().locationConstraint(region.id()).build());
      }
      s3.createBucket(request.build());
      LOG.info("Created the S3 bucket {}", bucket);
    } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException e) {
      // Another process created it in between (BucketAlreadyExists: MinIO says so for its owner
      // too).
    } catch (SdkException e) {
      throw storageError("Could not create the bucket " + bucket, e);
    }
  }

  public String bucket() {
    return bucket;
  }

  /** Where local copies live; a directory for incoming uploads here makes {@link #put} a rename. */
  public Path cacheDir() {
    return cache.dir();
  }

  @Override
  public Path localCopy(String key) throws IOException {
    Path cached = cache.hit(key);
    if (cached != null) {
      return cached;
    }
    Path partial = cache.partialFor(key);
    try {
      try (ResponseInputStream<GetObjectResponse> in =
          s3.getObject(b -> b.bucket(bucket).key(key))) {
        long copied = Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        Long expected = in.response().contentLength();
        if (expected != null && expected != copied) {
          throw new IOException(
              "Download of " + key + " ended after " + copied + " of " + expected + " bytes");
        }
      } catch (S3Exception e) {
        if (e.statusCode() == 404) {
          NoSuchFileException missing =
              new NoSuchFileException(key, null, "no such object in bucket " + bucket);
          missing.initCause(e);
          throw missing;
        }
        throw storageError("Could not download " + key, e);
      } catch (SdkException e) {
        throw storageError("Could not download " + key, e);
      }
      return cache.adopt(partial, key);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  @Override
  public void put(String key, Path file) throws IOException {
    cache.path(key);
    long size = Files.size(file);
    try {
      if (size <= PART_SIZE) {
        s3.putObject(
            b -> b.bucket(bucket).key(key).contentLength(size), RequestBody.fromFile(file));
      } else {
        putInParts(key, file, size);
      }
    } catch (SdkException e) {
      throw storageError("Could not upload " + key, e);
    }
    cache.adopt(file, key);
  }

  private void putInParts(String key, Path file, long size) throws IOException {
    String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
    try {
      List<CompletedPart> parts = new ArrayList<>();
      int number = 1;
      for (long offset = 0; offset < size; offset += PART_SIZE, number++) {
        long length = Math.min(PART_SIZE, size - offset);
        long from = offset;
        int partNumber = number;
        String etag =
            s3.uploadPart(
                    b ->
                        b.bucket(bucket)
                            .key(key)
                            .uploadId(uploadId)
                            .partNumber(partNumber)
                            .contentLength(length),
                    RequestBody.fromContentProvider(
                        () -> FileSlice.open(file, from, length),
                        length,
                        "application/octet-stream"))
                .eTag();
        parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
      }
      s3.completeMultipartUpload(
          b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
    } catch (SdkException | UncheckedIOException e) {
      try {
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
      } catch (SdkException abortFailure) {
        e.addSuppressed(abortFailure);
      }
      if (e instanceof UncheckedIOException unchecked) {
        throw unchecked.getCause();
      }
      throw e;
    }
  }

  @Override
  public boolean exists(String key) throws IOException {
    cache.path(key);
    try {
      s3.headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw storageError("Could not look up " + key, e);
    } catch (SdkException e) {
      throw storageError("Could not look up " + key, e);
    }
  }

  @Override
  public void deleteAll(String prefix) throws IOException {
    cache.path(prefix);
    try {
      String token = null;
      do {
        ListObjectsV2Request.Builder list =
            ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).maxKeys(listPageSize);
        if (token != null) {
          list.continuationToken(token);
        }
        ListObjectsV2Response page = s3.listObjectsV2(list.build());
        List<ObjectIdentifier> keys =
            page.contents().stream()
                .map(S3Object::key)
                .map(k -> ObjectIdentifier.builder().key(k).build())
                .toList();
        for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
          List<ObjectIdentifier> batch =
              keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH));
          DeleteObjectsResponse deleted =
              s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(batch).quiet(true)));
          if (deleted.hasErrors() && !deleted.errors().isEmpty()) {
            var error = deleted.errors().get(0);
            throw new IOException(
                deleted.errors().size()
                    + " objects under "
                    + prefix
                    + " were not deleted, e.g. "
                    + error.key()
                    + ": "
                    + error.code()
                    + " "
                    + error.message());
          }
        }
        token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
      } while (token != null);
    } catch (SdkException e) {
      throw storageError("Could not delete " + prefix, e);
    }
    cache.deleteAll(prefix);
  }

  @Override
  public List<StoredFile> list(String prefix) throws IOException {
    cache.path(prefix);
    List<StoredFile> files = new ArrayList<>();
    try {
      String token = null;
      do {
        ListObjectsV2Request.Builder list =
            ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).maxKeys(listPageSize);
        if (token != null) {
          list.continuationToken(token);
        }
        ListObjectsV2Response page = s3.listObjectsV2(list.build());
        for (S3Object object : page.contents()) {
          files.add(new StoredFile(object.key(), object.lastModified()));
        }
        token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
      } while (token != null);
    } catch (SdkException e) {
      throw storageError("Could not list " + prefix, e);
    }
    return files;
  }

  /**
   * Drops local copies last used before {@code maxAge} ago (uploads and PCM of sessions this
   * process worked on); they are downloaded again if needed. Nothing else removes copies of
   * sessions whose cleanup ran elsewhere.
   *
   * @return how many files were deleted
   */
  public int pruneCache(Duration maxAge) throws IOException {
    return cache.prune(maxAge);
  }

  @Override
  public void close() {
    s3.close();
  }

  private static IOException storageError(String message, SdkException e) {
    return new IOException(message + " (bucket storage): " + e.getMessage(), e);
  }
}
