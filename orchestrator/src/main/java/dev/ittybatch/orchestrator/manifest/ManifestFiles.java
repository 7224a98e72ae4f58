package dev.ittybatch.orchestrator.manifest;

import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import dev.ittybatch.common.gcp.GoogleCloudProperties;
import dev.ittybatch.common.gcp.StorageClients;
import dev.ittybatch.common.identity.GcsPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Opens manifests and creates reports, in Cloud Storage ({@code gs://}) or on local disk. Cloud
 * Storage objects are streamed in chunks, never downloaded whole.
 */
@Component
public class ManifestFiles {

  private static final int CHUNK = 2 * 1024 * 1024;

  private final Supplier<Storage> storage;

  @Autowired
  public ManifestFiles(ObjectProvider<Storage> storage) {
    this.storage = storage::getObject;
  }

  private ManifestFiles(Supplier<Storage> storage) {
    this.storage = storage;
  }

  /**
   * Without Spring, for a run that only reads a manifest once (a dry run): a Cloud Storage client
   * is made only to open a gs:// location, with application-default credentials (read access to the
   * object is all it needs), or for {@code STORAGE_EMULATOR_HOST} as {@code EMULATOR_IDENTITY}.
   *
   * @param env the process's environment, read as every component reads it (none needed)
   */
  public static ManifestFiles standalone(Map<String, String> env) {
    return new ManifestFiles(
        () ->
            StorageClients.options(GoogleCloudProperties.fromEnvironment(env))
                .build()
                .getService());
  }

  /**
   * @throws ManifestUnavailableException when it does not exist or cannot be read
   */
  public InputStream open(String location) {
    if (location.startsWith(GcsPath.SCHEME)) {
      GcsPath path = gcsPath(location);
      try {
        Storage client = storage.get();
        if (client.get(BlobId.of(path.bucket(), path.object())) == null) {
          throw new ManifestUnavailableException(location + ": no such object");
        }
        ReadChannel channel = client.reader(BlobId.of(path.bucket(), path.object()));
        channel.setChunkSize(CHUNK);
        return Channels.newInputStream(channel);
      } catch (StorageException e) {
        throw new ManifestUnavailableException(location + ": " + e.getMessage(), e);
      }
    }
    try {
      return Files.newInputStream(Path.of(location));
    } catch (NoSuchFileException e) {
      throw new ManifestUnavailableException(location + ": no such file", e);
    } catch (IOException e) {
      throw new ManifestUnavailableException(location + ": " + e.getMessage(), e);
    }
  }

  /**
   * The Cloud Storage generation of a {@code gs://} manifest, recorded in the ledger so a later
   * reader can tell whether the file changed since; null for a local file.
   */
  public String generation(String location) {
    if (!location.startsWith(GcsPath.SCHEME)) {
      return null;
    }
    GcsPath path = gcsPath(location);
    try {
      Blob blob = storage.get().get(BlobId.of(path.bucket(), path.object()));
      return blob == null || blob.getGeneration() == null ? null : blob.getGeneration().toString();
    } catch (StorageException e) {
      throw new ManifestUnavailableException(location + ": " + e.getMessage(), e);
    }
  }

  /** Creates (or replaces) a report at {@code location}. */
  public OutputStream create(String location) {
    if (location.startsWith(GcsPath.SCHEME)) {
      GcsPath path = gcsPath(location);
      BlobInfo blob =
          BlobInfo.newBuilder(path.bucket(), path.object())
              .setContentType("application/x-ndjson")
              .build();
      try {
        return Channels.newOutputStream(storage.get().writer(blob));
      } catch (StorageException e) {
        throw new ManifestUnavailableException(location + ": " + e.getMessage(), e);
      }
    }
    try {
      Path file = Path.of(location);
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      return Files.newOutputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException(location + ": cannot write: " + e.getMessage(), e);
    }
  }

  private static GcsPath gcsPath(String location) {
    try {
      return GcsPath.parse(location);
    } catch (IllegalArgumentException e) {
      throw new ManifestUnavailableException(location + ": " + e.getMessage(), e);
    }
  }
}
