# TypeScript sessions need the TypeScript compiler 5 or newer (`tsc`, from npm) beside Node.js,
# which node.sh installs first; every TypeScript test compiles with it.
tsc_major=$(tsc --version 2>/dev/null | sed -E 's/^Version ([0-9]+).*/\1/' || true)
if [ -z "$tsc_major" ] || [ "$tsc_major" -lt 5 ]; then
  command -v npm >/dev/null 2>&1 || apt_install npm
  npm install --global --no-audit --no-fund typescript >/dev/null
  tsc --version
fi
