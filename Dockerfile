# sealcheck for the history sweep's Kubernetes Jobs (templates/k8s-sweep-*.yaml) and any CI without
# Node.js: the committed CLI bundle on Node.js with git, run as a non-root user. No build tools and
# no npm install: .dockerignore passes only the shipped files, and scripts/install-image.sh links
# the launcher onto PATH (test/install/image.test.ts runs the same step outside Docker).
#   docker build -t ghcr.io/sealcheck/sealcheck:0.1.0 .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/repo:ro" ghcr.io/sealcheck/sealcheck:0.1.0 sweep /repo
# Node.js 24: the active LTS line (20 reached its end of life in April 2026); the CLI runs on 20+.
FROM node:24-alpine
LABEL org.opencontainers.image.source="https://github.com/sealcheck/sealcheck"
RUN apk add --no-cache git \
  && adduser -D -u 10001 -h /home/sealcheck sealcheck
COPY . /opt/sealcheck/
RUN sh /opt/sealcheck/scripts/install-image.sh /opt/sealcheck /usr/local/bin
# Files stay root-owned (read-only to the user that runs them); uid 10001 matches the Jobs'
# runAsUser. git refuses a repository owned by another user, so a folder mounted from the host is
# swept as its owner (`--user "$(id -u):$(id -g)"`, as above).
USER 10001
WORKDIR /home/sealcheck
ENTRYPOINT ["sealcheck"]
CMD ["--help"]
