/**
 * An IAM Service Account Credentials stand-in: {@code SignBlob} over gRPC, signing with a key it
 * keeps for each service account, checked against the run's grants and recorded in the call log.
 */
package dev.ittybatch.local.iamcredentials;
