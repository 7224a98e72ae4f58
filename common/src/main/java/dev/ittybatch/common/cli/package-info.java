/** Command lines: usage written once, --help without an environment, one-line start-up failures. */
package dev.ittybatch.common.cli;
