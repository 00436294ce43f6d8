package io.punctual.api.internal.timers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.punctual.InvalidTimerException;
import io.punctual.TimerCommand;
import io.punctual.TimerDefinition;
import io.punctual.api.ApiConfig;
import io.punctual.api.internal.Json;
import io.punctual.api.internal.SchedulerBinding;
import io.punctual.api.internal.auth.Caller;
import io.punctual.api.internal.problems.ApiProblem;
import io.punctual.json.AvroJson;
import io.punctual.scheduler.TimerCommands;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Clock;
import java.time.Instant;

/**
 * Commands about one timer, written to {@code <prefix>.commands} for the task that owns the timer
 * to apply: trigger, pause, resume, backfill. The timer is looked up first, so an unknown one, or
 * one of a namespace the token may not access, is a 404, and one whose owner is not known now a
 * 503.
 */
@Controller("/timers/{id}")
@ExecuteOn(TaskExecutors.BLOCKING)
public class TimerCommandController {
  private final ApiConfig config;
  private final SchedulerBinding binding;
  private final RecordProducer producer;
  private final TimerLookup lookup;
  private final TimerCommands commands;
  private final Clock clock;

  public TimerCommandController(
      ApiConfig config,
      SchedulerBinding binding,
      RecordProducer producer,
      TimerLookup lookup,
      Clock clock) {
    this.config = config;
    this.binding = binding;
    this.producer = producer;
    this.lookup = lookup;
    this.commands = new TimerCommands(clock);
    this.clock = clock;
  }

  /** Fires the timer now, without moving its schedule; answers the invocation id. */
  @Operation(summary = "Fire a timer now")
  @ApiResponse(responseCode = "202", description = "command written; body has the invocationId")
  @Post(uri = "/trigger", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> trigger(@PathVariable String id, HttpRequest<?> request) {
    Caller caller = authorize(id, request);
    TimerCommands.Trigger trigger = commands.trigger(id, caller.name());
    send(trigger.command());
    return accepted(trigger.command()).put("invocationId", trigger.invocationId()).toResponse();
  }

  /** Stops the timer firing until resumed or redefined. */
  @Operation(summary = "Pause a timer")
  @Post(uri = "/pause", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> pause(@PathVariable String id, HttpRequest<?> request) {
    TimerCommand command = commands.pause(id, authorize(id, request).name());
    send(command);
    return accepted(command).toResponse();
  }

  /** Restarts a paused timer; its misfire policy decides about what fell due meanwhile. */
  @Operation(summary = "Resume a timer")
  @Post(uri = "/resume", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> resume(@PathVariable String id, HttpRequest<?> request) {
    TimerCommand command = commands.resume(id, authorize(id, request).name());
    send(command);
    return accepted(command).toResponse();
  }

  /** Fires every instant of the timer's schedule in a past range; answers how many. */
  @Operation(summary = "Fire every instant of a past range")
  @ApiResponse(responseCode = "202", description = "command written; body has the count")
  @ApiResponse(responseCode = "400", description = "range in the future or past the bound")
  @Post(uri = "/backfill", produces = MediaType.APPLICATION_JSON)
  @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
  public HttpResponse<String> backfill(
      @PathVariable String id, @Body @Nullable String body, HttpRequest<?> request) {
    BackfillRange range = BackfillRange.parse(body, clock.instant());
    TimerDefinitionCheck.checkId(id);
    Caller caller = Caller.of(request);
    JsonNode timer = lookup.require(id, caller);
    int max = Math.min(config.getBackfill().getMax(), binding.config().backfillMaxFirings());
    int count = count(id, timer, range, max + 1);
    if (count > max) {
      throw ApiProblem.invalid(
          "from", "the range holds more than " + max + " instants (the backfill bound); split it");
    }
    TimerCommand command = commands.backfill(id, range.from(), range.to(), caller.name());
    send(command);
    return accepted(command).put("count", count).toResponse();
  }

  private static int count(String id, JsonNode timer, BackfillRange range, int limit) {
    TimerDefinition definition =
        AvroJson.fromJson(Json.write(timer.path("definition")), TimerDefinition.class);
    Instant anchor = Instant.parse(timer.path("anchor").asText());
    try {
      return TimerCommands.countInstants(id, definition, anchor, range.from(), range.to(), limit);
    } catch (InvalidTimerException e) {
      throw ApiProblem.invalid(e.field(), e.getMessage());
    }
  }

  private Caller authorize(String id, HttpRequest<?> request) {
    TimerDefinitionCheck.checkId(id);
    Caller caller = Caller.of(request);
    lookup.require(id, caller);
    return caller;
  }

  private void send(TimerCommand command) {
    producer.send(
        binding.topics().commands(),
        command.getTimerId(),
        AvroJson.toJson(command),
        command.getRequestedAt().toEpochMilli());
  }

  private static Accepted accepted(TimerCommand command) {
    ObjectNode body = Json.object();
    body.put("id", command.getTimerId());
    body.put("commandId", command.getCommandId());
    return new Accepted(body);
  }

  /** A 202 body under construction. */
  private record Accepted(ObjectNode body) {
    Accepted put(String name, String value) {
      body.put(name, value);
      return this;
    }

    Accepted put(String name, int value) {
      body.put(name, value);
      return this;
    }

    HttpResponse<String> toResponse() {
      return HttpResponse.<String>accepted()
          .body(Json.write(body))
          .contentType(MediaType.APPLICATION_JSON);
    }
  }
}
