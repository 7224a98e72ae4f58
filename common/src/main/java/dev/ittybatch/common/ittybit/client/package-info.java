/**
 * The HTTP client for Ittybit's {@code POST /jobs} and {@code GET /jobs/{id}}, shared by the task
 * handler (creating jobs) and the webhook handler (fetching the job a webhook names).
 */
package dev.ittybatch.common.ittybit.client;
