package dev.ittybatch.local.bigquery;

/**
 * What a statement runs with: who asked, by which API method, in which project, dataset and
 * location, with which parameters.
 *
 * @param defaultDataset the request's default dataset, or null
 * @param location the job's location
 */
record Context(
    String identity,
    String method,
    String project,
    String defaultDataset,
    String location,
    Parameters parameters) {}
