#!/bin/sh
# Stand-in for the /__cacert_entrypoint.sh of the eclipse-temurin images (stand-in-base.sh puts it there): the
# same contract, not the same script. With USE_SYSTEM_CA_CERTS set, the JVM trusts each certificate mounted
# at /certificates/*.crt besides its own; without it nothing changes. Then it runs its arguments.
set -e
if [ -n "${USE_SYSTEM_CA_CERTS:-}" ]; then
    store="$JAVA_HOME/lib/security/cacerts"
    if [ ! -w "$store" ]; then
        # A read-only root or a non-root user: a copy in TMPDIR, passed to the JVM, as the Temurin script does.
        copy=$(mktemp "${TMPDIR:-/tmp}/cacerts.XXXXXX")
        cp "$store" "$copy"
        store=$copy
        echo "Using a temporary truststore at $store"
        export JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:-} -Djavax.net.ssl.trustStore=$store -Djavax.net.ssl.trustStorePassword=changeit"
    fi
    for crt in /certificates/*.crt; do
        [ -f "$crt" ] || continue
        alias=$(basename "$crt" .crt)
        keytool -importcert -noprompt -keystore "$store" -storepass changeit -alias "$alias" -file "$crt" >/dev/null
        echo "Adding certificate with alias $alias to the JVM truststore"
    done
fi
exec "$@"
