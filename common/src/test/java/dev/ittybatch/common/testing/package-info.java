/** Helpers the services' tests share through this module's test jar. */
package dev.ittybatch.common.testing;
