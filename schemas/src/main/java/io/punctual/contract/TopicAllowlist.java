package io.punctual.contract;

import io.punctual.InvalidTimerException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The topics Punctual may write a user's record to: never a reserved one ({@link ReservedTopics}),
 * and, when patterns are given, only one that matches a pattern of them (whole-name regular
 * expressions; blank ones are ignored).
 *
 * @param reserved the reserved topics of the deployment
 * @param allowed the patterns; empty allows every topic that is not reserved
 * @param setting the setting the patterns come from, for error messages
 */
public record TopicAllowlist(ReservedTopics reserved, List<Pattern> allowed, String setting) {
  public TopicAllowlist {
    allowed = List.copyOf(allowed);
  }

  /** The allowlist of these patterns. */
  public static TopicAllowlist of(ReservedTopics reserved, List<String> patterns, String setting) {
    return new TopicAllowlist(
        reserved,
        patterns.stream()
            .map(String::trim)
            .filter(pattern -> !pattern.isEmpty())
            .map(Pattern::compile)
            .toList(),
        setting);
  }

  /**
   * Checks a topic.
   *
   * @throws InvalidTimerException naming {@code field} when the topic is not a topic name, is
   *     reserved or is not allowed
   */
  public void check(String field, String topic) {
    try {
      reserved.check(topic);
    } catch (InvalidTimerException e) {
      throw field.equals(e.field()) ? e : new InvalidTimerException(field, e.reason());
    }
    if (!allowed.isEmpty() && allowed.stream().noneMatch(p -> p.matcher(topic).matches())) {
      throw new InvalidTimerException(
          field, "'" + topic + "' is not allowed by " + setting + " " + allowed);
    }
  }
}
