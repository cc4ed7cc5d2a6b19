/** How far a job has got: counts of its units of work and the whole percentage they make. */
export interface JobProgress {
  readonly done: number;
  readonly total: number;
  /** Whole percent, rounded down so that 100 means every unit is done; 0 while the total is unknown. */
  readonly percent: number;
}

export function jobProgress(done: number, total: number): JobProgress {
  if (!Number.isSafeInteger(done) || !Number.isSafeInteger(total) || done < 0 || total < 0) {
    throw new RangeError(`Job progress must be whole non-negative counts (got ${done} / ${total})`);
  }
  const bounded = Math.min(done, total);
  return { done: bounded, total, percent: total === 0 ? 0 : Math.floor((bounded * 100) / total) };
}
