package io.punctual.api.internal.timers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.punctual.StatusEvent;
import io.punctual.api.TargetRedaction;
import io.punctual.api.internal.Json;
import io.punctual.json.AvroJson;
import io.punctual.scheduler.TimerView;
import io.punctual.scheduler.UpcomingFiring;
import java.util.List;

/** The JSON forms of the scheduler's query answers. */
public final class TimerJson {
  private TimerJson() {}

  /**
   * A timer: its definition (JSON form of the contract, credential-looking target header values
   * redacted) and runtime state.
   */
  public static ObjectNode view(TimerView view) {
    ObjectNode node = Json.object();
    node.put("id", view.id());
    node.put("namespace", view.definition().getNamespace());
    node.set("definition", TargetRedaction.redact(Json.parse(AvroJson.toJson(view.definition()))));
    node.put("anchor", view.anchor().toString());
    ArrayNode next = node.putArray("nextInstants");
    view.nextInstants().forEach(instant -> next.add(instant.toString()));
    node.set("lastOutcome", view.lastOutcome() == null ? null : event(view.lastOutcome()));
    node.put("firings", view.firings());
    node.put("paused", view.paused());
    node.put("inFlight", view.inFlight());
    return node;
  }

  /** A status event in its JSON form. */
  public static JsonNode event(StatusEvent event) {
    return Json.parse(AvroJson.toJson(event));
  }

  /** A firing waiting in the due index, with its timer's namespace. */
  public static ObjectNode firing(UpcomingFiring firing, String namespace) {
    ObjectNode node = Json.object();
    node.put("timerId", firing.timerId());
    node.put("namespace", namespace);
    node.put("invocationId", firing.invocationId());
    node.put("dueAt", firing.dueAt().toString());
    node.put("attempt", firing.attempt());
    return node;
  }

  /** {@code {"<name>": [items...]}}. */
  public static ObjectNode wrap(String name, List<? extends JsonNode> items) {
    ObjectNode node = Json.object();
    node.putArray(name).addAll(items);
    return node;
  }
}
