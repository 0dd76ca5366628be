-- The public events program counts seats: it may read which registrations are confirmed or
-- waiting for an event, and nothing else about them.
GRANT SELECT (event_id, status) ON registration TO fontaine_events;
