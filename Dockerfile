# The rynxs image: the shaded jar on a JRE 17, as a non-root user, writing only to the data volume and /tmp.
# Build the jar first (./mvnw -B -q package -DskipTests), then: docker build -t ghcr.io/rynxs/operator:v0.1.0 .
# CI builds this file unchanged with podman, FROM a stand-in base imported under the name below (ImageIT;
# docs/operations.md, "The image").

# One Temurin release on one Ubuntu, so that a rebuild gets the same JRE and libraries. To move it, take the
# newest `17.0.<update>_<build>-jre-<ubuntu codename>` tag listed for eclipse-temurin on Docker Hub (the floating
# `17-jre` moves to each new Ubuntu), build, and run ImageIT and scripts/real-cluster.sh.
FROM eclipse-temurin:17.0.20_8-jre-noble

# libdeflate0: segments are gzipped by libdeflate (RYNXS_SEGMENTS_GZIP=auto; without it the JDK's zlib, slower).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libdeflate0 \
 && rm -rf /var/lib/apt/lists/*

# uid/gid 10001, matching the chart's podSecurityContext; no login shell, no home to write to. A system account
# (no password ageing, no subordinate ids) above SYS_UID_MAX 999: -K raises that limit for this one call, or
# useradd warns that the uid is out of range.
RUN groupadd --system --gid 10001 rynxs \
 && useradd --system -K SYS_UID_MAX=10001 --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin rynxs \
 && mkdir -p /var/lib/rynxs \
 && chown 10001:10001 /var/lib/rynxs

COPY --chown=0:0 --chmod=0444 target/rynxs.jar /app/rynxs.jar

# The event log lives on this volume (RYNXS_DATA_DIR); the root filesystem can be mounted read-only.
# RYNXS_BIND=0.0.0.0: a published port (-p 8081:8081) or a Service reaches the container's own address, not its
# loopback. Off loopback the API needs RYNXS_API_AUTH=token or kubernetes (start-up refuses none).
ENV RYNXS_DATA_DIR=/var/lib/rynxs \
    RYNXS_BIND=0.0.0.0
VOLUME ["/var/lib/rynxs"]
WORKDIR /var/lib/rynxs
USER 10001:10001
EXPOSE 8081 8080

# The JVM's flags are on its command line: JAVA_TOOL_OPTIONS and JDK_JAVA_OPTIONS make it print a note on stderr,
# a line that is not JSON in the log stream. /__cacert_entrypoint.sh is the base image's: with USE_SYSTEM_CA_CERTS
# set it adds the certificates mounted at /certificates to the JVM's trust store, then runs java.
ENTRYPOINT ["/__cacert_entrypoint.sh", "java", "-XX:MaxRAMPercentage=75", "-Djava.io.tmpdir=/tmp", "-jar", "/app/rynxs.jar"]
CMD ["serve"]
