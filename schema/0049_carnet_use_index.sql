-- 0049_carnet_use_index: the uses of a carnet are found through the carnet, not by reading
-- every booking. portal_carnet_history() (the member's /compte), the data exports (0025,
-- 0043) and the erasure check (0017) join booking on formula_id, which had no index: each
-- /compte read the whole booking table (about 300 ms at a million bookings; the page timed
-- out under load with ten years of data). Partial: only carnet bookings carry a formula_id
-- (booking_carnet_has_formula), so a booking paid otherwise does not touch the index.

CREATE INDEX booking_formula ON booking (formula_id) WHERE formula_id IS NOT NULL;
