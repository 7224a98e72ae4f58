package dev.ittybatch.taskhandler.signing;

import com.google.auth.ServiceAccountSigner;
import com.google.cloud.BaseServiceException;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import dev.ittybatch.common.identity.GcsPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Turns an entry's path into the URL Ittybit fetches. {@code https://} inputs pass through; a
 * {@code gs://} object gets a V4 signed GET URL, signed as of the instant the task was enqueued so
 * that every attempt of the task produces the same URL.
 *
 * <p>On Cloud Run the runtime credentials hold no private key: URLs are signed through the IAM
 * signBlob API as the service's own account ({@link IamSigner}), which needs the IAM Service
 * Account Credentials API and {@code roles/iam.serviceAccountTokenCreator} granted to the account
 * on itself. Without them every entry would fail identically, so that failure is a setup error
 * naming the fix, retried until someone applies it, never 50,000 rejected rows.
 */
public class InputSigner implements AutoCloseable {

  private final Storage storage;
  private final Storage signing;
  private final AnchoredClock clock = new AnchoredClock();
  private final ServiceAccountSigner signer;
  private final Duration ttl;
  private final boolean checkExists;
  private final String hostName;

  /**
   * @param signer who signs: IAM's signBlob as the service's account in production and locally
   * @param ttl how long a URL is valid from the instant it is signed for
   */
  public InputSigner(
      Storage storage, ServiceAccountSigner signer, Duration ttl, boolean checkExists) {
    this(storage, signer, ttl, checkExists, null);
  }

  /**
   * @param hostName where the URLs point, with scheme ({@code http://127.0.0.1:4443}), or null for
   *     Cloud Storage itself. The client names in a signed URL the host of its settings without the
   *     port, so a stand-in's host is given here (it checks the URLs as Cloud Storage would).
   */
  public InputSigner(
      Storage storage,
      ServiceAccountSigner signer,
      Duration ttl,
      boolean checkExists,
      String hostName) {
    this.hostName = hostName == null || hostName.isBlank() ? null : hostName;
    this.storage = storage;
    // The same client settings, but a clock that can be anchored: V4 signing takes X-Goog-Date
    // from the client's clock and offers no per-call option for it.
    this.signing = storage.getOptions().toBuilder().setClock(clock).build().getService();
    this.signer = signer;
    this.ttl = ttl;
    this.checkExists = checkExists;
  }

  public Duration ttl() {
    return ttl;
  }

  /**
   * @param signedAt the instant the URL is signed for (the task's {@code enqueued_at})
   * @throws InputUnavailableException when the object does not exist or the path is unusable
   * @throws SigningSetupException when this service may not read or sign
   * @throws StorageUnavailableException when Cloud Storage could not answer the lookup
   */
  public String inputUrl(String path, Instant signedAt) {
    if (path.startsWith("https://")) {
      return path;
    }
    GcsPath gcs;
    try {
      gcs = GcsPath.parse(path);
    } catch (IllegalArgumentException e) {
      throw new InputUnavailableException("invalid_path", e.getMessage());
    }
    BlobId blob = BlobId.of(gcs.bucket(), gcs.object());
    if (checkExists) {
      requireExists(gcs, blob);
    }
    List<Storage.SignUrlOption> options = new ArrayList<>();
    options.add(Storage.SignUrlOption.withV4Signature());
    options.add(Storage.SignUrlOption.signWith(signer));
    if (hostName != null) {
      options.add(Storage.SignUrlOption.withHostName(hostName));
    }
    try {
      return clock.at(
          signedAt,
          () ->
              signing
                  .signUrl(
                      BlobInfo.newBuilder(blob).build(),
                      ttl.toSeconds(),
                      TimeUnit.SECONDS,
                      options.toArray(Storage.SignUrlOption[]::new))
                  .toString());
    } catch (ServiceAccountSigner.SigningException e) {
      throw new SigningSetupException(
          "cannot sign URLs: the IAM signBlob call failed ("
              + rootMessage(e)
              + "). Enable the IAM Service Account Credentials API and grant the task-handler's"
              + " service account roles/iam.serviceAccountTokenCreator on itself.",
          e);
    }
  }

  private void requireExists(GcsPath gcs, BlobId blob) {
    Blob found;
    try {
      found = storage.get(blob);
    } catch (StorageException e) {
      if (e.getCode() == 403 || e.getCode() == 401) {
        throw new SigningSetupException(
            "may not read "
                + gcs
                + " ("
                + e.getMessage()
                + "): grant the task-handler's service account roles/storage.objectViewer on"
                + " bucket "
                + gcs.bucket(),
            e);
      }
      if (e.getCode() == 404) {
        found = null;
      } else {
        throw unavailable(gcs, e);
      }
    } catch (BaseServiceException e) {
      throw unavailable(gcs, e);
    }
    if (found == null) {
      throw new InputUnavailableException("object_not_found", gcs + " does not exist");
    }
  }

  private static StorageUnavailableException unavailable(GcsPath gcs, BaseServiceException e) {
    return new StorageUnavailableException(
        "Cloud Storage could not look up "
            + gcs
            + " (HTTP "
            + e.getCode()
            + ": "
            + rootMessage(e)
            + ")",
        e);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  /** Closes the signer's client, when the signer has one (IAM's). */
  @Override
  public void close() throws Exception {
    if (signer instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }
}
