package io.punctual.scheduler.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.SingleCron;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.punctual.CronDialect;
import io.punctual.InvalidTimerException;

/** Dialect inference and parsing with cron-utils' definitions of the three dialects. */
final class CronSyntax {
  static final String DIALECT_FIELD = "schedule.dialect";

  private static final CronParser UNIX = parser(CronType.UNIX);
  private static final CronParser QUARTZ = parser(CronType.QUARTZ);
  private static final CronParser SPRING = parser(CronType.SPRING53);

  private CronSyntax() {}

  /** The dialect to parse with: the given one, or inferred from the field count (AUTO, null). */
  static CronDialect resolve(CronDialect dialect, String[] fields) {
    if (dialect == null || dialect == CronDialect.AUTO) {
      if (fields.length == 5) {
        return CronDialect.UNIX;
      }
      if (fields.length == 6 || fields.length == 7) {
        return CronDialect.QUARTZ;
      }
      throw new InvalidTimerException(
          CronCompiler.FIELD,
          "expected 5 fields (UNIX) or 6 to 7 fields (QUARTZ), found " + fields.length);
    }
    if (dialect == CronDialect.UNKNOWN) {
      throw new InvalidTimerException(DIALECT_FIELD, "unknown dialect; use UNIX, QUARTZ or SPRING");
    }
    return dialect;
  }

  /** Parses and validates {@code expression} in {@code dialect} (UNIX, QUARTZ or SPRING). */
  static Cron parse(String expression, CronDialect dialect) {
    if (expression.indexOf('|') >= 0) {
      throw new InvalidTimerException(CronCompiler.FIELD, "'|' is not cron syntax: " + expression);
    }
    String text = dialect == CronDialect.UNIX ? UnixDaysOfWeek.normalize(expression) : expression;
    Cron cron;
    try {
      cron = parser(dialect).parse(text);
    } catch (RuntimeException invalid) {
      throw new InvalidTimerException(
          CronCompiler.FIELD,
          "invalid " + dialect + " cron '" + expression + "': " + invalid.getMessage(),
          invalid);
    }
    if (!(cron instanceof SingleCron)) {
      throw new InvalidTimerException(CronCompiler.FIELD, "unsupported cron: " + expression);
    }
    return cron;
  }

  private static CronParser parser(CronDialect dialect) {
    switch (dialect) {
      case UNIX:
        return UNIX;
      case QUARTZ:
        return QUARTZ;
      case SPRING:
        return SPRING;
      default:
        throw new InvalidTimerException(DIALECT_FIELD, "unsupported dialect: " + dialect);
    }
  }

  private static CronParser parser(CronType type) {
    return new CronParser(CronDefinitionBuilder.instanceDefinitionFor(type));
  }
}
