package io.punctual.scheduler.internals.intake;

import io.punctual.scheduler.internals.scheduling.InputPaces;
import io.punctual.scheduler.internals.scheduling.SchedulingSettings;
import io.punctual.scheduler.internals.state.StatusHistory;
import io.punctual.serde.SchemaRegistryException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The intake of an input topic (timers, commands): decodes and validates each record by its {@link
 * IntakeRules}. A valid value, keyed by its timer id, goes on to the next stage; anything else goes
 * to the dead-letter topic with headers naming the error and its origin, and a {@code REJECTED}
 * status event ({@link Rejections}). No record stops the stream thread, except when the schema
 * registry itself cannot be reached (the record is not at fault then).
 *
 * <p>The value is typed {@code V} from decoding to the forward; the processor's output is {@code
 * Object} because its children differ: the next stage takes {@code String, V}, the dead-letter sink
 * the original bytes, the status sink status events.
 *
 * @param <V> the decoded value
 */
public final class IntakeProcessor<V> implements Processor<byte[], byte[], Object, Object> {
  private final String what;
  private final IntakeRules<V> rules;
  private final String next;
  private final int maxRecordBytes;
  private final SchedulingSettings settings;
  private final InputPaces paces;
  private ProcessorContext<Object, Object> context;
  private Rejections rejections;

  /**
   * @param what what a record is, in rejection messages ("timer record", "command")
   * @param next the name of the node valid values go to
   * @param maxRecordBytes larger records are rejected
   * @param settings the scheduling settings (this instance's name, the history's size)
   * @param paces told of each record, so that firing leaves input its share when it lags
   */
  public IntakeProcessor(
      String what,
      IntakeRules<V> rules,
      String next,
      int maxRecordBytes,
      SchedulingSettings settings,
      InputPaces paces) {
    this.what = what;
    this.rules = rules;
    this.next = next;
    this.maxRecordBytes = maxRecordBytes;
    this.settings = settings;
    this.paces = paces;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.rejections =
        new Rejections(
            context,
            settings.instance(),
            StatusHistory.of(context, settings.historySize(), settings.activity()),
            what);
    rules.init(context);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    paces.ofThisThread().input(record.timestamp(), context.currentSystemTimeMs());
    String timerId;
    V value = null;
    try {
      timerId = Rejections.decodeKey(record.key());
      TimerValidator.validateId(timerId);
      if (record.value() != null) {
        Rejections.checkSize(record.value(), maxRecordBytes);
      }
      String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
      value = rules.decode(topic, record.headers(), record.value());
      value = rules.admit(timerId, value, record.timestamp(), context.currentSystemTimeMs());
    } catch (SchemaRegistryException e) {
      throw e;
    } catch (RuntimeException e) {
      rejections.reject(
          record, Rejections.invalid(e), value == null ? null : rules.namespace(value));
      return;
    }
    context.forward(new Record<String, V>(timerId, value, record.timestamp()), next);
  }
}
