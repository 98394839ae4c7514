# A Debian running systemd as PID 1, in which deploy/check.sh installs Ramal with
# deploy/install.sh and starts deploy/ramal.service for real: the user, the paths, the writable
# folders and the sandboxing, which `systemd-analyze verify` alone cannot show.
ARG BASE=debian:bookworm
FROM ${BASE}
RUN apt-get update \
    && apt-get install -y --no-install-recommends systemd openjdk-17-jre-headless procps iproute2 \
    && rm -rf /var/lib/apt/lists/*
ENV container=docker
# systemd's own shutdown signal.
STOPSIGNAL SIGRTMIN+3
CMD ["/lib/systemd/systemd"]
