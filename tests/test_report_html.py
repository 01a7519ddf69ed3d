"""The HTML report in a real headless browser: it renders offline, chart and all.

Skipped when no Chromium is installed (CI installs Debian's chromium; see .ci/run).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from report_fixtures import candidate, quad  # noqa: F401  (fixtures)
from test_report import level_four_breaks_level_one

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_browser() -> str | None:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


BROWSER = find_browser()
needs_browser = pytest.mark.skipif(
    BROWSER is None, reason=f"no headless browser found (looked for {', '.join(BROWSERS)} on PATH and /usr/bin/chromium)"
)


def headless(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    command = [
        BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
        "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'browser-profile'}", *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=tmp_path)


@pytest.fixture
def report_page(candidate, tmp_path) -> Path:
    level_four_breaks_level_one(candidate)
    page = tmp_path / "report.html"
    result = candidate.command("report", "--format", "html", "-o", str(page))
    assert result.exit_code == 0, result.output
    return page


@needs_browser
def test_the_html_report_renders_in_a_headless_browser(report_page, tmp_path):
    shown = headless(tmp_path, "--dump-dom", report_page.as_uri())
    assert shown.returncode == 0, shown.stderr[-2000:]
    dom = shown.stdout
    assert '<svg id="timeline"' in dom
    assert dom.count('class="submission ') == 7
    assert dom.count('class="regression"') >= 2
    assert 'id="deadline"' in dom
    assert "Score 875 / 1000 · ≈ 550 on the 200-600 scale · levels passed 4/4" in dom
    assert "losing 125 points" in dom


@needs_browser
def test_the_html_report_paints_its_chart(report_page, tmp_path):
    shot = tmp_path / "report.png"
    shown = headless(tmp_path, f"--screenshot={shot}", "--window-size=1100,900", report_page.as_uri())
    assert shown.returncode == 0, shown.stderr[-2000:]
    width, height, colours = png_summary(shot.read_bytes())
    assert (width, height) == (1100, 900)
    # the chart's fills are there: the green of passed spans and the red of the time limit
    assert any(g > 150 and r < 160 and b < 170 for r, g, b in colours), "no green span painted"
    assert any(r > 180 and g < 80 and b < 80 for r, g, b in colours), "no red time-limit line painted"


def png_summary(data: bytes) -> tuple[int, int, set[tuple[int, int, int]]]:
    """Width, height and the set of colours of an 8-bit RGB(A) PNG, read with the standard library."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks, header = 8, [], None
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour_type = header[:4]
    assert depth == 8 and colour_type in (2, 6), header
    channels = 3 if colour_type == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    previous = bytearray(stride)
    colours = set()
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        for i in range(0, stride, channels * 4):  # every fourth pixel is plenty to find the fills
            colours.add((line[i], line[i + 1], line[i + 2]))
        previous = line
    return width, height, colours


# Measures the page once loaded: how wide it scrolls, how wide the window is, and which elements
# outside a table's own scrolling box reach past the window's right edge.
WIDTH_PROBE = """<script>window.addEventListener('load', () => {
  const page = document.documentElement, past = [];
  for (const e of document.querySelectorAll('body *')) {
    if (!e.closest('.table') && e.getBoundingClientRect().right > page.clientWidth + 1) past.push(e.tagName);
  }
  document.body.setAttribute('data-width', JSON.stringify({scroll: page.scrollWidth, window: page.clientWidth, past}));
});</script></body>"""


@needs_browser
def test_the_html_report_never_scrolls_sideways_in_a_600_pixel_window(report_page, tmp_path):
    probed = tmp_path / "probed.html"
    probed.write_text(report_page.read_text(encoding="utf-8").replace("</body>", WIDTH_PROBE), encoding="utf-8")
    shown = headless(tmp_path, "--window-size=600,900", "--virtual-time-budget=2000", "--dump-dom", probed.as_uri())
    assert shown.returncode == 0, shown.stderr[-2000:]
    found = re.search(r'data-width="([^"]*)"', shown.stdout)
    assert found, "the page's width was not measured"
    width = json.loads(html.unescape(found.group(1)))
    assert width["scroll"] <= width["window"], width
    assert width["past"] == [], width
