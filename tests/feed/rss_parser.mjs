// rss_parser.mjs: the npm rss-parser reads the feeds test_feeds.py saved in DIR and must agree
// with feedparser (DIR/expected.json): titles, links, guids, dates, categories; the empty
// category feed has no items. Usage: node rss_parser.mjs DIR. Exits 1 on a disagreement.
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import Parser from 'rss-parser';

const dir = process.argv[2];
const expected = JSON.parse(readFileSync(`${dir}/expected.json`, 'utf8'));
const parser = new Parser({ customFields: { item: ['content:encoded'] } });

const feed = await parser.parseString(readFileSync(`${dir}/evenements.rss`, 'utf8'));
assert.equal(feed.title, 'La Fontaine : événements');
assert.equal(feed.language, 'fr-FR');
assert.deepEqual(feed.items.map((i) => i.title), expected.titles, 'titles');
assert.deepEqual(feed.items.map((i) => i.link), expected.links, 'links');
assert.deepEqual(feed.items.map((i) => i.guid), expected.links, 'guids are the links');
assert.deepEqual(feed.items.map((i) => Date.parse(i.isoDate) / 1000), expected.dates, 'pubDates');
assert.deepEqual(feed.items.map((i) => i.categories), expected.categories, 'categories');
assert.ok(feed.items.some((i) => i.title === expected.hostile), 'the hostile title, controls removed');
assert.ok(feed.items.every((i) => i['content:encoded'] && i['content:encoded'].includes('<p>')), 'content:encoded');

const empty = await parser.parseString(readFileSync(`${dir}/empty.rss`, 'utf8'));
assert.equal(empty.items.length, 0, 'the empty feed has no items');
console.log(`rss-parser: ${feed.items.length} items agree with feedparser; empty feed ok`);
