-- 0061_member_list_covering: the staff's member list (/admin/membres, cgi/admin/sql.c
-- members_search) reads its 200 people and each one's latest membership from the indexes
-- alone (issue 16: a page keeps its speed after ten years). With 5,000 people and ten years of
-- memberships, the list read the 200 people's rows (about 200 pages of person) and their
-- memberships (about 600 pages of membership) one by one: 1.9 ms with the demo data, 4.2 ms at
-- ten years. Both indexes now carry the columns the page shows (and, for membership, the
-- column of its row policy), so the scans are index-only once the pages are all-visible.

CREATE INDEX membership_person_latest_cover ON membership (person_id, ends_on DESC)
    INCLUDE (status, organisation_id) WHERE status <> 'cancelled';
DROP INDEX membership_person_latest;
ALTER INDEX membership_person_latest_cover RENAME TO membership_person_latest;

CREATE INDEX person_name_order_cover ON person (lower(last_name), lower(first_name), id)
    INCLUDE (first_name, last_name, email, company_name, profile, status, role);
DROP INDEX person_name_order;
ALTER INDEX person_name_order_cover RENAME TO person_name_order;
