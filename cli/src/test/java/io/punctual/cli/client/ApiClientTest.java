package io.punctual.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against a real HTTP server answering as an instance that is still starting. */
class ApiClientTest {
  private final AtomicInteger requests = new AtomicInteger();
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void shouldRepeatAnIdempotentRequestWhileTheInstanceAnswers503() throws Exception {
    // Given an API that answers 503 (Retry-After: 1) twice, then takes the timer
    ApiClient client = client(2);

    // When a timer is put
    client.put(ApiClient.timerPath("t-1", ""), ApiClient.JSON.readTree("{}"));

    // Then the request was sent three times and the third one was taken
    assertEquals(3, requests.get());
  }

  @Test
  void shouldReportA503OfAPostWithoutRepeatingIt() throws Exception {
    // Given an API that answers 503 to the first request
    ApiClient client = client(1);

    // When a timer is triggered
    ClientException refused =
        assertThrows(
            ClientException.class, () -> client.post(ApiClient.timerPath("t-1", "/trigger"), null));

    // Then the 503 and its title are reported, and the request was sent once
    assertTrue(refused.getMessage().contains("503 Instance not ready"), refused.getMessage());
    assertEquals(1, requests.get());
  }

  private ApiClient client(int unavailableAnswers) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          if (requests.incrementAndGet() <= unavailableAnswers) {
            exchange.getResponseHeaders().add("Retry-After", "1");
            answer(exchange, 503, "{\"title\": \"Instance not ready\", \"status\": 503}");
          } else {
            answer(exchange, 202, "{}");
          }
        });
    server.start();
    return new ApiClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "token");
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
