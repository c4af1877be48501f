# The eMSP as a container: the packaged jar, extracted into Spring Boot's layers so a new build
# only replaces the application layer. Build the jar first (./mvnw -q -DskipTests package), then:
#   docker build -t rollyy-emsp .
# Runs as a non-root user against an external PostgreSQL (SPRING_DATASOURCE_URL, docs/deployment.md).
FROM eclipse-temurin:17-jre AS layers
WORKDIR /build
COPY emsp/target/emsp-*-exec.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app rollyy
WORKDIR /app
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
USER 10001
EXPOSE 8080
# readiness includes the database: an instance that cannot reach PostgreSQL is unhealthy
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/actuator/health/readiness || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "org.springframework.boot.loader.launch.JarLauncher"]
