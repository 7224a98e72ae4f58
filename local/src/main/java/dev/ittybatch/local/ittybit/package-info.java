/** An Ittybit simulator: jobs, idempotency, faults on demand, signed webhook deliveries. */
package dev.ittybatch.local.ittybit;
