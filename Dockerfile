# syntax=docker/dockerfile:1
# Strata's service images: one target per service (`docker build --target auth -t strata/auth:0.1.0 .`,
# or `npm run images` for all of them). The build stage installs everything and runs the whole
# build (buf generate, prisma generate, tsc, the web client); each service stage then takes only
# what that service needs (scripts/images/assemble.mjs: production dependencies of its workspace,
# the built dist/ of the workspaces it links, its Prisma migrations; the gateway also the web
# client). Runtime: Node 20 slim, tini as PID 1 (signals forwarded, children reaped; the services
# close on SIGTERM through Nest's shutdown hooks), user 10001, nothing writable but /tmp.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY . .
RUN npm ci --no-audit --no-fund && npm run build

FROM build AS assemble-auth
RUN node scripts/images/assemble.mjs auth /out
FROM build AS assemble-accounts
RUN node scripts/images/assemble.mjs accounts /out
FROM build AS assemble-cloud
RUN node scripts/images/assemble.mjs cloud /out
FROM build AS assemble-cluster
RUN node scripts/images/assemble.mjs cluster /out
FROM build AS assemble-notify
RUN node scripts/images/assemble.mjs notify /out
FROM build AS assemble-gateway
RUN node scripts/images/assemble.mjs gateway /out

FROM ${NODE_IMAGE} AS runtime
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
# HOME and the Prisma CLI's scratch space live in /tmp (an emptyDir under Kubernetes).
ENV NODE_ENV=production HOME=/tmp CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1
USER 10001:10001
ENTRYPOINT ["/usr/bin/tini", "--"]
# `migrate` in a service image (the chart's migration Job): node /app/libs/database/dist/migrate-cli.js .

FROM runtime AS auth
COPY --from=assemble-auth /out /app
WORKDIR /app/services/auth
EXPOSE 3001
CMD ["node", "dist/main.js"]

FROM runtime AS accounts
COPY --from=assemble-accounts /out /app
WORKDIR /app/services/accounts
EXPOSE 3003
CMD ["node", "dist/main.js"]

FROM runtime AS cloud
COPY --from=assemble-cloud /out /app
WORKDIR /app/services/cloud
EXPOSE 3004
CMD ["node", "dist/main.js"]

FROM runtime AS cluster
COPY --from=assemble-cluster /out /app
WORKDIR /app/services/cluster
EXPOSE 3005
CMD ["node", "dist/main.js"]

FROM runtime AS notify
COPY --from=assemble-notify /out /app
WORKDIR /app/services/notify
EXPOSE 3002
CMD ["node", "dist/main.js"]

FROM runtime AS gateway
COPY --from=assemble-gateway /out /app
WORKDIR /app/services/gateway
EXPOSE 8080
CMD ["node", "dist/main.js"]
