/* libsql.c: the SQL of the shared library: layout details and sessions. */
#include "http.h"

const struct db_stmt lib_stmts[LIB__MAX] = {
	/* The worker's snapshot of the spaces (cgi/lib/space.c): read by enum space_col. */
	[LIB_ORG] = {"lib_org",
		"SELECT id, organisation_id, slug, name, legal_name, street, postcode, city, email, "
		"phone, host, is_default, active FROM space_directory()",
		0, true},
	/* '' is the default space (fontaine_space()); a change of space ends any network scope. */
	[LIB_SPACE_SET] = {"lib_space_set",
		"SELECT set_config('fontaine.space', $1, false), set_config('fontaine.scope', '', false)",
		1, true},
	[LIB_SCOPE_NETWORK] = {"lib_scope_network",
		"SELECT set_config('fontaine.scope', 'network', false)", 0, true},
	[LIB_SESSION_TOUCH] = {"lib_session_touch",
		"SELECT session_id, person_id, role, first_name, last_name, email, "
		"person_spaces(person_id) AS spaces FROM session_touch($1::bytea)", 1, true},
	[LIB_SESSION_OPEN] = {"lib_session_open",
		"SELECT session_open($1::bigint, $2::bytea, $3, $4::inet)", 4, false},
	[LIB_SESSION_CLOSE] = {"lib_session_close", "SELECT session_close($1::bytea)", 1, true},
	[LIB_SESSION_CLOSE_ALL] = {"lib_session_close_all", "SELECT session_close_all($1::bytea)",
		1, true},
	/* The staff member acting on this connection (fontaine.actor, read by the audit triggers
	 * of schema/0025_directory.sql), for the whole session of the connection; '' for none. */
	[LIB_SESSION_ACTOR] = {"lib_session_actor",
		"SELECT set_config('fontaine.actor', $1, false)", 1, false},
	/* The shared data's version (schema/0041) and whether it differs from $1, the version the
	 * worker knows: then (only then) with every space as LIB_ORG gives them, one a row (read
	 * by space.c's enum version_col). */
	[LIB_DATA_VERSION] = {"lib_data_version",
		/* (the sub-select makes the test a one-time filter: space_directory() does not run
		 * when the version has not moved) */
		"SELECT v.version <> $1::bigint, v.version, d.* FROM shared_data_version v "
		"LEFT JOIN (SELECT id, organisation_id, slug, name, legal_name, street, postcode, "
		"city, email, phone, host, is_default, active FROM space_directory() "
		"WHERE (SELECT version FROM shared_data_version) <> $1::bigint) d ON true", 1, true},
};
