package io.punctual.contract;

import io.punctual.InvalidTimerException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The topics no Kafka target may write to: Punctual's own ({@code <prefix>.*}, Kafka Connect's and
 * ksqlDB's outputs of {@code bin/punctual connect} and {@code connectors/ksql} among them), the
 * scheduler's internal topics ({@code <application.id>-*}: changelogs and repartitions), every
 * topic starting with an underscore (Kafka's {@code __*}, the schema registry's {@code _schemas},
 * ksqlDB's command topic {@code _confluent-ksql-*}) and Kafka Connect's default internal topics
 * ({@code connect-configs}, {@code connect-offsets}, {@code connect-status}). A target into one of
 * them could redefine, pause or fake the outcomes of another namespace's timers, corrupt the
 * scheduler's state, or run statements or connectors of its choosing.
 *
 * @param prefixes the reserved name prefixes; a topic starting with one is refused
 */
public record ReservedTopics(List<String> prefixes) {
  /** The field these rules apply to. */
  public static final String FIELD = "target.kafka.topic";

  /**
   * The internal topics of a Kafka Connect cluster set up as Apache Kafka's sample configuration
   * sets one up; {@code bin/punctual connect}'s are under the topic prefix.
   */
  private static final Set<String> CONNECT_DEFAULTS =
      Set.of("connect-configs", "connect-offsets", "connect-status");

  /** Kafka's own topic rule: 1 to 249 of {@code a-z A-Z 0-9 . _ -}, and neither . nor .. */
  private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  /**
   * The reserved topics of the defaults: topic prefix {@code punctual}, application id {@code
   * punctual-scheduler}.
   */
  public static final ReservedTopics DEFAULT = of("punctual", "punctual-scheduler");

  public ReservedTopics {
    prefixes = List.copyOf(prefixes);
  }

  /** The reserved topics of a deployment with this topic prefix and Streams application id. */
  public static ReservedTopics of(String topicPrefix, String applicationId) {
    return new ReservedTopics(List.of(topicPrefix + ".", applicationId + "-", "_"));
  }

  /**
   * Checks a Kafka target's topic.
   *
   * @throws InvalidTimerException naming {@link #FIELD} when the topic is not a Kafka topic name or
   *     is reserved
   */
  public void check(String topic) {
    if (topic == null
        || !TOPIC_NAME.matcher(topic).matches()
        || ".".equals(topic)
        || "..".equals(topic)) {
      throw new InvalidTimerException(
          FIELD, "'" + topic + "' is not a Kafka topic name (1-249 of a-z A-Z 0-9 . _ -)");
    }
    String folded = topic.toLowerCase(Locale.ROOT);
    if (CONNECT_DEFAULTS.contains(folded)) {
      throw new InvalidTimerException(
          FIELD,
          "'"
              + topic
              + "' is reserved (an internal topic of Kafka Connect: a record there could create"
              + " or change a connector)");
    }
    for (String prefix : prefixes) {
      if (folded.startsWith(prefix.toLowerCase(Locale.ROOT))
          || folded.equals(trimmed(prefix).toLowerCase(Locale.ROOT))) {
        throw new InvalidTimerException(
            FIELD, "'" + topic + "' is reserved (topics starting with '" + prefix + "')");
      }
    }
  }

  private static String trimmed(String prefix) {
    return prefix.endsWith(".") || prefix.endsWith("-")
        ? prefix.substring(0, prefix.length() - 1)
        : prefix;
  }
}
