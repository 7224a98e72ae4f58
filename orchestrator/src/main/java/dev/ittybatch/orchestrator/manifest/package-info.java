/** Reading manifests and writing rejects reports, in Cloud Storage or on local disk. */
package dev.ittybatch.orchestrator.manifest;
