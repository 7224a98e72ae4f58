/** Typed configuration from the environment, validated at startup. */
package dev.ittybatch.taskhandler.config;
