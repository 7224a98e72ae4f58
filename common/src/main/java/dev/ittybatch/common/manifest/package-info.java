/** Streaming JSONL manifest reader and the validation rules for each entry. */
package dev.ittybatch.common.manifest;
