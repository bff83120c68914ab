// How the page writes times, durations and text (Spark's UIUtils formats, ported).

/** Spark's `UIUtils.formatDuration`: "40 ms", "0.5 s", "12 s", "1.5 min", "2.0 h". */
export function formatDuration(ms) {
  if (ms === null || ms === undefined) return '-';
  if (ms < 100) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 1) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${seconds.toFixed(0)} s`;
  const minutes = seconds / 60;
  if (minutes < 10) return `${minutes.toFixed(1)} min`;
  if (minutes < 60) return `${minutes.toFixed(0)} min`;
  return `${(minutes / 60).toFixed(1)} h`;
}

const pad = (n) => String(n).padStart(2, '0');

/** `.mmm` when `ms` has milliseconds, else nothing (batch times are rarely finer than seconds). */
const millis = (ms) => (ms % 1000 === 0 ? '' : `.${String(ms % 1000).padStart(3, '0')}`);

/** `HH:mm:ss` in the browser's time zone. */
function clock(d) {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Spark's UI date format, `yyyy/MM/dd HH:mm:ss`, in the browser's time zone. */
export function formatDate(ms) {
  const d = new Date(ms);
  return `${d.getFullYear()}/${pad(d.getMonth() + 1)}/${pad(d.getDate())} ${clock(d)}`;
}

/** A batch time as the table shows it: the date, plus milliseconds when they are not zero. */
export function formatBatchTime(ms) {
  return formatDate(ms) + millis(ms);
}

/** A batch time as the timeline's cells show it: `HH:mm:ss`, plus milliseconds when not zero. */
export function formatClockTime(ms) {
  return clock(new Date(ms)) + millis(ms);
}

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Return `text` safe to put in HTML (records and names come from user code). */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** A stream's label: its name if it has one, else `ClassName [id]`. */
export function streamLabel(stream) {
  return stream.name ?? `${stream.className} [${stream.id}]`;
}
