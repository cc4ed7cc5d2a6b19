# syntax=docker/dockerfile:1
#
# Ushirika API image. Build: docker build -t ushirika .
# Run against a PostgreSQL server (see docker-compose.yml), or alone: without DATABASE_URL
# the app starts its embedded PostgreSQL in DATA_DIR (/data, mount a volume there).

# Node.js 24 (the current LTS; package.json "engines" also allows 22).
ARG NODE_IMAGE=node:24-bookworm-slim
# package.json's "allowScripts" policy (which dependency install scripts may run) is read by
# npm 11: the image's npm is replaced by the exact npm the lockfile is made and checked with.
ARG NPM_VERSION=11.19.1

# ---- build: full install, compile, then drop the dev dependencies -------------------------
FROM ${NODE_IMAGE} AS build
ARG NPM_VERSION
RUN npm install -g "npm@${NPM_VERSION}" && npm --version
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
# The web console (web/) imports the server's pure gate rule and its French/English messages.
COPY web ./web
COPY templates ./templates
RUN npm run build
RUN npm prune --omit=dev --no-audit --no-fund

# ---- runtime ------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
# package.json carries "type": "module", which the compiled dist/ needs to load as ESM.
COPY --from=build --chown=root:root /app/package.json /app/package-lock.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
# dist/src (the server), dist/migrations (applied at boot) and dist/web (the browser console).
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root templates ./templates
# The only folder the server writes to; a named volume mounted here inherits this owner.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1 (no npm wrapper), so SIGTERM reaches the app's graceful shutdown.
CMD ["node", "dist/src/main.js"]
