package io.punctual.reliability;

import io.punctual.testkit.JavaProcess;

/**
 * One process of the cluster under test (a scheduler or an executor instance), which the faults
 * kill, freeze and start again under the same name and state directory.
 */
final class Member {
  /** Starts one incarnation, named for its log, and waits until it is ready. */
  interface Launch {
    JavaProcess start(String incarnation) throws InterruptedException;
  }

  private final String name;
  private final Launch launch;
  private JavaProcess process;
  private int starts;

  Member(String name, Launch launch) {
    this.name = name;
    this.launch = launch;
  }

  String name() {
    return name;
  }

  /** Starts it (again), logging to {@code <name>.<n>.log}, and waits until it is ready. */
  void start() throws InterruptedException {
    starts++;
    process = launch.start(name + "." + starts);
  }

  /** SIGKILL. */
  void kill() throws InterruptedException {
    process.kill();
  }

  /** SIGSTOP. */
  void suspend() throws InterruptedException {
    process.suspend();
  }

  /** SIGCONT. */
  void resume() throws InterruptedException {
    process.resume();
  }

  /** SIGTERM, waiting for a graceful end. */
  void stop() {
    if (process != null) {
      process.close();
    }
  }

  /** Whether its current incarnation runs (a frozen one does). */
  boolean alive() {
    return process != null && process.isAlive();
  }

  /** The current incarnation. */
  JavaProcess process() {
    return process;
  }
}
