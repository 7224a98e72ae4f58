/** HTTP clients, made one way. */
package dev.ittybatch.common.http;
