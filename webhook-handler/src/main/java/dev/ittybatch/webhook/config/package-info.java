/** Typed configuration from the environment: how deliveries are authenticated. */
package dev.ittybatch.webhook.config;
