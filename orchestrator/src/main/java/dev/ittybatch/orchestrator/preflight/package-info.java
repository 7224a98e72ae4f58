/**
 * The preflight: before a big batch, whether this account's Ittybit takes what is sent, the whole
 * way, with each step printed OK or FAILED and the fix.
 */
package dev.ittybatch.orchestrator.preflight;
