/** The webhook handler: Ittybit's completion callbacks in, one result row per outcome out. */
package dev.ittybatch.webhook;
