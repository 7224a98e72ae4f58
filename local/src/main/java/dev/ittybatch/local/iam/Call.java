package dev.ittybatch.local.iam;

/**
 * One permission a call to a stand-in needed, as Google's IAM would check it.
 *
 * @param identity the account the caller's token names (a service account email), or {@link
 *     Identities#ANONYMOUS} when the request carried none
 * @param method the API method, as Google's documentation names it ({@code
 *     bigquery.tabledata.insertAll}, {@code storage.objects.get}, {@code
 *     google.cloud.tasks.v2.CloudTasks.CreateTask}, {@code run.jobs.run})
 * @param permission the IAM permission it needs ({@code bigquery.tables.updateData})
 * @param resource the full name of what it acts on, in {@link Resources}' form
 * @param allowed what the policy answered
 */
public record Call(
    String identity, String method, String permission, String resource, boolean allowed) {}
