/** The task endpoint and the retry contract with Cloud Tasks: which outcome gets which status. */
package dev.ittybatch.taskhandler.dispatch;
