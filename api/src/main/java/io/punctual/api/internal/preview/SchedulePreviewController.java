package io.punctual.api.internal.preview;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.punctual.api.ApiConfig;
import io.punctual.api.internal.Json;
import io.punctual.api.internal.QueryParams;
import io.punctual.scheduler.schedule.FiringSequence;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.Instant;

/** {@code GET /schedules/preview}: the next instants of a schedule, computed without Kafka. */
@Controller("/schedules")
public class SchedulePreviewController {
  private static final int DEFAULT_COUNT = 10;

  private final ApiConfig config;
  private final Clock clock;

  public SchedulePreviewController(ApiConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  /** The instants at or after {@code from} (default now) of the schedule described. */
  @Operation(
      summary = "Preview a schedule",
      description =
          "The next instants (ISO-8601 UTC) of exactly one of: cron (+ dialect, timeZone), every"
              + " (+ startAt), at.")
  @Get(uri = "/preview", produces = MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public String preview(
      @QueryValue @Nullable String cron,
      @QueryValue @Nullable String dialect,
      @QueryValue @Nullable String timeZone,
      @QueryValue @Nullable String every,
      @QueryValue @Nullable String startAt,
      @QueryValue @Nullable String at,
      @QueryValue @Nullable String from,
      @QueryValue @Nullable String count) {
    FiringSequence sequence = SchedulePreview.sequence(cron, dialect, timeZone, every, startAt, at);
    Instant start = QueryParams.instant("from", from, clock.instant());
    int limit =
        QueryParams.integer("count", count, DEFAULT_COUNT, 1, config.getPreview().getMaxCount());
    ObjectNode body = Json.object();
    ArrayNode instants = body.putArray("instants");
    SchedulePreview.next(sequence, start, limit).forEach(i -> instants.add(i.toString()));
    return Json.write(body);
  }
}
