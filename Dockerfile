# Build stage: the release binary (migrations and templates are embedded).
FROM rust:1-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY api ./api
COPY migrations ./migrations
COPY openapi ./openapi
RUN cargo build --release --locked --bin renfort

# Runtime stage: a slim Debian with the binary, as an unprivileged user.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home /app renfort \
 && mkdir -p /app/data && chown renfort /app/data
WORKDIR /app
COPY --from=build /src/target/release/renfort /usr/local/bin/renfort
USER renfort
ENV RENFORT_HTTP__HOST=0.0.0.0 \
    RENFORT_HTTP__PORT=8080 \
    RENFORT_LOG__FORMAT=json
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --retries=3 CMD ["renfort", "healthcheck"]
ENTRYPOINT ["renfort"]
CMD ["serve"]
