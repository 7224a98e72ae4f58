/** Ittybit's wire format: job requests and responses, and a tolerant webhook-event reader. */
package dev.ittybatch.common.ittybit;
