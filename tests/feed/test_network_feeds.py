"""test_network_feeds.py: the network's feeds (/reseau/evenements.rss and .ics, every space's
published events) beside a space's own feeds (/evenements.rss and .ics: that space's events
only), judged by feedparser and python3-icalendar. Inserts one event in La Fontaine (space 1)
and one in the demo's second space, La Grange, and deletes them at the end. Environment as
test_feeds.py."""
import datetime as dt
import os
import sys
import unittest
import uuid
import xml.etree.ElementTree as ET

import feedparser
import icalendar

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_feeds import URL, fetch, poll, psql  # noqa: E402

TAG = 'netfeed-' + uuid.uuid4().hex[:8]
YEAR = dt.date.today().year + 1
# key -> (space slug, title, place, local start, status)
EVENTS = {
    'agen': ('', 'Atelier du réseau à Agen', 'La Fontaine', dt.datetime(YEAR, 5, 12, 18, 0), 'published'),
    'grange': ('la-grange', 'Veillée numérique à La Grange', 'La Grange', dt.datetime(YEAR, 5, 13, 18, 0),
               'published'),
    'brouillon': ('la-grange', 'Brouillon de La Grange', 'La Grange', dt.datetime(YEAR, 5, 14, 18, 0), 'draft'),
}


def slug(key):
    return f'{TAG}-{key}'


def setUpModule():
    global GRANGE
    rows = psql("SELECT id FROM space WHERE slug = 'la-grange' AND active")
    if not rows:
        raise RuntimeError('the demo data has no second space la-grange (schema/demo/0030_second_space.sql)')
    GRANGE = rows[0][0]
    for key, (space, title, place, start, status) in EVENTS.items():
        # The row takes the connection's space (space_id DEFAULT fontaine_space()).
        psql("SELECT set_config('fontaine.space', :'space', false); "
             "INSERT INTO event (slug, title, summary, body_md, category, starts_at, ends_at, place_name, status) "
             "VALUES (:'slug', :'title', 'Résumé ' || :'slug', 'Texte.', 'atelier', "
             "(:'start')::timestamp AT TIME ZONE 'Europe/Paris', "
             "(:'start')::timestamp AT TIME ZONE 'Europe/Paris' + interval '2 hours', :'place', :'status')",
             space=GRANGE if space else '1', slug=slug(key), title=title, place=place,
             start=start.isoformat(), status=status)


def tearDownModule():
    psql("BEGIN; SET LOCAL session_replication_role = replica; "
         "DELETE FROM event WHERE slug LIKE :'tag' || '-%'; COMMIT;", tag=TAG)


def link(key):
    space = EVENTS[key][0]
    return f'{URL}/lieux/{space}/evenements/{slug(key)}' if space else f'{URL}/evenements/{slug(key)}'


def fresh(path, needle):
    """The feed at path once it has needle (nginx keeps a copy for a second)."""
    return poll(lambda: (lambda r: r if needle.encode() in r[2] else None)(fetch(path))) or fetch(path)


class NetworkRss(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.status, cls.headers, cls.body = fresh('/reseau/evenements.rss', slug('grange'))
        cls.feed = feedparser.parse(cls.body)
        cls.entries = {e.link: e for e in cls.feed.entries}

    def test_feedparser_reads_it_without_complaint(self):
        self.assertEqual(self.status, 200)
        self.assertEqual(self.headers['content-type'], 'application/rss+xml; charset=utf-8')
        self.assertEqual(self.feed.bozo, 0, getattr(self.feed, 'bozo_exception', ''))
        self.assertEqual(self.feed.version, 'rss20')
        self.assertEqual(self.feed.feed.title, 'Le réseau : événements de tous les lieux')
        self.assertEqual(self.feed.feed.link, URL + '/reseau')
        self.assertIn({'href': URL + '/reseau/evenements.rss', 'rel': 'self', 'type': 'application/rss+xml'},
                      [dict(l) for l in self.feed.feed.links])
        ET.fromstring(self.body)

    def test_every_space_with_its_place(self):
        agen, grange = self.entries.get(link('agen')), self.entries.get(link('grange'))
        self.assertIsNotNone(agen, 'the event of La Fontaine, at its address on the shared host')
        self.assertIsNotNone(grange, 'the event of La Grange, under /lieux/la-grange/')
        self.assertEqual(grange.title, EVENTS['grange'][1])
        self.assertIn('La Grange, 5 place du Marché, 47200 Marmande', grange.summary, 'the place is its space')
        self.assertIn('La Fontaine, ', agen.summary)
        self.assertNotIn('Marmande', agen.summary)

    def test_draft_absent(self):
        self.assertNotIn(link('brouillon'), self.entries)
        self.assertNotIn(b'Brouillon de La Grange', self.body)

    def test_conditional_get(self):
        status, headers, _ = fetch('/reseau/evenements.rss',
                                   {'If-Modified-Since': self.headers['last-modified']})
        self.assertEqual(status, 304)


class NetworkIcs(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.status, cls.headers, cls.body = fresh('/reseau/evenements.ics', slug('grange'))
        cls.cal = icalendar.Calendar.from_ical(cls.body)
        cls.events = {str(v['URL']): v for v in cls.cal.walk('VEVENT')}

    def test_calendar(self):
        self.assertEqual(self.status, 200)
        self.assertEqual(self.headers['content-type'], 'text/calendar; charset=utf-8')
        self.assertEqual(self.headers['content-disposition'], 'inline; filename="reseau-evenements.ics"')
        self.assertEqual(str(self.cal['X-WR-CALNAME']), 'Le réseau : événements de tous les lieux')

    def test_every_space_with_its_place(self):
        grange = self.events.get(link('grange'))
        self.assertIsNotNone(grange)
        self.assertIn(link('agen'), self.events)
        self.assertEqual(str(grange['LOCATION']), 'La Grange, 5 place du Marché, 47200 Marmande')
        start = grange.decoded('DTSTART')
        self.assertEqual(start.astimezone(dt.timezone.utc),
                         EVENTS['grange'][3].replace(tzinfo=__import__('zoneinfo').ZoneInfo('Europe/Paris'))
                         .astimezone(dt.timezone.utc))
        self.assertNotIn(link('brouillon'), self.events)


class SpaceFeedsStayTheirs(unittest.TestCase):
    """A space's own feeds carry its events only (row-level security on event)."""

    def test_rss_of_la_fontaine(self):
        _, _, body = fresh('/evenements.rss', slug('agen'))
        f = feedparser.parse(body)
        self.assertEqual(f.bozo, 0)
        links = {e.link for e in f.entries}
        self.assertIn(link('agen'), links)
        self.assertFalse([l for l in links if slug('grange') in l], 'no event of La Grange')
        self.assertNotIn(b'Marmande', body)

    def test_ics_of_la_fontaine(self):
        _, _, body = fresh('/evenements.ics', slug('agen'))
        cal = icalendar.Calendar.from_ical(body)
        uids = [str(v['URL']) for v in cal.walk('VEVENT')]
        self.assertIn(link('agen'), uids)
        self.assertFalse([u for u in uids if slug('grange') in u])

    def test_one_event_of_another_space_is_not_found(self):
        status, _, _ = fetch(f'/evenements/{slug("grange")}.ics')
        self.assertEqual(status, 404, 'La Grange\'s event is not La Fontaine\'s')


if __name__ == '__main__':
    unittest.main(verbosity=2)
