package io.punctual.reliability;

import io.punctual.AtSchedule;
import io.punctual.HttpTarget;
import io.punctual.TimerDefinition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Malformed records of every kind the hostile-input test sends, and the valid ones between them.
 * Each record says whether it is valid: by construction, except a bit-flipped Avro record, which
 * may still decode to a valid definition and is judged by decoding it. (A record without a key is
 * not among them: the broker itself refuses it on a compacted topic, with its whole batch.)
 */
final class HostileRecords {
  /** The kinds of malformed record, and the one kind of valid record with an unusual id. */
  enum Kind {
    RANDOM_BYTES,
    EMPTY_VALUE,
    TRUNCATED_AVRO,
    BIT_FLIPPED_AVRO,
    UNKNOWN_SCHEMA_ID,
    INVALID_JSON,
    DEEPLY_NESTED_JSON,
    HUGE_STRING,
    HUGE_BODY,
    INVALID_CRON,
    NEVER_FIRING_CRON,
    UNKNOWN_ZONE,
    YEAR_0,
    YEAR_10000,
    NEGATIVE_PERIOD,
    ZERO_PERIOD,
    NEGATIVE_DELAY,
    ID_KEY_MISMATCH,
    CONTROL_CHARACTER_ID,
    KEY_NOT_UTF8,
    EMPTY_KEY,
    UNKNOWN_FIELD,
    WRONG_TYPE,
    MALFORMED_URL
  }

  /** A record to send: key and value bytes (either may be null), and whether it is valid. */
  record Hostile(Kind kind, byte[] key, byte[] value, boolean valid) {}

  private static final String[] BAD_CRONS = {
    "61 * * * *", "* * *", "@never", "0 0 12 ? * MON#6", "*/0 * * * *", "0 0 ? * ? *", "ü * * * *"
  };
  private static final String[] NEVER_CRONS = {"0 0 30 2 *", "0 0 0 31 4 ?", "0 0 0 30 2 ? 2030"};
  private static final String[] BAD_ZONES = {"Mars/Olympus", "Europe/Atlantis", "UTC+25", "GMT+99"};

  private final Random random;
  private final String target;
  private final Function<TimerDefinition, byte[]> avro;
  private final BiPredicate<byte[], byte[]> judge;

  /**
   * @param target the URL of the valid timers' HTTP target (no executor calls it: the test counts
   *     their triggers)
   * @param avro writes a definition as Confluent-framed Avro (registering its schema)
   * @param judge whether a key and value make a valid definition, by decoding them
   */
  HostileRecords(
      Random random,
      String target,
      Function<TimerDefinition, byte[]> avro,
      BiPredicate<byte[], byte[]> judge) {
    this.random = random;
    this.target = target;
    this.avro = avro;
    this.judge = judge;
  }

