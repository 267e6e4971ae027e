/**
 * Maps `items` through `work`, running up to `depth` calls at once while handing results out in
 * input order, so a slow disk overlaps with scanning and the output order stays stable. Only
 * `depth` results are held at a time. `work` must not reject: a rejection held in the queue while
 * earlier results are awaited would be reported as unhandled.
 */
export async function* readAhead<T, R>(
  items: AsyncIterable<T>,
  depth: number,
  work: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  const queue: Promise<R>[] = [];
  for await (const item of items) {
    queue.push(work(item));
    if (queue.length >= depth) yield await queue.shift()!;
  }
  while (queue.length > 0) yield await queue.shift()!;
}
