package io.punctual.api.internal.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import io.punctual.StatusType;
import io.punctual.api.internal.auth.Caller;
import io.punctual.api.internal.problems.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.reactivestreams.Publisher;

/**
 * {@code GET /events}: status events as they happen, as server-sent events, of the namespaces the
 * caller may see (narrowed by {@code namespace}, {@code timer} and {@code type}, each repeatable or
 * comma-separated but {@code timer}).
 */
@Controller("/events")
public class EventsController {
  private final StatusEventStreams streams;

  public EventsController(StatusEventStreams streams) {
    this.streams = streams;
  }

  @Operation(summary = "Status events as they happen (text/event-stream)")
  @Get(produces = MediaType.TEXT_EVENT_STREAM)
  public Publisher<Event<String>> events(
      @QueryValue @Nullable List<String> namespace,
      @QueryValue @Nullable String timer,
      @QueryValue @Nullable List<String> type,
      HttpRequest<?> request) {
    Caller caller = Caller.of(request);
    Set<String> namespaces = values(namespace);
    namespaces.forEach(caller::requireAccess);
    Set<String> types = values(type);
    for (String name : types) {
      try {
        StatusType.valueOf(name);
      } catch (IllegalArgumentException e) {
        throw ApiProblem.invalid("type", "unknown status type '" + name + "'");
      }
    }
    return streams.open(new EventFilter(caller, namespaces, timer, types));
  }

  private static Set<String> values(List<String> given) {
    Set<String> values = new LinkedHashSet<>();
    if (given != null) {
      for (String value : given) {
        for (String part : value.split(",")) {
          if (!part.isBlank()) {
            values.add(part.strip());
          }
        }
      }
    }
    return values;
  }
}
