import { useEffect, useState } from 'preact/hooks';
import { api, ok, type Schema } from '../api/client';
import { t } from '../i18n/i18n';

type Job = Schema<'JobView'>;

const POLL_MS = 1_000;

/**
 * Follows a queued job until it succeeds or fails, asking the API once a second; `onDone`
 * is called once with the finished job. The page may be left and the job goes on.
 */
export function useJob(jobId: string | null, onDone: (job: Job) => void): { job: Job | null; error: unknown } {
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!jobId) return undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async (): Promise<void> => {
      try {
        const next = await ok(api.GET('/api/v1/jobs/{jobId}', { params: { path: { jobId } } }));
        if (stopped) return;
        setJob(next);
        if (next.state === 'succeeded' || next.state === 'failed') onDone(next);
        else timer = setTimeout(() => void poll(), POLL_MS);
      } catch (caught) {
        if (!stopped) setError(caught);
      }
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [jobId]);
  return { job, error };
}

/** A job's progress as a bar and in words; its failure in the server's words. */
export function JobProgress({ job }: { readonly job: Job | null }) {
  if (!job) return <p aria-live="polite">{t('job.queued')}</p>;
  const percent = Math.round(job.progress?.percent ?? 0);
  if (job.state === 'failed') {
    // The code is for support to quote; the sentence is the person's.
    const code = (job.error as { code?: string } | null)?.code ?? '—';
    return (
      <p class="notice error" role="alert">
        {t('job.failed')} <small>({code})</small>
      </p>
    );
  }
  return (
    <div class="job-progress" aria-live="polite">
      <progress max={100} value={job.state === 'succeeded' ? 100 : percent} aria-label={t('job.progress')} />
      <span>{job.state === 'succeeded' ? t('job.done') : job.state === 'queued' ? t('job.queued') : t('job.running', { percent })}</span>
    </div>
  );
}
