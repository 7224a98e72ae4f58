/** Stand-ins for the cloud, so the whole pipeline runs on one machine through production code. */
package dev.ittybatch.local;
