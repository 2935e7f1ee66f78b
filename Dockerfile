# syntax=docker/dockerfile:1
#
# secure-monitors as a KRM function container image (kpt `--image`, kustomize `container: {image}`).
#
#   docker build -t secure-monitors:dev .
#   docker build --build-arg VERSION=0.1.0 --build-arg REVISION=$(git rev-parse HEAD) \
#     --build-arg CREATED=$(date -u +%Y-%m-%dT%H:%M:%SZ) -t ghcr.io/secure-monitors/secure-monitors:v0.1.0 .
#
# The runtime contract (FACTS.md; docs/container.md): everything in ENTRYPOINT, no arguments; runs as
# `nobody` (kustomize passes --user nobody; the image's own USER is 65534 too); needs no network
# (kustomize passes --network none); writes nothing, not to $HOME, not to /tmp: stdin in, stdout and
# stderr out. test/e2e/container-contract.test.ts checks that contract without a container engine;
# scripts/build-image.sh builds this file with buildah on a locally assembled Debian base.

# Node 26 is the Active LTS line since October 2026 (24 is in maintenance until April 2028). The CLI
# needs Node >= 20; BASE_IMAGE lets scripts/build-image.sh build the same file on a local base.
ARG NODE_VERSION=26
ARG BASE_IMAGE=node:${NODE_VERSION}-alpine

FROM ${BASE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts --cache /tmp/npm-cache
COPY tsconfig.json tsconfig.build.json ./
COPY src/ src/
COPY gen/ gen/
COPY schema/ schema/
COPY scripts/bundle.mjs scripts/
# The image holds exactly what the npm package holds (package.json "files"): pack, then unpack.
RUN npm run build \
 && npm pack --ignore-scripts --pack-destination /tmp \
 && mkdir /tmp/pkg \
 && tar -xzf /tmp/secure-monitors-*.tgz -C /tmp/pkg

FROM ${BASE_IMAGE}
ARG NODE_VERSION
ARG BASE_IMAGE
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG CREATED=1970-01-01T00:00:00Z
LABEL org.opencontainers.image.title="secure-monitors" \
      org.opencontainers.image.description="KRM function (kpt, kustomize) that merges TLS and auth into Prometheus Operator ServiceMonitor, PodMonitor, Probe and ScrapeConfig objects, derives tlsConfig.serverName and checks the result" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="https://github.com/secure-monitors/secure-monitors" \
      org.opencontainers.image.documentation="https://github.com/secure-monitors/secure-monitors/blob/main/docs/container.md" \
      org.opencontainers.image.base.name="${BASE_IMAGE}"

WORKDIR /app
COPY --from=build /tmp/pkg/package/ ./
# Production dependencies only, exactly as locked; the npm cache goes to /tmp and is removed in the
# same layer, so the image holds no npm state and nothing under any home directory.
COPY package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts --cache /tmp/npm-cache \
 && rm -rf /tmp/npm-cache

# No home to write to: a stray write fails loudly instead of leaving state in a layer or volume.
ENV NODE_ENV=production \
    HOME=/nonexistent
# Numeric, so Kubernetes' runAsNonRoot can verify it; 65534 is `nobody` in alpine and Debian.
USER 65534:65534
ENTRYPOINT ["node", "/app/dist/secure-monitors.cjs"]
