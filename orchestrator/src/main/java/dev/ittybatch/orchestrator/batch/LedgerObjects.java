package dev.ittybatch.orchestrator.batch;

import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import dev.ittybatch.common.identity.GcsPath;
import dev.ittybatch.common.results.ResultsStoreException;

/**
 * The ledger's objects in Cloud Storage, each created only if absent (ifGenerationMatch=0): the job
 * may create objects in its folder, never replace one (Storage Object Creator has no delete). The
 * files BigQuery loads the ledger from, and the claims that let one pass of several post a notice:
 * the first create of a name wins, every other answers 412.
 */
final class LedgerObjects {

  private final Storage storage;
  private final GcsPath folder;

  LedgerObjects(Storage storage, GcsPath folder) {
    this.storage = storage;
    this.folder = folder;
  }

  /** {@code gs://bucket/folder/} + the name. */
  String uri(String name) {
    return GcsPath.SCHEME + folder.bucket() + "/" + folder.object() + name;
  }

  /**
   * Writes a file once; a 412 means an earlier try of this very write made it, so it stands.
   *
   * @return its {@code gs://} URI
   */
  String write(String name, String contentType, byte[] content) {
    create(name, contentType, content);
    return uri(name);
  }

  /** A claim: true only for the one call that created it. */
  boolean claim(String batchId, String name) {
    return create(batchId + "/claims/" + name, "text/plain", new byte[0]);
  }

  private boolean create(String name, String contentType, byte[] content) {
    try {
      storage.create(
          BlobInfo.newBuilder(folder.bucket(), folder.object() + name)
              .setContentType(contentType)
              .build(),
          content,
          Storage.BlobTargetOption.doesNotExist());
      return true;
    } catch (StorageException e) {
      if (e.getCode() == 412) {
        return false;
      }
      throw new ResultsStoreException("cannot create " + uri(name) + ": " + e, e);
    }
  }
}
