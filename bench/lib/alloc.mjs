// Bytes a piece of code allocates on the JS heap, with V8's GC profiler: every collection's
// before − after, plus the growth left at the end. Exact up to V8's own bookkeeping, whatever the
// number of collections in between. Run node with --expose-gc so the heap starts collected.
import v8 from 'node:v8';

/** Runs `fn` (sync or async) and returns { heapBytes, externalBytes, gcs, result }. */
export async function measureAllocation(fn) {
  globalThis.gc?.();
  const profiler = new v8.GCProfiler();
  const before = v8.getHeapStatistics();
  profiler.start();
  const result = await fn();
  const after = v8.getHeapStatistics();
  const { statistics } = profiler.stop();
  let heapBytes = after.used_heap_size - before.used_heap_size;
  let externalBytes = after.external_memory - before.external_memory;
  for (const gc of statistics) {
    heapBytes += gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize;
    externalBytes += Math.max(0, gc.beforeGC.heapStatistics.externalMemory - gc.afterGC.heapStatistics.externalMemory);
  }
  return { heapBytes, externalBytes, gcs: statistics.length, result };
}
