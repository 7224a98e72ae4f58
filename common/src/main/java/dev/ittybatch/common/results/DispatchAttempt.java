package dev.ittybatch.common.results;

import dev.ittybatch.common.identity.EntryIdentity;

/**
 * One Cloud Tasks attempt of the task handler at an entry: what every row that attempt writes says,
 * whatever its outcome ({@link DispatchOutcome}).
 *
 * @param attempt the Cloud Tasks attempt, 1-based
 * @param kind the media kind as the manifest names it
 * @param path the entry's input, {@code gs://bucket/object} or an {@code https://} URL
 */
public record DispatchAttempt(
    EntryIdentity identity, int generation, int attempt, String kind, String path) {}
