#!/usr/bin/env bash
# Shared by the benchmark scripts: build a module and its test classes, then run one of its
# benchmark mains with a fixed heap (and any JVM options in BENCH_JAVA_OPTS).
#   bench_main MODULE HEAP CLASS [ARGS...]
bench_main() {
  local module="$1" heap="$2" main="$3"
  shift 3
  cd "$(dirname "${BASH_SOURCE[0]}")/.." || return
  ./mvnw -q -B -pl "$module" -am install -DskipTests -Dspotless.check.skip=true
  ./mvnw -q -B -pl "$module" test-compile dependency:build-classpath -Dspotless.check.skip=true \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
  cd "$module" || return
  # shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of options
  java "-Xmx$heap" ${BENCH_JAVA_OPTS:-} -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
    "$main" "$@"
}
