# CoachTrack: one image for every role (ROLE=api, worker or both; see docs/operators.md).
#
#   docker build -t coachtrack .
#   docker run -e DATABASE_URL=jdbc:postgresql://db:5432/coachtrack -e DATABASE_PASSWORD=... \
#              -e TEMPORAL_ADDRESS=temporal:7233 -p 8080:8080 -v coachtrack-data:/data coachtrack
#
# docker-compose.yml next to this file starts it with PostgreSQL, Temporal, the Temporal UI and MinIO.

##### Build #####
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src

# Dependencies first, so that a source change does not download them again: compiling the poms alone (no
# sources yet) resolves every module's dependencies into this layer. Best effort: the real build below fetches
# whatever this step could not.
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY workflows/pom.xml workflows/
COPY activities/pom.xml activities/
COPY migrations/pom.xml migrations/
COPY api-service/pom.xml api-service/
RUN ./mvnw -q -B -DskipTests test-compile || true

# Only sources: never a developer's target/ or data/ directory.
COPY workflows/src workflows/src
COPY activities/src activities/src
COPY migrations/src migrations/src
COPY api-service/src api-service/src
RUN ./mvnw -q -B -DskipTests package

##### Runtime #####
# Ubuntu 22.04 (jammy): its pocketsphinx 0.8 packages ship pocketsphinx_continuous and the en-us model the
# pocketsphinx engine runs. The check below fails the build if a different base image lacks them, rather than
# letting ENGINE=auto fall back to the ~10x slower Sphinx4 unnoticed.
FROM eclipse-temurin:17-jre-jammy

RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ffmpeg pocketsphinx pocketsphinx-en-us curl \
 && rm -rf /var/lib/apt/lists/* \
 && command -v ffmpeg >/dev/null \
 && command -v pocketsphinx_continuous >/dev/null \
 && test -f /usr/share/pocketsphinx/model/en-us/en-us.lm.bin \
 && test -f /usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict \
 && test -d /usr/share/pocketsphinx/model/en-us/en-us

RUN groupadd --system --gid 10001 coachtrack \
 && useradd --system --uid 10001 --gid coachtrack --home-dir /app --shell /usr/sbin/nologin coachtrack \
 && mkdir -p /app/config /data \
 && chown coachtrack:coachtrack /data

WORKDIR /app
COPY --from=build /src/api-service/target/api-service.jar /app/api-service.jar
COPY config/production.yml /app/config/production.yml

ENV ROLE=both \
    DATA_DIR=/data \
    PORT=8080 \
    ADMIN_PORT=8081

# Uploads, decoded audio and (until the S3 storage is in use) everything the API and workers share.
VOLUME /data
USER coachtrack
# 8080: API and web app. 8081: admin (health checks, metrics); keep it off the public network.
EXPOSE 8080 8081

# Dropwizard answers 200 only when every check (postgresql, temporal, engine on workers, deadlocks) passes.
# Start-up runs the database migrations and reconnects interrupted sessions, hence the start period.
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${ADMIN_PORT}/healthcheck" >/dev/null || exit 1

ENTRYPOINT ["java","-XX:MaxRAMPercentage=75","-jar","/app/api-service.jar"]
CMD ["server","/app/config/production.yml"]
