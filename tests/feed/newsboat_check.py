"""newsboat_check.py: newsboat (Debian) loads the events feed non-interactively
(`newsboat -x reload`) from the running stack and from the copy test_feeds.py saved; its cache
(sqlite) must hold the items feedparser found. Usage: newsboat_check.py DIR. Exits 1 on failure."""
import json
import os
import sqlite3
import subprocess
import sys

out = sys.argv[1]
expected = json.load(open(os.path.join(out, 'expected.json'), encoding='utf-8'))
failed = 0


def newsboat(url, name):
    home = os.path.join(out, f'newsboat-{name}')
    os.makedirs(home, exist_ok=True)
    urls, config, cache = (os.path.join(home, f) for f in ('urls', 'config', 'cache.db'))
    with open(urls, 'w') as f:
        f.write('"' + url + '"\n')  # quoted: an exec: command has spaces
    open(config, 'w').close()
    r = subprocess.run(['newsboat', '-C', config, '-u', urls, '-c', cache, '-x', 'reload'],
                       env={**os.environ, 'HOME': home}, capture_output=True, text=True, timeout=120)
    if r.returncode:
        raise RuntimeError(f'newsboat failed ({r.returncode}): {r.stderr}')
    db = sqlite3.connect(cache)
    feeds = db.execute('SELECT title FROM rss_feed').fetchall()
    items = db.execute('SELECT title, url, pubDate FROM rss_item').fetchall()
    db.close()
    return feeds, items


def check(cond, what):
    global failed
    print(('ok - ' if cond else 'not ok - ') + what)
    failed += not cond


# The saved copy: exactly the bytes feedparser read (exec: runs a command for the feed).
feeds, items = newsboat('exec:cat ' + os.path.join(out, 'evenements.rss'), 'copy')
check(feeds == [('La Fontaine : événements',)], f'newsboat reads the channel title ({feeds})')
check(sorted(i[0] for i in items) == sorted(expected['titles']), 'newsboat has every item title')
check(sorted(i[1] for i in items) == sorted(expected['links']), 'newsboat has every item link')
check(sorted(i[2] for i in items) == sorted(expected['dates']), 'newsboat has every pubDate')
check(expected['hostile'] in [i[0] for i in items], 'newsboat shows the hostile title without controls')
# Over HTTP from the stack.
feeds, items = newsboat(expected['url'], 'http')
check(feeds == [('La Fontaine : événements',)] and len(items) > 0,
      f'newsboat loads {expected["url"]} ({len(items)} items)')
sys.exit(1 if failed else 0)
