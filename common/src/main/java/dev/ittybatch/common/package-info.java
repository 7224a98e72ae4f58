/** Code shared by the three services: manifest, identities, Ittybit wire format, results model. */
package dev.ittybatch.common;
