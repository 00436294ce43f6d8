package io.punctual.api.internal.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.HttpClientConfiguration;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.punctual.api.ApiConfig;
import io.punctual.api.internal.Json;
import io.punctual.api.internal.auth.Caller;
import io.punctual.api.internal.problems.ApiProblem;
import io.punctual.api.internal.query.InternalPaths.InternalPath;
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
 * application.server} addresses, as the group's metadata advertises them) and no other path. It
 * presents the {@link InternalCredential} and names the caller's namespaces ({@link
 * InternalScope}); nothing of the caller's own request, its {@code Authorization} header least of
 * all, is sent.
 */
@Singleton
public class PeerClient implements AutoCloseable {
  private final HttpClientConfiguration configuration;
  private final InternalCredential credential;
  private final Map<HostInfo, HttpClient> clients = new ConcurrentHashMap<>();

  public PeerClient(HttpClientConfiguration configuration, InternalCredential credential) {
    this.configuration = configuration;
    this.credential = credential;
  }

  /** The peer's answer to {@code GET path} for {@code caller}, whatever its status. */
  public HttpResponse<String> get(HostInfo peer, InternalPath path, Caller caller) {
    MutableHttpRequest<?> request =
        HttpRequest.GET(path.withScope(caller))
            .header(InternalCredential.HEADER, credential.value());
    HttpResponse<String> answer = exchange(peer, request);
    if (answer.getStatus() == HttpStatus.UNAUTHORIZED) {
      throw ApiProblem.unavailable(
          "scheduler instance "
              + peer
              + " refused this instance's internal credential: set "
              + ApiConfig.PREFIX
              + ".internal-token to the same secret on every instance");
    }
    return answer;
  }

  /** The peer's JSON answer; a problem it answers is passed on as this request's problem. */
  public JsonNode getJson(HostInfo peer, InternalPath path, Caller caller) {
    HttpResponse<String> response = get(peer, path, caller);
    JsonNode body = Json.parse(response.getBody(String.class).orElse("{}"));
    if (response.getStatus().getCode() >= 300) {
      throw ApiProblem.fromDocument(body);
    }
    return body;
  }

  private HttpResponse<String> exchange(HostInfo peer, MutableHttpRequest<?> request) {
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

  private HttpClient client(HostInfo peer) {
    return clients.computeIfAbsent(
        peer,
        host -> {
          try {
            URL url = URI.create("http://" + host.host() + ":" + host.port()).toURL();
            return HttpClient.create(url, configuration);
          } catch (MalformedURLException | IllegalArgumentException e) {
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
