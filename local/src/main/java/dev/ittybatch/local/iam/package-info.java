/**
 * Who calls the stand-ins, and whether the grants a deployment makes would let them: every stand-in
 * that speaks a Google API names the caller from its bearer token, records each call as (identity,
 * method, permission, resource) and asks an {@link dev.ittybatch.local.iam.AccessPolicy} before it
 * answers, refusing as the real service would (403 in that service's error shape). {@link
 * dev.ittybatch.local.iam.GrantPolicy} is the policy a setup record's grants make, with the roles
 * and methods tables of {@code deploy/iam/}.
 */
package dev.ittybatch.local.iam;
