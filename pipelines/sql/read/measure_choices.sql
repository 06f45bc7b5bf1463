-- The measure choices in force (see pipelines/sql/store/measure_choices.sql); none in a store
-- made before they were kept.
SELECT layout, measure, measure_key, indicator_id, year_end
FROM measure_choices
ORDER BY layout, measure_key;
