package io.punctual.api.internal.deadletters;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.punctual.api.ApiConfig;
import io.punctual.api.internal.QueryParams;
import io.punctual.api.internal.auth.Caller;
import io.punctual.api.internal.timers.TimerJson;
import io.punctual.api.internal.timers.TimerReadController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.util.function.Predicate;

/**
 * {@code GET /dead-letters}: the newest letters of the dead-letter topic the caller may see, newest
 * first, each with its reason, field, origin and the timer it is about; any instance answers, from
 * the topic.
 */
@Controller("/dead-letters")
@ExecuteOn(TaskExecutors.BLOCKING)
public class DeadLettersController {
  /** Page size when {@code limit} is absent. */
  static final int DEFAULT_LIMIT = 50;

  private final ApiConfig config;
  private final DeadLetterReader reader;

  public DeadLettersController(ApiConfig config, DeadLetterReader reader) {
    this.config = config;
    this.reader = reader;
  }

  @Operation(summary = "The newest dead letters, with the reason of each")
  @Get(produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> deadLetters(
      @Parameter(description = "only letters of this namespace") @QueryValue @Nullable
          String namespace,
      @QueryValue @Nullable String limit,
      HttpRequest<?> request) {
    Caller caller = Caller.of(request);
    String only = namespace == null || namespace.isBlank() ? null : namespace;
    if (only != null) {
      caller.requireAccess(only);
    }
    int size =
        QueryParams.integer("limit", limit, DEFAULT_LIMIT, 1, config.getPage().getMaxLimit());
    Predicate<String> visible =
        only != null
            ? only::equals
            : letterNamespace ->
                letterNamespace == null ? caller.admin() : caller.mayAccess(letterNamespace);
    DeadLetterReader.Page page = reader.newest(visible, size, config.getDeadLetters().getMaxScan());
    ObjectNode body = TimerJson.wrap("deadLetters", page.letters());
    body.put("partial", page.partial());
    return TimerReadController.ok(body);
  }
}
