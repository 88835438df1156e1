#!/usr/bin/env python3
"""Checks a DOM that headless Chromium rendered (from --dump-dom) for scripts/check-html.sh.

Fails when a chart is empty: every <svg> must have a non-empty <title> and a <g class="marks">
holding at least one drawable element. Without --allow-scripts it also fails on any <script>
element or on* event attribute, since sonde's reports never contain either. With --expect-text,
the given text must appear in the page's visible text (so an escaped name shows as text).
"""
import argparse
import sys
from html.parser import HTMLParser

DRAWABLE = {"path", "rect", "line", "circle", "ellipse", "polyline", "polygon"}


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []          # open elements: (tag, is_marks)
        self.charts = []         # per top-level <svg>: {"title": str, "marks": int or None}
        self.scripts = 0
        self.handlers = []
        self.text = []
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.handlers += [f"{tag} {k}" for k in attrs if k.lower().startswith("on")]
        if tag == "script":
            self.scripts += 1
        in_svg = any(t == "svg" for t, _ in self.stack)
        if tag == "svg" and not in_svg:
            self.charts.append({"title": "", "marks": None})
        is_marks = tag == "g" and "marks" in (attrs.get("class") or "").split()
        if is_marks and self.charts and self.charts[-1]["marks"] is None:
            self.charts[-1]["marks"] = 0
        if tag in DRAWABLE and any(m for _, m in self.stack) and self.charts:
            self.charts[-1]["marks"] += 1
        self.in_title = tag == "title" and self.stack and self.stack[-1][0] == "svg"
        if tag not in DRAWABLE or not self.get_starttag_text().endswith("/>"):
            self.stack.append((tag, is_marks))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break
        self.in_title = False

    def handle_data(self, data):
        if self.in_title and self.charts:
            self.charts[-1]["title"] += data
        if not any(t in ("style", "script", "title") for t, _ in self.stack):
            self.text.append(data)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dom")
    parser.add_argument("--allow-scripts", action="store_true")
    parser.add_argument("--expect-text", action="append", default=[])
    parser.add_argument("--min-charts", type=int, default=1)
    parser.add_argument("--scripts-only", action="store_true",
                        help="only look for scripts: run on the file before rendering, since a script may hang Chromium")
    args = parser.parse_args()
    page = Page()
    with open(args.dom, encoding="utf-8") as f:
        page.feed(f.read())
    problems = []
    if args.scripts_only:
        args.expect_text = []
        args.min_charts = 0
        page.charts = []
    if len(page.charts) < args.min_charts:
        problems.append(f"{len(page.charts)} charts rendered, expected at least {args.min_charts}")
    for i, chart in enumerate(page.charts, 1):
        name = chart["title"].strip() or f"chart {i}"
        if not chart["title"].strip():
            problems.append(f"chart {i} has no <title>")
        if chart["marks"] is None:
            problems.append(f"empty chart: '{name}' has no <g class=\"marks\">")
        elif chart["marks"] == 0:
            problems.append(f"empty chart: '{name}' draws nothing in its marks group")
    if not args.allow_scripts:
        if page.scripts:
            problems.append(f"{page.scripts} <script> element(s) in the rendered page")
        if page.handlers:
            problems.append("event-handler attributes in the rendered page: " + ", ".join(page.handlers[:5]))
    text = " ".join("".join(page.text).split())
    for wanted in args.expect_text:
        if wanted not in text:
            problems.append(f"expected text not shown on the page: {wanted!r}")
    for p in problems:
        print(f"check-html: FAIL: {p}", file=sys.stderr)
    if args.scripts_only:
        return 1 if problems else 0
    print(f"check-html: {len(page.charts)} charts, {sum(c['marks'] or 0 for c in page.charts)} marks, "
          f"{page.scripts} scripts", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
