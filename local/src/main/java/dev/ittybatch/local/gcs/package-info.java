/**
 * A Cloud Storage stand-in: a local folder served as buckets, with the JSON API object lookup the
 * task-handler makes and V4 signed URL downloads checked the way Cloud Storage checks them.
 */
package dev.ittybatch.local.gcs;
