package io.punctual.executor.internal.guard;

import io.punctual.executor.ExecutorException;

/** An HTTP target the executor may not call; the message names the rule that refused it. */
public class TargetRefusedException extends ExecutorException {
  private static final long serialVersionUID = 1L;

  private final String rule;

  public TargetRefusedException(String rule, String message) {
    super("target refused by rule " + rule + ": " + message);
    this.rule = rule;
  }

  /**
   * The rule: link-local, cloud-metadata, unspecified, multicast, reserved, loopback, private,
   * scheme, or secret (a header's secret reference cannot be resolved).
   */
  public String rule() {
    return rule;
  }
}
