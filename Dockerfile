# Postcard's container image: the release archive on Debian with OpenJDK 21, run as a user of its own.
#
#   ./mvnw -B -DskipTests package          # makes postcard-server/target/postcard-<version>.tar.gz
#   docker build -t postcard .             # or: podman build -t postcard .
#   docker run -p 8080:8080 -v postcard-data:/var/lib/postcard postcard
#
# BASE is any Debian trixie (13) image; deploy/container-check.sh builds one from Debian's packages.
ARG BASE=docker.io/library/debian:trixie-slim

# The release, unpacked: ADD opens a local tar archive into the folder it is given.
FROM ${BASE} AS release
ADD postcard-server/target/postcard-*.tar.gz /opt/
# One archive is expected; with several (an older version left in target/), mv stops the build.
RUN mv /opt/postcard-* /opt/postcard

FROM ${BASE}
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-21-jre-headless \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/postcard --shell /usr/sbin/nologin postcard \
    && install -d -o postcard -g postcard -m 0750 /var/lib/postcard
COPY --from=release /opt/postcard /opt/postcard
COPY deploy/container/healthcheck /usr/local/bin/postcard-healthcheck
ENV PATH=/opt/postcard/bin:$PATH \
    POSTCARD_DATA_DIR=/var/lib/postcard

# A numeric user, so that orchestrators can tell it is not root (Kubernetes' runAsNonRoot).
USER 10001:10001
WORKDIR /var/lib/postcard
VOLUME /var/lib/postcard
EXPOSE 8080
# bash's /dev/tcp asks GET /healthz of this container's Postcard: no curl in the image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["/usr/local/bin/postcard-healthcheck"]
# bin/postcard execs the JVM: it is process 1 and takes the stop signal itself.
ENTRYPOINT ["/opt/postcard/bin/postcard"]
CMD ["serve"]
