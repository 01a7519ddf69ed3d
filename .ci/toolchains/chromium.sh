# The HTML report is checked in a real headless browser; install one where missing. Without it,
# that one test skips and says why, so a failed install must not stop the run.
if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  apt_install chromium || echo "could not install chromium: the HTML report's browser test will be skipped"
fi
