package dev.ittybatch.common.manifest;

import dev.ittybatch.common.identity.EntryId;
import dev.ittybatch.common.ittybit.MediaKind;
import tools.jackson.databind.node.ObjectNode;

/**
 * One validated manifest line. {@code options} is the object as written (unknown names kept), and
 * must not be modified: the entry id is a hash of it.
 */
public record ManifestEntry(long line, String path, MediaKind kind, ObjectNode options) {

  public EntryId entryId() {
    return EntryId.of(path, kind, options);
  }
}
