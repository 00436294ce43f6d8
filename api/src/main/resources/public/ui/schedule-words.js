// A schedule in words: "at 09:00 on weekdays, Europe/Paris"; the expression itself otherwise.
const DAYS = { MON: 'Monday', TUE: 'Tuesday', WED: 'Wednesday', THU: 'Thursday', FRI: 'Friday', SAT: 'Saturday', SUN: 'Sunday',
  1: 'Monday', 2: 'Tuesday', 3: 'Wednesday', 4: 'Thursday', 5: 'Friday', 6: 'Saturday', 0: 'Sunday', 7: 'Sunday' };

function days(field) {
  const upper = field.toUpperCase();
  if (upper === '*' || upper === '?') return 'every day';
  if (upper === 'MON-FRI' || upper === '1-5') return 'on weekdays';
  if (upper === 'SAT,SUN' || upper === '6,0' || upper === '0,6' || upper === '6,7') return 'on weekends';
  const names = upper.split(',').map((d) => DAYS[d]);
  return names.every(Boolean) ? `on ${names.join(', ')}` : null;
}

function cronWords(cron, zone) {
  const fields = cron.trim().split(/\s+/);
  const quartz = fields.length >= 6;
  if (quartz && fields[0] !== '0') return `cron ${cron}, ${zone}`;
  const [minute, hour, dayOfMonth, month, dayOfWeek] = quartz ? fields.slice(1, 6) : fields;
  // Quartz numbers days from Sunday = 1: only names are put in words for it
  const on = quartz && /\d/.test(dayOfWeek) ? null : days(dayOfWeek || '');
  if (fields.length >= 5 && /^\d+$/.test(minute) && /^\d+$/.test(hour)
      && (dayOfMonth === '*' || dayOfMonth === '?') && month === '*' && on) {
    return `at ${hour.padStart(2, '0')}:${minute.padStart(2, '0')} ${on}, ${zone}`;
  }
  return `cron ${cron}, ${zone}`;
}

export function scheduleWords(schedule) {
  if (!schedule) return '';
  if (schedule.cron !== undefined) return cronWords(schedule.cron, schedule.timeZone || 'UTC');
  if (schedule.at !== undefined) return `once at ${schedule.at}`;
  if (schedule.after !== undefined) return `once, ${schedule.after} after it is defined`;
  if (schedule.every !== undefined) {
    const mode = schedule.mode === 'FIXED_DELAY' ? ' after each run ends' : '';
    return `every ${schedule.every}${mode}`;
  }
  return JSON.stringify(schedule);
}
