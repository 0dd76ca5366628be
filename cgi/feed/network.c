/* network.c: the network's feeds, /reseau/evenements.rss and /reseau/evenements.ics: the
 * published events of every active space, each placed in its space. Read in network scope;
 * a space's own feeds (/evenements.rss) stay its events only (row-level security). */
#include "feed.h"

int feed_network_load(struct request *req, int id, struct feed *f)
{
	/* Every space's events for this request (the library ends the scope after it). */
	int status = space_network_scope(req);
	if (status)
		return status;
	status = feed_load(req, id, NULL, f);
	if (status)
		return status;
	f->org_name = "Le réseau";
	f->org_address = "";
	return 0;
}

int page_network_rss(struct request *req)
{
	struct feed f;
	int status = feed_network_load(req, SQL_NET_FEED_EVENTS, &f);
	if (status)
		return status;
	req->resp.cache = CACHE_PUBLIC;
	if (resp_last_modified(req, f.last_modified))
		return 0;
	return feed_write_rss(req, &f, "Le réseau : événements de tous les lieux",
			      "Ateliers, afterworks, conférences et portes ouvertes de tous les lieux "
			      "du réseau.", "/reseau/evenements.rss", "/reseau");
}

int page_network_ics(struct request *req)
{
	struct feed f;
	int status = feed_network_load(req, SQL_NET_CALENDAR_EVENTS, &f);
	if (status)
		return status;
	req->resp.cache = CACHE_PUBLIC;
	if (resp_last_modified(req, f.last_modified))
		return 0;
	return feed_write_ics(req, &f, "Le réseau : événements de tous les lieux",
			      "reseau-evenements.ics");
}
