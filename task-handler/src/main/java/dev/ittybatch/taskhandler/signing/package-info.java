/**
 * Turning an entry's path into a URL Ittybit can fetch: V4-signed for gs://, as is for https://.
 */
package dev.ittybatch.taskhandler.signing;
