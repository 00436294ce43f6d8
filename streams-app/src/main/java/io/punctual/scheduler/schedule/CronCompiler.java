package io.punctual.scheduler.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.field.CronField;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.field.expression.Always;
import com.cronutils.model.field.expression.And;
import com.cronutils.model.field.expression.Between;
import com.cronutils.model.field.expression.Every;
import com.cronutils.model.field.expression.FieldExpression;
import com.cronutils.model.field.expression.On;
import com.cronutils.model.field.expression.QuestionMark;
import com.cronutils.model.field.value.FieldValue;
import com.cronutils.model.field.value.SpecialChar;
import io.punctual.CronDialect;
import io.punctual.InvalidTimerException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.IntUnaryOperator;

/**
 * Turns a cron parsed by cron-utils into a {@link WallClockCron}. cron-utils is used for parsing
 * and validation only: its own execution-time computation has known bugs around L, W, # and DST.
 */
final class CronCompiler {
  static final String FIELD = "schedule.cron";

  /** A field's values in its dialect's numbering, and how they map onto the evaluated range. */
  private record Range(
      int min, int max, IntUnaryOperator normalize, int cycleStart, int cycleLength) {
    static Range plain(int min, int max) {
      return new Range(min, max, IntUnaryOperator.identity(), min, max - min + 1);
    }

    /** Day of week with 0 and 7 = Sunday (UNIX, Spring), or 1 = Sunday (Quartz). */
    static Range dayOfWeek(CronDialect dialect) {
      return dialect == CronDialect.QUARTZ
          ? new Range(1, 7, value -> value - 1, 0, 7)
          : new Range(0, 7, value -> value % 7, 0, 7);
    }
  }

  private final CronDialect dialect;

  private CronCompiler(CronDialect dialect) {
    this.dialect = dialect;
  }

  /**
   * @param cron a cron parsed with the dialect's definition
   * @param dialect UNIX, QUARTZ or SPRING
   * @param eitherDay whether a day matching either day field is enough (the UNIX Vixie rule)
   */
  static WallClockCron compile(Cron cron, CronDialect dialect, boolean eitherDay) {
    CronCompiler compiler = new CronCompiler(dialect);
    return new WallClockCron(
        compiler.values(cron, CronFieldName.SECOND, 0, 59, 0),
        compiler.values(cron, CronFieldName.MINUTE, 0, 59, 0),
        compiler.values(cron, CronFieldName.HOUR, 0, 23, 0),
        compiler.values(cron, CronFieldName.MONTH, 1, 12, 1),
        new DayMatcher(
            compiler.dayOfMonth(expression(cron, CronFieldName.DAY_OF_MONTH)),
            compiler.dayOfWeek(expression(cron, CronFieldName.DAY_OF_WEEK)),
            eitherDay),
        compiler.years(cron));
  }

  /**
   * Whether the field's expression is interval-like: it contains {@code *}, {@code -} or {@code /}
   * (an absent field, such as UNIX seconds, is fixed at 0 and is not).
   */
  static boolean intervalLike(Cron cron, CronFieldName name) {
    CronField field = cron.retrieve(name);
    return field != null && intervalLike(field.getExpression());
  }

  private static boolean intervalLike(FieldExpression expression) {
    if (expression instanceof And and) {
      return and.getExpressions().stream().anyMatch(CronCompiler::intervalLike);
    }
    return expression instanceof Always
        || expression instanceof Between
        || expression instanceof Every;
  }

  private static FieldExpression expression(Cron cron, CronFieldName name) {
    CronField field = cron.retrieve(name);
    return field == null ? FieldExpression.always() : field.getExpression();
  }

  private ValueSet values(Cron cron, CronFieldName name, int min, int max, int whenAbsent) {
    CronField field = cron.retrieve(name);
    if (field == null) {
      return new ValueSet(1L << whenAbsent);
    }
    long[] bits = {0};
    expand(field.getExpression(), Range.plain(min, max), value -> bits[0] |= 1L << value);
    return new ValueSet(bits[0]);
  }

  private YearSet years(Cron cron) {
    CronField field = cron.retrieve(CronFieldName.YEAR);
    if (field == null || field.getExpression() instanceof Always) {
      return YearSet.ANY;
    }
    BitSet years = new BitSet();
    expand(field.getExpression(), Range.plain(1970, 2099), years::set);
    return YearSet.of(years);
  }

  private DaySelector dayOfMonth(FieldExpression expression) {
    if (expression instanceof Always || expression instanceof QuestionMark) {
      return DaySelectors.all();
    }
    List<DaySelector> selectors = new ArrayList<>();
    long[] plain = {0};
    for (FieldExpression part : parts(expression)) {
      if (part instanceof On on && on.getSpecialChar().getValue() != SpecialChar.NONE) {
        selectors.add(specialDayOfMonth(on));
      } else {
        expand(part, Range.plain(1, 31), value -> plain[0] |= 1L << value);
      }
    }
    if (plain[0] != 0) {
      selectors.add(DaySelectors.daysOfMonth(plain[0]));
    }
    return DaySelectors.union(selectors);
  }

