package io.punctual.api.internal.timers;

import io.punctual.api.internal.problems.ApiProblem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code label=key:value} query parameters of a listing: every one must match. */
final class LabelFilter {
  private LabelFilter() {}

  static Map<String, String> parse(List<String> values) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String value : values) {
      int colon = value.indexOf(':');
      if (colon <= 0) {
        throw ApiProblem.invalid("label", "expected key:value, got '" + value + "'");
      }
      labels.put(value.substring(0, colon), value.substring(colon + 1));
    }
    return labels;
  }
}
