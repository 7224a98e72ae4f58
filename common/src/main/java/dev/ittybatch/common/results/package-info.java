/** The result row every outcome is recorded as, and the port that stores it. */
package dev.ittybatch.common.results;
