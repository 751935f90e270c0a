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

select_java_home