  /** The {@code n}-th malformed record, of kind {@code n} modulo the number of kinds. */
  Hostile malformed(int n, Instant at) {
    Kind kind = Kind.values()[n % Kind.values().length];
    String id = "bad-" + kind.name().toLowerCase() + "-" + n;
    byte[] key = utf8(id);
    return switch (kind) {
      case RANDOM_BYTES -> bad(kind, key, bytes(1 + random.nextInt(4096)));
      case EMPTY_VALUE -> bad(kind, key, new byte[0]);
      case TRUNCATED_AVRO -> {
        byte[] whole = avro(at);
        yield bad(kind, key, Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 1)));
      }
      case BIT_FLIPPED_AVRO -> {
        byte[] flipped = avro(at);
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
          int bit = 8 * 5 + random.nextInt((flipped.length - 5) * 8);
          flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        yield new Hostile(kind, key, flipped, judge.test(key, flipped));
      }
      case UNKNOWN_SCHEMA_ID -> {
        byte[] framed = avro(at);
        int schema = 1_000_000 + n;
        framed[1] = (byte) (schema >>> 24);
        framed[2] = (byte) (schema >>> 16);
        framed[3] = (byte) (schema >>> 8);
        framed[4] = (byte) schema;
        yield bad(kind, key, framed);
      }
      case INVALID_JSON -> {
        String json = json(at);
        yield bad(kind, key, utf8(json.substring(0, random.nextInt(json.length() - 1)) + "\u0000"));
      }
      case DEEPLY_NESTED_JSON -> {
        int depth = 100 + random.nextInt(5_000);
        yield bad(
            kind,
            key,
            utf8("{\"labels\": " + "{\"a\": ".repeat(depth) + "1" + "}".repeat(depth + 1)));
      }
      case HUGE_STRING ->
          bad(
              kind,
              key,
              utf8(definition(at, "\"labels\": {\"x\": \"" + "x".repeat(300_000) + "\"}")));
      case HUGE_BODY ->
          bad(kind, key, utf8(httpCall(at, "http://127.0.0.1:1/", "b".repeat(400_000))));
      case INVALID_CRON -> bad(kind, key, utf8(cron(BAD_CRONS[n % BAD_CRONS.length], "UTC")));
      case NEVER_FIRING_CRON ->
          bad(kind, key, utf8(cron(NEVER_CRONS[n % NEVER_CRONS.length], "UTC")));
      case UNKNOWN_ZONE -> bad(kind, key, utf8(cron("* * * * *", BAD_ZONES[n % BAD_ZONES.length])));
      case YEAR_0 -> bad(kind, key, utf8(json("0000-01-01T00:00:00Z")));
      case YEAR_10000 -> bad(kind, key, utf8(json("+10000-01-01T00:00:00Z")));
      case NEGATIVE_PERIOD -> bad(kind, key, utf8(schedule("{\"every\": \"-PT1S\"}")));
      case ZERO_PERIOD -> bad(kind, key, utf8(schedule("{\"every\": \"PT0S\"}")));
      case NEGATIVE_DELAY -> bad(kind, key, utf8(schedule("{\"after\": \"-PT5S\"}")));
      case ID_KEY_MISMATCH -> bad(kind, key, utf8(definition(at, "\"id\": \"other-" + n + "\"")));
      case CONTROL_CHARACTER_ID -> bad(kind, utf8("bad\u0001ctl\u0007-" + n), utf8(json(at)));
      case KEY_NOT_UTF8 ->
          bad(
              kind,
              new byte[] {'k', (byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) n},
              utf8(json(at)));
      case EMPTY_KEY -> bad(kind, new byte[0], utf8(json(at)));
      case UNKNOWN_FIELD -> bad(kind, key, utf8(definition(at, "\"colour\": \"red\"")));
      case WRONG_TYPE -> bad(kind, key, utf8(definition(at, "\"maxFirings\": \"many\"")));
      case MALFORMED_URL -> bad(kind, key, utf8(httpCall(at, "ht tp://\u00e9/", null)));
    };
  }

  /**
   * A valid one-shot due at {@code at}, half in JSON and half in Avro; every fourth has an id
   * outside the Basic Multilingual Plane.
   */
  Hostile valid(int n, Instant at) {
    String id = (n % 4 == 0 ? "ok-\uD83D\uDE00\uD834\uDD1E-" : "ok-") + n;
    byte[] value = n % 2 == 0 ? utf8(json(at)) : avro(at);
    return new Hostile(null, utf8(id), value, true);
  }

  /**
   * The {@code n}-th round of malformed requests for the REST API, one of each kind: what is wrong,
   * the id in the path (URL-encoded), the body.
   */
  List<String[]> requests(int n, Instant at) {
    String id = "api-bad-" + n;
    return List.of(
        new String[] {"invalid JSON", id, json(at).substring(0, 20)},
        new String[] {
          "deeply nested JSON",
          id,
          "{\"labels\": " + "{\"a\": ".repeat(2_000) + "1" + "}".repeat(2_001)
        },
        new String[] {
          "huge body", id, definition(at, "\"labels\": {\"x\": \"" + "x".repeat(300_000) + "\"}")
        },
        new String[] {"invalid cron", id, cron(BAD_CRONS[n % BAD_CRONS.length], "UTC")},
        new String[] {"never firing cron", id, cron(NEVER_CRONS[n % NEVER_CRONS.length], "UTC")},
        new String[] {"unknown zone", id, cron("* * * * *", BAD_ZONES[n % BAD_ZONES.length])},
        new String[] {"year 0", id, json("0000-01-01T00:00:00Z")},
        new String[] {"negative period", id, schedule("{\"every\": \"-PT1S\"}")},
        new String[] {"zero period", id, schedule("{\"every\": \"PT0S\"}")},
        new String[] {"id differs from path", id, definition(at, "\"id\": \"other-" + n + "\"")},
        new String[] {"control character in id", "api%01bad-" + n, json(at)},
        new String[] {"unknown field", id, definition(at, "\"colour\": \"red\"")});
  }

  private Hostile bad(Kind kind, byte[] key, byte[] value) {
    return new Hostile(kind, key, value, false);
  }

  private byte[] avro(Instant at) {
    return avro.apply(
        TimerDefinition.newBuilder()
            .setSchedule(new AtSchedule(at))
            .setTarget(HttpTarget.newBuilder().setUrl(target).build())
            .build());
  }

  private byte[] bytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  String json(Instant at) {
    return json(at.toString());
  }

  private String json(String at) {
    return "{\"schedule\": {\"at\": \""
        + at
        + "\"}, \"target\": {\"http\": {\"url\": \""
        + target
        + "\"}}}";
  }

  private String definition(Instant at, String more) {
    return "{\"schedule\": {\"at\": \""
        + at
        + "\"}, \"target\": {\"http\": {\"url\": \""
        + target
        + "\"}}, "
        + more
        + "}";
  }

  /** A one-shot calling {@code url}, with {@code body} when not null. */
  private static String httpCall(Instant at, String url, String body) {
    return "{\"schedule\": {\"at\": \""
        + at
        + "\"}, \"target\": {\"http\": {\"url\": \""
        + url
        + "\""
        + (body == null ? "" : ", \"body\": \"" + body + "\"")
        + "}}}";
  }

  private String cron(String expression, String zone) {
    return schedule("{\"cron\": \"" + expression + "\", \"timeZone\": \"" + zone + "\"}");
  }

  private String schedule(String schedule) {
    return "{\"schedule\": "
        + schedule
        + ", \"target\": {\"http\": {\"url\": \""
        + target
        + "\"}}}";
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
