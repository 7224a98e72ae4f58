/**
 * A Cloud Storage stand-in: buckets with a location, in memory or serving a local folder; the JSON
 * API google-cloud-storage calls (uploads, reads, lists, deletes) and V4 signed URL downloads
 * checked the way Cloud Storage checks them.
 */
package dev.ittybatch.local.gcs;
