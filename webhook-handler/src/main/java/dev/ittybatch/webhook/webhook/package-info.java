/** {@code POST /webhook}: size limit, signature check, event reading, and the status mapping. */
package dev.ittybatch.webhook.webhook;
