package dev.ittybatch.common.results;

import dev.ittybatch.common.identity.EntryIdentity;
import java.time.Instant;

/**
 * An outcome of an entry that no Ittybit job gave: reconciliation's {@code lost}, or the batch
 * user's {@code cancelled}.
 *
 * @param origin who decided it: {@link ResultRow#ORIGIN_RECONCILE} or {@link ResultRow#ORIGIN_USER}
 * @param at when it came to be: the entry's {@code completed_at}
 */
public record EntryVerdict(
    EntryIdentity identity,
    int generation,
    ResultStatus status,
    String errorKind,
    String errorMessage,
    String origin,
    Instant at) {}