  private DaySelector specialDayOfMonth(On on) {
    switch (on.getSpecialChar().getValue()) {
      case L:
        return DaySelectors.lastDay(Math.max(0, on.getNth().getValue()));
      case LW:
        return DaySelectors.lastWeekday();
      case W:
        return DaySelectors.nearestWeekday(on.getTime().getValue());
      default:
        throw unsupported(on);
    }
  }

  private DaySelector dayOfWeek(FieldExpression expression) {
    if (expression instanceof Always || expression instanceof QuestionMark) {
      return DaySelectors.all();
    }
    Range range = Range.dayOfWeek(dialect);
    List<DaySelector> selectors = new ArrayList<>();
    int[] plain = {0};
    for (FieldExpression part : parts(expression)) {
      if (part instanceof On on && on.getSpecialChar().getValue() != SpecialChar.NONE) {
        selectors.add(specialDayOfWeek(on, range));
      } else {
        expand(part, range, value -> plain[0] |= 1 << value);
      }
    }
    if (plain[0] != 0) {
      selectors.add(DaySelectors.daysOfWeek(plain[0]));
    }
    return DaySelectors.union(selectors);
  }

  private DaySelector specialDayOfWeek(On on, Range range) {
    int time = on.getTime().getValue();
    SpecialChar special = on.getSpecialChar().getValue();
    if (special == SpecialChar.L && time < 0 && dialect == CronDialect.QUARTZ) {
      return DaySelectors.daysOfWeek(1 << DaySelectors.SATURDAY);
    }
    if (time < range.min() || time > range.max()) {
      throw unsupported(on);
    }
    int dayOfWeek = range.normalize().applyAsInt(time);
    switch (special) {
      case L:
        return DaySelectors.lastOfWeek(dayOfWeek);
      case HASH:
        return DaySelectors.nthOfWeek(dayOfWeek, on.getNth().getValue());
      default:
        throw unsupported(on);
    }
  }

  private static List<FieldExpression> parts(FieldExpression expression) {
    return expression instanceof And and ? and.getExpressions() : List.of(expression);
  }

  /** Feeds every value the expression selects, normalized, to {@code sink}. */
  private void expand(FieldExpression expression, Range range, IntConsumer sink) {
    if (expression instanceof Always || expression instanceof QuestionMark) {
      span(range.min(), range.max(), 1, range, sink);
    } else if (expression instanceof On on && on.getSpecialChar().getValue() == SpecialChar.NONE) {
      span(on.getTime().getValue(), on.getTime().getValue(), 1, range, sink);
    } else if (expression instanceof Between between) {
      span(value(between.getFrom(), between), value(between.getTo(), between), 1, range, sink);
    } else if (expression instanceof Every every) {
      expandEvery(every, range, sink);
    } else if (expression instanceof And and) {
      and.getExpressions().forEach(part -> expand(part, range, sink));
    } else {
      throw unsupported(expression);
    }
  }

  private void expandEvery(Every every, Range range, IntConsumer sink) {
    int step = every.getPeriod().getValue();
    FieldExpression start = every.getExpression();
    if (step <= 0) {
      throw unsupported(every);
    }
    if (start instanceof Always) {
      span(range.min(), range.max(), step, range, sink);
    } else if (start instanceof On on && on.getSpecialChar().getValue() == SpecialChar.NONE) {
      span(on.getTime().getValue(), range.max(), step, range, sink);
    } else if (start instanceof Between between) {
      span(value(between.getFrom(), every), value(between.getTo(), every), step, range, sink);
    } else {
      throw unsupported(every);
    }
  }

  /**
   * {@code from}, {@code from + step}, ... up to {@code to}. A range whose end is below its start
   * wraps around the field's cycle (Quartz: {@code 22-2} hours, {@code FRI-MON}).
   */
  private static void span(int from, int to, int step, Range range, IntConsumer sink) {
    if (from < range.min() || to > range.max()) {
      throw new InvalidTimerException(
          FIELD,
          "value out of range [" + range.min() + ", " + range.max() + "]: " + from + "-" + to);
    }
    if (from <= to) {
      for (int value = from; value <= to; value += step) {
        sink.accept(range.normalize().applyAsInt(value));
      }
      return;
    }
    int start = range.normalize().applyAsInt(from) - range.cycleStart();
    int end = range.normalize().applyAsInt(to) - range.cycleStart();
    int length = end - start + (end < start ? range.cycleLength() : 0);
    for (int offset = 0; offset <= length; offset += step) {
      sink.accept(range.cycleStart() + (start + offset) % range.cycleLength());
    }
  }

  private static int value(FieldValue<?> value, FieldExpression context) {
    if (value.getValue() instanceof Integer number) {
      return number;
    }
    throw unsupported(context);
  }

  private static InvalidTimerException unsupported(FieldExpression expression) {
    return new InvalidTimerException(
        FIELD, "unsupported field expression: " + expression.asString());
  }
}
