#!/usr/bin/env bash
# run.sh: the feeds tier: RSS 2.0 and iCalendar feeds of the running stack, judged by
# feedparser, python3-icalendar, newsboat and rss-parser (npm), plus conditional GETs.
# Needs the FONTAINE_* environment of `./dev test` (FONTAINE_URL, FONTAINE_PGHOST, FONTAINE_DB,
# FONTAINE_VAR, FONTAINE_SRC). Exits non-zero when a check failed; prints a summary.
# (The C unit test tests/feed/test_ical runs with `make check`.)
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${FONTAINE_URL:?run from ./dev test (FONTAINE_URL unset)}"
: "${FONTAINE_PGHOST:?FONTAINE_PGHOST unset}"
: "${FONTAINE_VAR:?FONTAINE_VAR unset}"

py=/usr/bin/python3   # Debian's, with python3-feedparser and python3-icalendar
missing=""
$py -c 'import feedparser, icalendar' 2>/dev/null || missing="$missing python3-feedparser python3-icalendar"
command -v newsboat >/dev/null || missing="$missing newsboat"
if [ -n "$missing" ]; then
    echo "feeds: missing Debian packages:$missing (apt-get install -y$missing)" >&2
    exit 1
fi

out="$(mktemp -d /tmp/fontaine-feeds.XXXXXX)"
trap 'rm -rf "$out"' EXIT
export FEED_OUT="$out"
passed=0 failed=0 report=""
step() {
    local name="$1"; shift
    printf '\n---- %s\n' "$name"
    if "$@"; then passed=$((passed + 1)); report="$report $name:ok"
    else failed=$((failed + 1)); report="$report $name:FAILED"; fi
}

step feedparser+icalendar+304 "$py" "$here/test_feeds.py"
step network-feeds "$py" "$here/test_network_feeds.py"
if [ -s "$out/expected.json" ]; then
    step newsboat "$py" "$here/newsboat_check.py" "$out"
    if [ -d "$here/../node_modules/rss-parser" ]; then
        step rss-parser node "$here/rss_parser.mjs" "$out"
    else
        echo "rss-parser not installed: cd tests && npm ci" >&2
        failed=$((failed + 1)); report="$report rss-parser:FAILED"
    fi
else
    failed=$((failed + 1)); report="$report newsboat+rss-parser:FAILED(no saved feed)"
fi

printf '\nfeeds:%s\n%d passed, %d failed\n' "$report" "$passed" "$failed"
[ "$failed" = 0 ]
