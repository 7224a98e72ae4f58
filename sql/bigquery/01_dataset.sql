-- The dataset that holds the results. Deploy substitutes the dataset name and location.
CREATE SCHEMA IF NOT EXISTS ittybatch
OPTIONS (description = 'ittybatch: one row per recorded outcome of each media file');
