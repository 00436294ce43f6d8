# The Punctual launcher image: bin/punctual with every module built in.
# docker build -t punctual . && docker run punctual scheduler --bootstrap-servers kafka:9092
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -Dspotless.check.skip=true -pl cli -am package \
 && mkdir -p /out/lib \
 && cp cli/target/punctual-cli.jar /out/ \
 && tr ':' '\n' < cli/target/classpath.txt | xargs -I{} cp {} /out/lib/

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /out /app
RUN apt-get update && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* && mkdir -p /var/lib/punctual
ENV PUNCTUAL_KAFKA_STATE_DIR=/var/lib/punctual
ENTRYPOINT ["java", "-cp", "/app/punctual-cli.jar:/app/lib/*", "io.punctual.cli.PunctualCli"]
CMD ["--help"]
