/** JSON log lines in the shape Cloud Logging understands. */
package dev.ittybatch.common.logging;
