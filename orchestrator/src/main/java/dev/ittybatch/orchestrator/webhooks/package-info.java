/**
 * The webhook endpoint registered with Ittybit: found by its URL, or registered ({@code
 * --register-webhook}, which {@code deploy.sh setup} runs).
 */
package dev.ittybatch.orchestrator.webhooks;
