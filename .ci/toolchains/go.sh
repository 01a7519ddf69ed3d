# Go sessions need the Go toolchain 1.19 or newer (Debian's golang-go); every Go test compiles
# with it. Its build cache fills on the first compile (the standard library, once per machine).
go_minor=$(go version 2>/dev/null | sed -E 's/.*go1\.([0-9]+).*/\1/' || true)
if [ -z "$go_minor" ] || [ "$go_minor" -lt 19 ]; then
  apt_install golang-go
  go version
fi
