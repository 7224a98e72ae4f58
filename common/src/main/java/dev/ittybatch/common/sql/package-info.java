/** The files of {@code sql/}, as every service reads them from its classpath. */
package dev.ittybatch.common.sql;
