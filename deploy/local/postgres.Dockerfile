# PostgreSQL 15 from Debian's packages, standing in for postgres:16 where Docker Hub cannot be
# reached (deploy/compose.local.yaml, deploy/check.sh --local). It takes what deploy/compose.yaml
# gives the official image: POSTGRES_DB, POSTGRES_USER, POSTGRES_PASSWORD, and its data in
# /var/lib/postgresql/data.
ARG BASE=ramal-local/debian:bookworm
FROM ${BASE}
# No cluster of Debian's own, and no service started during the build.
RUN mkdir -p /etc/postgresql-common \
    && echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf \
    && printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d \
    && apt-get update && apt-get install -y --no-install-recommends postgresql-15 \
    && rm -rf /var/lib/apt/lists/* \
    && install -d -o postgres -g postgres -m 700 /var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/postgres-entrypoint
ENV PATH=/usr/lib/postgresql/15/bin:$PATH PGDATA=/var/lib/postgresql/data
USER postgres
EXPOSE 5432
# A fast shutdown, as the official image does: sessions end, the data is safe.
STOPSIGNAL SIGINT
ENTRYPOINT ["/usr/local/bin/postgres-entrypoint"]
