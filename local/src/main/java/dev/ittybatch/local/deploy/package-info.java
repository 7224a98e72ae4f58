/**
 * The deploy script's dry-run records read back as data: each printed command split into the words
 * bash would pass, list flags split as gcloud splits them, and the env file the script sources. The
 * IAM model ({@code dev.ittybatch.local.iam}) and the deploy rehearsal read the records through
 * these, never a re-typed copy.
 */
package dev.ittybatch.local.deploy;
