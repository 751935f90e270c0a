# Sourced by the scripts in bin/: points JAVA_HOME at a JDK 21 or newer, the project's release level.
# Keeps a JAVA_HOME that is already new enough; otherwise looks at `java` on the PATH, then /usr/lib/jvm.

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

select_java_home() {
  local candidate
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ] 2>/dev/null; then
    return 0
  fi
  if command -v java >/dev/null 2>&1 && [ "$(java_major java)" -ge 21 ] 2>/dev/null; then
    JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    export JAVA_HOME
    return 0
  fi
  for candidate in /usr/lib/jvm/*/ /Library/Java/JavaVirtualMachines/*/Contents/Home/; do
    if [ -x "${candidate}bin/java" ] && [ -x "${candidate}bin/javac" ] \
        && [ "$(java_major "${candidate}bin/java")" -ge 21 ] 2>/dev/null; then
      JAVA_HOME=${candidate%/}
      export JAVA_HOME
      return 0
    fi
  done
  echo "No JDK 21 or newer found: install one and set JAVA_HOME." >&2
  return 1
}

# Maven itself (Guice, Plexus) still uses sun.misc.Unsafe, which JDK 24 and newer warn about on every build.
# JDK 21 rejects the flag that allows it, and .mvn/jvm.config cannot depend on the JDK, so it is set here.
allow_unsafe_for_maven() {
  local opts=${MAVEN_OPTS:-}
  if [ "$(java_major "$JAVA_HOME/bin/java")" -ge 24 ] 2>/dev/null \
      && [ "${opts#*--sun-misc-unsafe-memory-access}" = "$opts" ]; then
    MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
    export MAVEN_OPTS
  fi
}

# The JVM options the server starts with by default (bin/turns; bin/bench starts its servers with the same):
# - a metaspace high-water mark of 128 MiB: the classes loaded at start-up (about 40 MiB of metadata) otherwise
#   cause full collections, after which the heap shrinks to the small start-up footprint, the young generation
#   with it, and young collections (pauses of a few to tens of milliseconds) come every second or two;
# - on JDK 25 and newer, compact object headers (8 instead of 12 bytes), about 12 % less heap per open event
#   stream and less allocation per request.
# Add your own options (a fixed heap, another collector) with JDK_JAVA_OPTIONS, which the java launcher reads.
server_jvm_options() {
  local options="-XX:MetaspaceSize=128m"
  if [ "$(java_major "$JAVA_HOME/bin/java")" -ge 25 ] 2>/dev/null; then
    options="$options -XX:+UseCompactObjectHeaders"
  fi
  printf '%s' "$options"
}

select_java_home && allow_unsafe_for_maven
