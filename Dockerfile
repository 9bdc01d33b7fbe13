# Build stage: the release binary (migrations and templates are embedded).
FROM rust:1-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY api ./api
COPY migrations ./migrations
COPY openapi ./openapi
RUN cargo build --release --locked --bin renfort

# Runtime stage: a slim Debian with the binary and the CA certificates
# (TLS to PostgreSQL, Redis and the providers), as an unprivileged user.
# USER is numeric, so that Kubernetes can enforce runAsNonRoot; the
# manifests run it as 10001:10001 with a read-only root filesystem.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* /var/cache/* /var/log/* \
 && groupadd --system --gid 10001 renfort \
 && useradd --system --uid 10001 --gid 10001 --home /app --shell /usr/sbin/nologin renfort \
 && mkdir -p /app/data && chown 10001:10001 /app/data
WORKDIR /app
COPY --from=build /src/target/release/renfort /usr/local/bin/renfort
USER 10001:10001
ENV RENFORT_HTTP__HOST=0.0.0.0 \
    RENFORT_HTTP__PORT=8080 \
    RENFORT_LOG__FORMAT=json
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --retries=3 CMD ["renfort", "healthcheck"]
ENTRYPOINT ["renfort"]
CMD ["serve"]
