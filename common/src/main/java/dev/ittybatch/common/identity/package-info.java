/** Stable identities (batch, entry, task name, idempotency key) that make re-runs safe. */
package dev.ittybatch.common.identity;
