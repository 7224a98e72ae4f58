/** Where a local run's notices go: a receiver that takes them as a Slack incoming webhook does. */
package dev.ittybatch.local.notify;
