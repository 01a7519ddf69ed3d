# C++ sessions need g++ 8 or newer (C++17) to grade, and make for the workspace's sample tests;
# every C++ test runs them.
gxx_major=$(g++ -dumpversion 2>/dev/null | sed -E 's/^([0-9]+).*/\1/' || true)
if [ -z "$gxx_major" ] || [ "$gxx_major" -lt 8 ]; then
  apt_install g++
fi
command -v make >/dev/null 2>&1 || apt_install make
g++ --version | head -n 1
