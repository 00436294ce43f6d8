package io.punctual.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.HttpClientConfiguration;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Calls the {@code /internal} endpoints of the other scheduler instances (their {@code
 * application.server} addresses), passing the caller's {@code Authorization} header on, so each
 * instance applies the same access control to its own answer.
 */
@Singleton
public class PeerClient implements AutoCloseable {
  private final HttpClientConfiguration configuration;
  private final Map<HostInfo, HttpClient> clients = new ConcurrentHashMap<>();

  public PeerClient(HttpClientConfiguration configuration) {
    this.configuration = configuration;
  }

  /** The peer's answer to {@code GET pathAndQuery}, whatever its status. */
  public HttpResponse<String> get(HostInfo peer, String pathAndQuery, HttpRequest<?> original) {
    MutableHttpRequest<?> request = HttpRequest.GET(pathAndQuery);
    original
        .getHeaders()
        .get(HttpHeaders.AUTHORIZATION, String.class)
        .ifPresent(value -> request.header(HttpHeaders.AUTHORIZATION, value));
    try {
      return client(peer).toBlocking().exchange(request, String.class);
    } catch (HttpClientResponseException e) {
      HttpResponse<?> answer = e.getResponse();
      return HttpResponse.<String>status(answer.getStatus())
          .body(answer.getBody(String.class).orElse("{}"))
          .contentType(answer.getContentType().orElse(MediaType.APPLICATION_JSON_TYPE));
    } catch (HttpClientException e) {
      throw ApiProblem.unavailable(
          "scheduler instance " + peer + " did not answer: " + e.getMessage());
    }
  }

  /** The peer's JSON answer; a problem it answers is passed on as this request's problem. */
  public JsonNode getJson(HostInfo peer, String pathAndQuery, HttpRequest<?> original) {
    HttpResponse<String> response = get(peer, pathAndQuery, original);
    JsonNode body = Json.parse(response.getBody(String.class).orElse("{}"));
    if (response.getStatus().getCode() >= 300) {
      throw ApiProblem.fromDocument(body);
    }
    return body;
  }

  private HttpClient client(HostInfo peer) {
    return clients.computeIfAbsent(
        peer,
        host -> {
          try {
            URL url = URI.create("http://" + host.host() + ":" + host.port()).toURL();
            return HttpClient.create(url, configuration);
          } catch (MalformedURLException e) {
            throw ApiProblem.unavailable("bad application.server address " + host);
          }
        });
  }

  @PreDestroy
  @Override
  public void close() {
    clients.values().forEach(HttpClient::close);
    clients.clear();
  }
}
