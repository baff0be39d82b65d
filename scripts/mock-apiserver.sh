#!/usr/bin/env bash
# Runs the fabric8 mock API server (CRUD mode, Agent and Session CRDs installed) in its own JVM, from the
# test classpath: the API server `rynxs bench operator` reconciles against on machines without a cluster.
# It writes a kubeconfig and serves until stopped (Ctrl-C). The product jar does not contain it.
#
# Usage: scripts/mock-apiserver.sh [--port N] [--kubeconfig FILE]   (default target/mock-apiserver.kubeconfig)
# Then:  rynxs bench operator --kubeconfig target/mock-apiserver.kubeconfig --db /tmp/copy-of-a-log.db
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
exec java -XX:+UseSerialGC -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" io.rynxs.operator.MockApiServer "$@"
