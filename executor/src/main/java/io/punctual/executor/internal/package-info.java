/**
 * The executor's internals, one sub-package per step of a trigger's flow: {@code consume} reads
 * triggers and commits their offsets; {@code engine} takes each execution from its instant to its
 * end; {@code action} performs an attempt over HTTP or Kafka; {@code guard} decides what a target
 * may reach; {@code publish} writes status events, dead letters and meters. Dependencies point one
 * way: consume uses engine and publish, engine uses action and publish, publish uses action, action
 * uses guard. This package holds what they share: the trigger, the Kafka clients, the threads, the
 * retry arithmetic.
 */
package io.punctual.executor.internal;
