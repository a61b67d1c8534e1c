# demo-app: build the jar first (./selfheal build); this only packages demo-app/target.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 demo
WORKDIR /app
COPY --chown=demo demo-app/target/demo-app.jar /app/demo-app.jar
COPY --chown=demo demo-app/target/lib/ /app/lib/
USER 10001
ENV DEMO_APP_HOST=0.0.0.0 \
    DEMO_APP_PORT=8082
EXPOSE 8082
ENTRYPOINT ["java", "-Xmx128m", "-jar", "/app/demo-app.jar"]
