package dev.ittybatch.local.bigquery;

import dev.ittybatch.local.gcs.StorageStandIn;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** Where load jobs read {@code gs://} objects: the storage stand-in, in process. */
public interface CloudStorageSource {

  /**
   * The object's bytes, read as {@code identity}: BigQuery reads a load's files with the caller's
   * own permissions (loading-data-cloud-storage-json, "Required permissions").
   */
  byte[] read(String identity, String bucket, String object)
      throws NoSuchFileException, AccessDeniedException, IOException;

  /** The bucket's location, or null when there is no such bucket. */
  String location(String bucket);

  static CloudStorageSource of(StorageStandIn storage) {
    return new CloudStorageSource() {
      @Override
      public byte[] read(String identity, String bucket, String object) throws IOException {
        return storage.readAs(identity, bucket, object);
      }

      @Override
      public String location(String bucket) {
        return storage.bucketLocation(bucket);
      }
    };
  }
}
