# The gateway image: builds the jar with the project's own Maven wrapper, runs it on a JRE 25 with an
# AOT cache (JEP 483/514/515) trained during the build on the benchmark's traffic, so a new container
# serves its first requests with the classes loaded and linked and the request path's method
# profiles in hand, instead of a minute of warm-up (bench/README.md, scenario 8).
# application.yaml, routes/ and data/ are meant to be mounted (see docker-compose.yml).
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
# the jar carries the shipped configuration and routes too (used when nothing is mounted)
COPY application.yaml ./
COPY routes/ routes/
RUN ./mvnw -B -q -DskipTests package && cp target/llm-gateway-*.jar /src/llm-gateway.jar
# The extracted jar (plain jars on the class path: faster to start, and what an AOT cache needs) and
# the training program, compiled here because the runtime image has no compiler.
COPY deploy/aot/AotTraining.java deploy/aot/
RUN java -Djarmode=tools -jar /src/llm-gateway.jar extract --destination /src/app \
    && javac -d /src/aot deploy/aot/AotTraining.java

FROM eclipse-temurin:25-jre
WORKDIR /app
# The JVM flags of every start, the training's included: a cache is refused by a JVM started with
# another collector or object layout (it says so and starts without it), so change them here, not
# only at run time. The throughput collector and compact headers are the benchmark's choice
# (bench/README.md); the heap follows the container's memory limit.
ENV JAVA_OPTS="-XX:+UseParallelGC -XX:+UseCompactObjectHeaders -XX:MaxRAMPercentage=75"
COPY --from=build /src/app/ /app/
# Defaults baked in; the compose file mounts the operator's copies over them.
COPY application.yaml /app/application.yaml
COPY routes/ /app/routes/
# The training run: the gateway started with -XX:AOTCacheOutput, a minute of the benchmark's requests
# (chat, streams, tool-call streams, the Responses API, long prompts) from an in-process fake provider
# on the loopback, then stopped; the JVM writes /app/gateway.aot. Done on this image, with the jar at
# the path it runs from, because a cache is only valid for the JVM and class path that made it.
COPY --from=build /src/aot/ /tmp/aot/
RUN java -cp /tmp/aot AotTraining --seconds 60 /app/gateway.aot -- java $JAVA_OPTS -jar /app/llm-gateway.jar \
    && rm -rf /tmp/aot /app/data
RUN useradd --system --uid 10001 gateway && mkdir -p /app/data && chown gateway /app/data
USER gateway
# Inside a container the gateway must listen on all interfaces; publish the port on 127.0.0.1 (compose does).
ENV GATEWAY_BIND_ADDRESS=0.0.0.0 \
    GATEWAY_DATA_DIR=/app/data
EXPOSE 8080
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -XX:AOTCache=/app/gateway.aot -jar /app/llm-gateway.jar \"$@\"", "llm-gateway"]
