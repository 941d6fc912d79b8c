# The gateway image: builds the jar with the project's own Maven wrapper, runs it on a JRE.
# application.yaml, routes/ and data/ are meant to be mounted (see docker-compose.yml).
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
# the jar carries the shipped configuration and routes too (used when nothing is mounted)
COPY application.yaml ./
COPY routes/ routes/
RUN ./mvnw -B -q -DskipTests package && cp target/llm-gateway-*.jar /src/llm-gateway.jar

FROM eclipse-temurin:21-jre
WORKDIR /app
RUN useradd --system --uid 10001 gateway && mkdir -p /app/data && chown gateway /app/data
COPY --from=build /src/llm-gateway.jar /app/llm-gateway.jar
# Defaults baked in; the compose file mounts the operator's copies over them.
COPY application.yaml /app/application.yaml
COPY routes/ /app/routes/
USER gateway
# Inside a container the gateway must listen on all interfaces; publish the port on 127.0.0.1 (compose does).
ENV GATEWAY_BIND_ADDRESS=0.0.0.0 \
    GATEWAY_DATA_DIR=/app/data
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/llm-gateway.jar"]
