# Java sessions need JDK 17 or newer (javac and java on PATH); every Java test runs them.
# Debian 12 packages JDK 17; a release without it takes its default JDK, which is newer.
java_major=$(javac -version 2>&1 | sed -nE 's/^javac ([0-9]+).*/\1/p' || true)
if [ -z "$java_major" ] || [ "$java_major" -lt 17 ]; then
  apt_install openjdk-17-jdk-headless || apt_install default-jdk-headless
  javac -version
fi
