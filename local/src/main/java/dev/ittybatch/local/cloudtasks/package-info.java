/**
 * A Cloud Tasks v2 emulator: the gRPC API the real client calls, and HTTP dispatch with rate limits
 * and retries.
 */
package dev.ittybatch.local.cloudtasks;
