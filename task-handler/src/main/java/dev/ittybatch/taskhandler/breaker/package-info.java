/**
 * The breaker for account-wide refusals: when the same refusal from Ittybit hits a batch's first
 * entries, or most of its recent ones, the batch's queue is paused, the refused tasks are kept, and
 * the reason is recorded, instead of every entry being recorded as its own fault.
 */
package dev.ittybatch.taskhandler.breaker;
