/** Typed configuration from the environment, and the choice of results store. */
package dev.ittybatch.webhook.config;
