-- 0053_event_ends_index: the events not over yet are found through their end. The events
-- page (its upcoming list), the RSS feeds and the calendars ask for `ends_at >= now()` in
-- starts_at order: through event_space_starts that walked every event of the years from the
-- first (2,000 with ten years of a place's programme) to find the few to come, and the RSS
-- feed sorted them all (RSS uncached 4,076 req/s with the demo data, 302 at ten years, in
-- the same bench). With this index the upcoming ones are an index range, sorted among
-- themselves; the past ones are still read backwards along event_space_starts.

CREATE INDEX event_space_ends ON event (space_id, ends_at) WHERE status <> 'draft';
