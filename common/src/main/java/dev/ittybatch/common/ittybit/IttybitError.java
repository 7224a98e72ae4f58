package dev.ittybatch.common.ittybit;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Ittybit's error body, e.g. {@code {"kind": "format_unsupported", "message": "..."}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IttybitError(String kind, String message) {}
