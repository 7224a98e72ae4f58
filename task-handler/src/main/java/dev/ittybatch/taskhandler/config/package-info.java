/** Typed configuration from the environment, and what every feature shares (clock, clients). */
package dev.ittybatch.taskhandler.config;
