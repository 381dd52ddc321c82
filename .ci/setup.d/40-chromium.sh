# Headless Chromium for the HTML check of `docfacts compare --html` (tests/compare.rs).
# Debian's package; skipped when a chromium is already on PATH. Sourced by .ci/run.
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
  echo "chromium: present"
elif command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "chromium: installing Debian's package"
  apt-get update -qq >/dev/null || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null \
    || echo "warning: chromium could not be installed; the HTML test will fail under CI=true"
else
  echo "warning: chromium missing and apt-get unavailable (not root?); the HTML test will fail under CI=true"
fi
