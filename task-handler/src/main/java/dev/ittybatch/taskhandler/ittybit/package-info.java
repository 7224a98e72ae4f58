/** The HTTP client for Ittybit's POST /jobs. */
package dev.ittybatch.taskhandler.ittybit;
