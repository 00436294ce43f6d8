// Instants shown in a zone, with the zone's offset, and the changes of offset (DST) marked.
import { el } from './dom.js';

// The offset of a zone at an instant, as Intl gives it ("GMT+1").
export function offset(instant, zone) {
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'shortOffset' })
      .formatToParts(new Date(instant));
    return parts.find((p) => p.type === 'timeZoneName').value;
  } catch (e) {
    return '';
  }
}

// "2027-03-28 03:00:00" in the zone.
export function local(instant, zone) {
  try {
    return new Intl.DateTimeFormat('sv-SE', {
      timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    }).format(new Date(instant));
  } catch (e) {
    return instant;
  }
}

// One list item per instant: local time, offset, the instant; a change of offset from the one
// before is marked.
export function instantItems(instants, zone) {
  let previous = null;
  return instants.map((instant) => {
    const now = offset(instant, zone);
    const shifted = previous !== null && now !== previous;
    previous = now;
    return el('li', { className: shifted ? 'dst' : null },
      `${local(instant, zone)} ${now} (${instant})`,
      shifted ? el('span', { className: 'badge' }, ' offset changes (DST)') : null);
  });
}

// A <input type=datetime-local> value as an ISO instant, or '' when empty.
export function isoFromInput(value) {
  return value ? new Date(value).toISOString() : '';
}
