# Sourced by mvnw: the gateway needs JDK 21+ (virtual threads). Keep JAVA_HOME if it is new
# enough, else take the newest JDK 21+ found in the usual places.
jdk_major() { "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1; }
if [ -z "${JAVA_HOME-}" ] || [ "$(jdk_major "$JAVA_HOME" 2>/dev/null || echo 0)" -lt 21 ] 2>/dev/null; then
  if command -v java >/dev/null 2>&1 && [ -z "${JAVA_HOME-}" ]; then
    _home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    [ "$(jdk_major "$_home" || echo 0)" -ge 21 ] 2>/dev/null && JAVA_HOME=$_home
  fi
  if [ -z "${JAVA_HOME-}" ] || [ "$(jdk_major "$JAVA_HOME" || echo 0)" -lt 21 ] 2>/dev/null; then
    for _jdk in $(ls -d /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* 2>/dev/null | sort -rV); do
      if [ -x "$_jdk/bin/javac" ] && [ "$(jdk_major "$_jdk" || echo 0)" -ge 21 ] 2>/dev/null; then
        JAVA_HOME=$_jdk
        break
      fi
    done
  fi
  if [ -z "${JAVA_HOME-}" ] || [ "$(jdk_major "$JAVA_HOME" || echo 0)" -lt 21 ] 2>/dev/null; then
    echo "mvnw: this project needs JDK 21 or newer; set JAVA_HOME to one." >&2
    exit 1
  fi
  export JAVA_HOME
fi
