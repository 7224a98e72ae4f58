/** Typed configuration from the environment, and the clients built from it. */
package dev.ittybatch.taskhandler.config;
