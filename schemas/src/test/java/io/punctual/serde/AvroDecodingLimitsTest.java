package io.punctual.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.InvalidTimerException;
import io.punctual.Samples;
import io.punctual.TimerCommand;
import io.punctual.TimerDefinition;
import io.punctual.devkit.MiniSchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Avro input declaring a string, bytes or collection larger than itself is refused before anything
 * is allocated for it: a few bytes cannot make the decoder claim gigabytes.
 */
class AvroDecodingLimitsTest {
  private static final String TOPIC = "limits-test";

  /** The largest length Avro's own checks let through: {@code Integer.MAX_VALUE - 8}. */
  private static final long AVRO_MAX = Integer.MAX_VALUE - 8;

  /** Far below what the declared lengths would cost, far above what decoding a record costs. */
  private static final long ALLOCATION_BOUND = 1 << 20;

  private MiniSchemaRegistry registry;
  private RestSchemaRegistryClient client;

  @BeforeEach
  void startRegistry() {
    registry = MiniSchemaRegistry.start(0);
    client = new RestSchemaRegistryClient(registry.url());
  }

  @AfterEach
  void stopRegistry() {
    registry.close();
  }

  /** Each type, a valid sample, and the bytes of its encoding that precede its first string. */
  static Stream<Arguments> firstStrings() {
    return Stream.of(
        Arguments.of(Samples.cronTimer(), new byte[] {2}),
        Arguments.of(command(), new byte[] {0}),
        Arguments.of(Samples.statusEvent(), new byte[] {0}),
        Arguments.of(Samples.invocation(), new byte[] {}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("firstStrings")
  void shouldRefuseAStringOfTwoGigabytesDeclaredInAFewBytes(
      SpecificRecordBase sample, byte[] prefix) {
    // Given a record whose first string declares 2^31 - 9 bytes and holds one
    ConfluentAvroDeserializer<? extends SpecificRecord> deserializer = warmedUp(sample);
    byte[] avro = concat(prefix, varint(AVRO_MAX), new byte[] {'x'});
    byte[] framed = framed(idOf(sample.getSchema()), avro);

    // When
    Refusal refusal = decode(deserializer, framed);

    // Then the intake's dead-letter exception, quickly, without the allocation
    assertTrue(refusal.allocated() < ALLOCATION_BOUND, refusal.allocated() + " bytes allocated");
    assertTrue(refusal.took().toMillis() < 1000, refusal.took().toString());
    assertEquals("$", refusal.error().field());
    assertTrue(refusal.error().reason().contains("declared"), refusal.error().getMessage());
  }

  @Test
  void shouldRefuseAMapOfMoreEntriesThanTheRecordHoldsBytes() {
    // Given a timer whose labels, its last field, declare 2^31 - 9 entries in their first block
    // and hold one
    ConfluentAvroDeserializer<? extends SpecificRecord> deserializer =
        warmedUp(Samples.cronTimer());
    TimerDefinition unlabelled =
        TimerDefinition.newBuilder(Samples.cronTimer()).setLabels(Map.of()).build();
    byte[] valid = AvroBytes.encode(unlabelled);
    byte[] labels = concat(varint(AVRO_MAX), new byte[] {2, 'k', 2, 'v', 0});
    byte[] avro = concat(Arrays.copyOf(valid, valid.length - 1), labels);

    // When
    Refusal refusal = decode(deserializer, framed(idOf(TimerDefinition.getClassSchema()), avro));

    // Then
    assertTrue(refusal.allocated() < ALLOCATION_BOUND, refusal.allocated() + " bytes allocated");
    assertTrue(refusal.took().toMillis() < 1000, refusal.took().toString());
    assertEquals("$", refusal.error().field());
    assertTrue(refusal.error().reason().contains("items"), refusal.error().getMessage());
  }

  @ParameterizedTest(name = "{0} items")
  @ValueSource(longs = {1L << 31, AVRO_MAX})
  void shouldRefuseAnArrayOfMoreItemsThanTheRecordHoldsBytes(long items) throws IOException {
    // Given a writer schema with an array of strings, and a record declaring that many items
    Schema schema =
        new Schema.Parser()
            .parse(
                """
                {"type": "record", "name": "Tags", "fields": [
                  {"name": "tags", "type": {"type": "array", "items": "string"}}]}
                """);
    byte[] avro = concat(varint(items), new byte[] {2, 'x', 0});
    GenericDatumReader<Object> reader = new GenericDatumReader<>(schema);

    // When
    long before = allocatedBytes();
    IOException e =
        assertThrows(
            IOException.class,
            () -> reader.read(null, new BoundedBinaryDecoder(avro, 0, avro.length)));
    long allocated = allocatedBytes() - before;

    // Then
    assertTrue(e.getMessage().contains("items is declared"), e.getMessage());
    assertTrue(allocated < ALLOCATION_BOUND, allocated + " bytes allocated");
  }

  @Test
  void shouldRefuseAnArrayTheReaderSkipsWhenItDeclaresMoreItemsThanBytes() {
    // Given a timer written with a newer schema: an array field the reader does not know
    String current = TimerDefinition.getClassSchema().toString();
    int fields = current.indexOf("\"fields\":[") + "\"fields\":[".length();
    String extra = "{\"name\":\"extra\",\"type\":{\"type\":\"array\",\"items\":\"null\"}},";
    Schema newer =
        new Schema.Parser().parse(current.substring(0, fields) + extra + current.substring(fields));
    ConfluentAvroDeserializer<? extends SpecificRecord> deserializer =
        warmedUp(Samples.cronTimer());
    byte[] avro = concat(varint(AVRO_MAX), new byte[] {0}, AvroBytes.encode(Samples.cronTimer()));

    // When
    Refusal refusal = decode(deserializer, framed(idOf(newer), avro));

    // Then refused at once, not after skipping two billion nulls
    assertEquals("$", refusal.error().field());
    assertTrue(refusal.took().toMillis() < 1000, refusal.took().toString());
  }

  @Test
  void shouldStillReadEveryTypeOfRecord() {
    for (SpecificRecordBase sample :
        List.of(Samples.cronTimer(), command(), Samples.statusEvent(), Samples.invocation())) {
      // Given
      ConfluentAvroDeserializer<? extends SpecificRecord> deserializer =
          new ConfluentAvroDeserializer<>(sample.getClass(), client);
      byte[] framed = framed(idOf(sample.getSchema()), AvroBytes.encode(sample));

      // When / Then
      assertEquals(sample, deserializer.deserialize(TOPIC, framed));
    }
  }

  private record Refusal(InvalidTimerException error, long allocated, Duration took) {}

  private static Refusal decode(
      ConfluentAvroDeserializer<? extends SpecificRecord> deserializer, byte[] framed) {
    long before = allocatedBytes();
    long start = System.nanoTime();
    InvalidTimerException e =
        assertThrows(InvalidTimerException.class, () -> deserializer.deserialize(TOPIC, framed));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    return new Refusal(e, allocatedBytes() - before, took);
  }

  /** A deserializer that has fetched the sample's schema already, so it allocates no more. */
  private ConfluentAvroDeserializer<? extends SpecificRecord> warmedUp(SpecificRecordBase sample) {
    ConfluentAvroDeserializer<? extends SpecificRecord> deserializer =
        new ConfluentAvroDeserializer<>(sample.getClass(), client);
    deserializer.deserialize(TOPIC, framed(idOf(sample.getSchema()), AvroBytes.encode(sample)));
    return deserializer;
  }

  private int idOf(Schema schema) {
    return client.register(TOPIC + "-" + Integer.toHexString(schema.hashCode()), schema);
  }

  private static TimerCommand command() {
    return TimerCommand.newBuilder()
        .setType(io.punctual.CommandType.TRIGGER)
        .setTimerId("t-1")
        .setCommandId("c-1")
        .setRequestedAt(Samples.AT)
        .build();
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  private static byte[] framed(int id, byte[] avro) {
    return ByteBuffer.allocate(5 + avro.length).put((byte) 0).putInt(id).put(avro).array();
  }

  /** Avro's zig-zag variable-length encoding of a long. */
  private static byte[] varint(long value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long zigzag = (value << 1) ^ (value >> 63);
    while ((zigzag & ~0x7fL) != 0) {
      out.write((int) ((zigzag & 0x7f) | 0x80));
      zigzag >>>= 7;
    }
    out.write((int) zigzag);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
