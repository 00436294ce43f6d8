# The Punctual launcher image: bin/punctual with every module built in.
# docker build -t punctual . && docker run punctual scheduler --bootstrap-servers kafka:9092
# Kafka Connect (punctual connect) has its own classpath under /app/connect: docker-compose.yml's
# connect service sets its entrypoint.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -Dspotless.check.skip=true -pl cli,connectors -am package \
 && mkdir -p /out/lib /out/connect/lib \
 && cp cli/target/punctual-cli.jar /out/ \
 && tr ':' '\n' < cli/target/classpath.txt | xargs -I{} cp {} /out/lib/ \
 && cp connectors/target/punctual-connectors.jar /out/connect/ \
 && tr ':' '\n' < connectors/target/classpath.txt | xargs -I{} cp {} /out/connect/lib/ \
 && cp -r connectors/target/plugins /out/connect/plugins \
 && mkdir -p /out/connectors && cp connectors/*.json /out/connectors/

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /out /app
RUN apt-get update && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* && mkdir -p /var/lib/punctual
ENV PUNCTUAL_KAFKA_STATE_DIR=/var/lib/punctual
ENV PUNCTUAL_CONNECT_PLUGIN_PATH=/app/connect/plugins
ENTRYPOINT ["java", "-cp", "/app/punctual-cli.jar:/app/lib/*", "io.punctual.cli.PunctualCli"]
CMD ["--help"]
