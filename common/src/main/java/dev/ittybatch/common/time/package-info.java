/** The clock the components read, made once. */
package dev.ittybatch.common.time;
