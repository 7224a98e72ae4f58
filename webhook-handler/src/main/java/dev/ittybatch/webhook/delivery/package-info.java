/**
 * {@code POST /webhook}: size limit, signature and token checks, reading the hint, fetching the job
 * it names, and the status mapping.
 */
package dev.ittybatch.webhook.delivery;
