# JavaScript sessions need Node.js 18 or newer; every JavaScript test runs it.
node_major=$(node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/' || true)
if [ -z "$node_major" ] || [ "$node_major" -lt 18 ]; then
  apt_install nodejs
  node --version
fi
