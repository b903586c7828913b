/**
 * The application clock. A demo database carries the day its story is told as of, and the clock
 * starts there and runs forward, so deadlines, timeliness and locks read as in that quarter.
 */
export function clockFrom(start: Date | null): () => Date {
  if (!start) return () => new Date();
  const offset = start.getTime() - Date.now();
  return () => new Date(Date.now() + offset);
}

