package io.punctual.api.internal.timers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.punctual.InvalidTimerException;
import io.punctual.TimerDefinition;
import io.punctual.api.internal.Json;
import io.punctual.api.internal.SchedulerBinding;
import io.punctual.api.internal.auth.Caller;
import io.punctual.api.internal.problems.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

/** {@code PUT} and {@code DELETE /timers/{id}}: write a definition or a tombstone. */
@Controller("/timers")
@ExecuteOn(TaskExecutors.BLOCKING)
public class TimerWriteController {
  private final SchedulerBinding binding;
  private final RecordProducer producer;
  private final TimerLookup lookup;
  private final Clock clock;

  public TimerWriteController(
      SchedulerBinding binding, RecordProducer producer, TimerLookup lookup, Clock clock) {
    this.binding = binding;
    this.producer = producer;
    this.lookup = lookup;
    this.clock = clock;
  }

  /**
   * Validates the definition and, when valid, writes it to the timers topic. A token may write
   * timers of its namespaces only (403 otherwise). An existing timer keeps its namespace (409, even
   * for an admin token); one of a namespace the token may not access is not found (404). While the
   * owner of the id is not known, nothing is written (503).
   */
  @Operation(summary = "Create or replace a timer")
  @ApiResponse(responseCode = "202", description = "written to the timers topic")
  @ApiResponse(
      responseCode = "400",
      description = "invalid definition; the problem names the field")
  @ApiResponse(responseCode = "403", description = "the token may not use the namespace")
  @ApiResponse(
      responseCode = "404",
      description = "the id is a timer of a namespace the token may not access")
  @ApiResponse(responseCode = "409", description = "the definition would change the namespace")
  @ApiResponse(responseCode = "503", description = "which instance owns the id is not known now")
  @Put(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
  @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
  public HttpResponse<String> put(
      @PathVariable String id, @Body byte[] body, HttpRequest<?> request) {
    Caller caller = Caller.of(request);
    int maxBytes = binding.config().maxRecordBytes();
    if (body != null && body.length > maxBytes) {
      throw ApiProblem.invalid(
          InvalidTimerException.WHOLE_RECORD, "larger than " + maxBytes + " bytes");
    }
    long now = clock.millis();
    TimerDefinition definition =
        TimerDefinitionCheck.check(id, body, now, binding.config().reservedTopics());
    caller.requireAccess(definition.getNamespace());
    Optional<String> existing = lookup.namespaceOf(id);
    if (existing.isPresent() && !caller.mayAccess(existing.get())) {
      throw ApiProblem.timerNotFound(id);
    }
    if (existing.isPresent() && !existing.get().equals(definition.getNamespace())) {
      throw ApiProblem.namespaceChange(id, existing.get(), definition.getNamespace());
    }
    producer.send(binding.topics().timers(), id, new String(body, StandardCharsets.UTF_8), now);
    return accepted(id);
  }

  /** Writes a tombstone: the timer and everything not yet fired are cancelled. */
  @Operation(summary = "Delete a timer")
  @ApiResponse(responseCode = "202", description = "tombstone written")
  @ApiResponse(
      responseCode = "404",
      description = "no such timer, or one of a namespace the token may not access")
  @ApiResponse(responseCode = "503", description = "which instance owns the timer is not known now")
  @Delete(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> delete(@PathVariable String id, HttpRequest<?> request) {
    TimerDefinitionCheck.checkId(id);
    lookup.require(id, Caller.of(request));
    producer.send(binding.topics().timers(), id, null, clock.millis());
    return accepted(id);
  }

  static HttpResponse<String> accepted(String id) {
    ObjectNode body = Json.object();
    body.put("id", id);
    return HttpResponse.<String>accepted()
        .body(Json.write(body))
        .contentType(MediaType.APPLICATION_JSON);
  }
}
