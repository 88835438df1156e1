#!/usr/bin/env python3
"""Layout check for scripts/check-html.sh: does anything scroll sideways at a viewport width?

`wrap REPORT OUT WIDTH...` writes a page that shows REPORT in one iframe per width (srcdoc, so
the frames are same-origin and headless Chromium's minimum window width of 500 px does not
apply) and a measuring script (the report itself never has one) that, once every frame is laid
out, writes its findings as JSON into <pre id="sonde-layout">. `verify DOM` reads that element
from the DOM Chromium dumped and fails (exit 1) when, at any width, the page (document
scrollWidth > clientWidth) or any table wrapper (.table-wrap) scrolls sideways, or a header cell
is clipped (th scrollWidth > clientWidth): measured by the browser's layout, not guessed from
the DOM text.
"""
import html
import json
import re
import sys

MEASURE = r"""<script>
function sondeMeasure(frame) {
  var doc = frame.contentDocument, win = frame.contentWindow, problems = [];
  var de = doc.documentElement;
  if (de.scrollWidth > de.clientWidth) {
    problems.push("the page scrolls sideways: scrollWidth " + de.scrollWidth + " > clientWidth " + de.clientWidth);
  }
  function where(el) {
    var s = el.closest("section"), f = el.closest(".figure-block");
    return (s ? "section #" + s.id : "page") + (f ? " figure #" + f.id : "");
  }
  doc.querySelectorAll(".table-wrap").forEach(function (w, i) {
    if (w.scrollWidth > w.clientWidth) {
      var h = Array.prototype.map.call(w.querySelectorAll("th"), function (t) { return t.textContent; }).slice(0, 3).join(" | ");
      problems.push("table wrapper " + (i + 1) + " (" + where(w) + ": " + h + ") scrolls sideways: scrollWidth "
                    + w.scrollWidth + " > clientWidth " + w.clientWidth);
    }
  });
  doc.querySelectorAll("th").forEach(function (t) {
    if (t.offsetParent !== null && t.scrollWidth > t.clientWidth) {
      problems.push("header cell '" + t.textContent + "' (" + where(t) + ") is clipped: scrollWidth " + t.scrollWidth
                    + " > clientWidth " + t.clientWidth);
    }
  });
  return { width: win.innerWidth, tables: doc.querySelectorAll(".table-wrap").length, problems: problems };
}
window.addEventListener("load", function () {
  var results = Array.prototype.map.call(document.querySelectorAll("iframe"), sondeMeasure);
  var pre = document.createElement("pre");
  pre.id = "sonde-layout";
  pre.textContent = JSON.stringify(results);
  document.body.appendChild(pre);
});
</script>
"""


def wrap(report, out, widths):
    with open(report, encoding="utf-8") as f:
        page = f.read()
    frames = "".join(
        f'<iframe data-width="{w}" style="width:{w}px;height:3000px;border:0;display:block" srcdoc="{html.escape(page, quote=True)}"></iframe>\n'
        for w in widths)
    with open(out, "w", encoding="utf-8") as f:
        f.write("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body style=\"margin:0\">\n" + frames + MEASURE + "</body></html>\n")
    return 0


def verify(dom, widths):
    with open(dom, encoding="utf-8") as f:
        text = f.read()
    match = re.search(r'<pre id="sonde-layout">(.*?)</pre>', text, re.S)
    if not match:
        print("check-html: FAIL: the layout was not measured (the measuring script did not run)", file=sys.stderr)
        return 1
    results = json.loads(html.unescape(match.group(1)))
    failed = False
    for width, result in zip(widths, results):
        problems = list(result["problems"])
        if int(result["width"]) != int(width):
            problems.insert(0, f"the frame was {result['width']} px wide, not {width} px")
        for p in problems:
            print(f"check-html: FAIL: at {width} px: {p}", file=sys.stderr)
        if not problems:
            print(f"check-html: layout at {width} px: nothing scrolls sideways ({result['tables']} tables)", file=sys.stderr)
        failed = failed or bool(problems)
    if len(results) != len(widths):
        print(f"check-html: FAIL: {len(results)} of {len(widths)} widths measured", file=sys.stderr)
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "wrap":
        sys.exit(wrap(sys.argv[2], sys.argv[3], sys.argv[4:]))
    if len(sys.argv) >= 4 and sys.argv[1] == "verify":
        sys.exit(verify(sys.argv[2], sys.argv[3:]))
    print(__doc__, file=sys.stderr)
    sys.exit(64)
