#!/usr/bin/env bash
# The inspector's report in a real browser.
#
# Scans the bundled sample archive (every record, with texts) making its report as the
# README shows (`netral scan --report`), and makes the report of the scan's output with
# `netral report` too; loads each page in headless Chromium, and checks the DOM the browser
# built after running the page's script: account rows, highlighted evidence, the charts, the
# filters' count written by the script, and no JavaScript error (neither in the page's own
# error list nor on the browser's console). Saves a screenshot of the first page as
# target/report-screenshot.png for a person to look at.
#
# Installs Debian's `chromium` package when it is missing (as root, as CI runs).
# Usage: scripts/report_browser_test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "chromium is not installed; as root: apt-get install chromium" >&2
        exit 1
    fi
    echo "== installing Debian's chromium"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
chromium --version

cargo build --quiet --bin netral
netral=target/debug/netral
work=target/report-browser
rm -rf "$work"
mkdir -p "$work"
"$netral" scan --all --with-text -o "$work/sample.jsonl" --report "$work/sample.html" \
    examples/data/archive-sample.jsonl
"$netral" report "$work/sample.jsonl" -o "$work/read.html"

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile"
    --virtual-time-budget=5000 --enable-logging=stderr --v=0)
for name in sample read; do
page="file://$PWD/$work/$name.html"
# Chromium prints harmless complaints (no D-Bus in a container) on its error stream; only
# console messages from the page matter, and the checker below picks those out.
chromium "${flags[@]}" --dump-dom "$page" >"$work/$name.dom.html" 2>"$work/$name.chromium.log"
if [ "$name" = sample ]; then
    chromium "${flags[@]}" --window-size=1280,2000 --hide-scrollbars \
        --screenshot=target/report-screenshot.png "$page" >/dev/null 2>>"$work/$name.chromium.log"
    test -s target/report-screenshot.png
fi

python3 - "$work/$name.dom.html" "$work/$name.chromium.log" "$work/$name.html" <<'PY'
import re
import sys
from html.parser import HTMLParser

dom_path, log_path, source_path = sys.argv[1:4]


class Dom(HTMLParser):
    """Counts what the check needs from the DOM as the browser serialised it."""

    def __init__(self):
        super().__init__()
        self.author_rows = 0
        self.marks = 0
        self.charts = 0
        self.chart_shapes = 0
        self.in_chart = 0
        self.ready = False
        self.errors_text = ""
        self.in_errors = False
        self.count_text = ""
        self.in_count = False
        self.external = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "tr" and "author" in classes:
            self.author_rows += 1
        if tag == "mark":
            self.marks += 1
        if tag == "svg" and "chart" in classes:
            self.charts += 1
            self.in_chart += 1
        if tag == "rect" and self.in_chart:
            self.chart_shapes += 1
        if tag == "body" and a.get("data-ready") == "1":
            self.ready = True
        if a.get("id") == "js-errors":
            self.in_errors = True
        if a.get("id") == "f-count":
            self.in_count = True
        if tag in ("link", "img", "iframe", "object", "embed") or (tag == "script" and a.get("src")):
            self.external.append(tag)

    def handle_endtag(self, tag):
        if tag == "svg" and self.in_chart:
            self.in_chart -= 1
        if tag == "div":
            self.in_errors = False
        if tag == "output":
            self.in_count = False

    def handle_data(self, data):
        if self.in_errors:
            self.errors_text += data
        if self.in_count:
            self.count_text += data


dom = Dom()
with open(dom_path, encoding="utf-8") as f:
    dom.feed(f.read())
with open(log_path, encoding="utf-8", errors="replace") as f:
    console = [l.strip() for l in f if "CONSOLE" in l or "Uncaught" in l]
with open(source_path, encoding="utf-8") as f:
    source = f.read()

failures = []
if dom.author_rows < 10:
    failures.append(f"account rows: {dom.author_rows}, expected at least 10")
if dom.marks < 39:
    failures.append(f"highlighted spans: {dom.marks}, expected at least 39")
if dom.charts != 4 or dom.chart_shapes < 20:
    failures.append(f"charts: {dom.charts} with {dom.chart_shapes} shapes")
if not dom.ready:
    failures.append("the page's script did not finish (no data-ready on <body>)")
if not re.match(r"^\d+ akun ditampilkan$", dom.count_text.strip()):
    failures.append(f"the filters' count was not written: {dom.count_text!r}")
if dom.errors_text.strip():
    failures.append(f"JavaScript errors on the page: {dom.errors_text.strip()}")
errors = [l for l in console if "Uncaught" in l or ":ERROR:CONSOLE" in l]
if errors:
    failures.append("JavaScript errors on the console:\n  " + "\n  ".join(errors))
if dom.external:
    failures.append(f"elements that load from elsewhere: {dom.external}")
if re.search(r"@import|url\(", source):
    failures.append("the style sheet loads from elsewhere")

print(f"{source_path}: {dom.author_rows} account rows, {dom.marks} highlights, "
      f"{dom.charts} charts ({dom.chart_shapes} shapes), filters say {dom.count_text.strip()!r}, "
      f"{len(console)} console messages")
if failures:
    print("FAILED:\n- " + "\n- ".join(failures), file=sys.stderr)
    sys.exit(1)
print("browser check passed")
PY
done
echo "screenshot: target/report-screenshot.png"
