# convene in a container: `docker build -t convene .`, or `docker compose up
# --build` with docker-compose.yml. The binary has config/default.toml and
# the migrations built in; data/ is copied for `convene import`.

# --- build -------------------------------------------------------------------
ARG RUST_VERSION=1.95
FROM rust:${RUST_VERSION}-bookworm AS build
WORKDIR /src
COPY . .
# Cache the registry and target/ between builds (BuildKit); the binary is
# copied out of the cache in the same step.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked -p convene --bin convene \
    && cp target/release/convene /usr/local/bin/convene

# --- run ---------------------------------------------------------------------
FROM debian:bookworm-slim
# ca-certificates for SMTP over TLS; curl for the health check.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /srv/convene \
       --shell /usr/sbin/nologin convene
WORKDIR /srv/convene
COPY --from=build /usr/local/bin/convene /usr/local/bin/convene
COPY data/ data/
# var/ holds the SQLite database and .eml files when no PostgreSQL or SMTP
# relay is configured: mount a volume there to keep them.
RUN mkdir -p var && chown convene:convene var
USER convene
ENV CONVENE_LISTEN=0.0.0.0:8080
EXPOSE 8080
# /readyz answers 200 when the database does (503 otherwise).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8080/readyz"]
CMD ["convene", "serve"]
