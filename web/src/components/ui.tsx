import { h, type ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, NetworkError, problemLines, type Problem } from '../api/problem';
import { download } from '../api/client';
import { t } from '../i18n/i18n';
import { parseTypedDate, typedDate } from '../rules/typed-date';

let nextFieldId = 0;

interface FieldProps {
  /** A fixed id, for a screen that moves the focus back to this field. */
  readonly id?: string;
  readonly label: string;
  readonly value: string;
  readonly onValue: (value: string) => void;
  readonly hint?: string;
  readonly type?: 'text' | 'search' | 'password' | 'date' | 'time' | 'tel' | 'number';
  readonly required?: boolean;
  readonly autoComplete?: string;
  readonly autoCapitalize?: 'none' | 'characters' | 'words';
  readonly inputMode?: 'text' | 'email' | 'tel' | 'numeric' | 'decimal' | 'search';
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly invalid?: boolean;
}

/**
 * A date typed in the console's format whatever the browser's own language: a browser's date
 * picker follows the phone's settings (11/26/2026 on an English phone in a French console),
 * so dates are typed as text, day first, and handed to the form as 'YYYY-MM-DD'.
 */
function DateField({ id, label, value, onValue, hint, required, invalid }: FieldProps & { readonly id: string }) {
  const [text, setText] = useState(() => typedDate(value));
  useEffect(() => {
    // A value set from outside (a reset, a default) replaces what is typed; typing itself does not.
    if ((parseTypedDate(text) ?? '') !== value) setText(typedDate(value));
  }, [value]);
  const wrong = invalid || (text.trim() !== '' && parseTypedDate(text) === null);
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder={t('date.placeholder')}
        required={required}
        value={text}
        aria-invalid={wrong ? 'true' : undefined}
        aria-describedby={`${id}-hint`}
        onInput={(event) => {
          const typed = event.currentTarget.value;
          setText(typed);
          onValue(parseTypedDate(typed) ?? '');
        }}
      />
      <small id={`${id}-hint`}>{wrong ? t('date.invalid') : (hint ?? t('date.hint'))}</small>
    </div>
  );
}

/** A labelled input (the label is clickable and read by screen readers). */
export function Field(props: FieldProps) {
  const { id: fixedId, label, value, onValue, hint, type = 'text', invalid, ...input } = props;
  const [generated] = useState(() => `f${(nextFieldId += 1)}`);
  const id = fixedId ?? generated;
  if (type === 'date') return <DateField {...props} id={id} />;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {/* h(): Preact's typed <input> accepts a literal type only, and this field takes several. */}
      {h('input', {
        ...input,
        id,
        type,
        value,
        onInput: (event: Event) => onValue((event.currentTarget as HTMLInputElement).value),
        'aria-describedby': hint ? `${id}-hint` : undefined,
        'aria-invalid': invalid ? 'true' : undefined,
      })}
      {hint && <small id={`${id}-hint`}>{hint}</small>}
    </div>
  );
}

interface SelectProps {
  readonly id?: string;
  readonly label: string;
  readonly value: string;
  readonly onValue: (value: string) => void;
  readonly options: readonly { value: string; label: string }[];
  readonly required?: boolean;
}

export function Select({ id: fixedId, label, value, onValue, options, required }: SelectProps) {
  const [generated] = useState(() => `f${(nextFieldId += 1)}`);
  const id = fixedId ?? generated;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value} required={required} onChange={(event) => onValue(event.currentTarget.value)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** What went wrong, in words: the server's translated problem, or "you are offline". */
export function ErrorNotice({ error }: { readonly error: unknown }) {
  if (!error) return null;
  const lines: string[] =
    error instanceof ApiError ? problemLines(error.problem) : error instanceof NetworkError ? [t('error.offline')] : [t('error.unexpected')];
  return (
    <div class="notice error" role="alert">
      {lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
    </div>
  );
}

export function ProblemNotice({ problem }: { readonly problem: Problem }) {
  return <ErrorNotice error={new ApiError(problem)} />;
}

/** Runs an async action, remembering whether it runs and how it failed. */
export function useAction<A extends unknown[]>(action: (...args: A) => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (...args: A): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await action(...args);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, setError };
}

/** A button that fetches a PDF the API serves behind authentication and saves it. */
export function PdfButton({ path, fileName, label }: { readonly path: string; readonly fileName: string; readonly label: string }) {
  const { busy, error, run } = useAction(() => download(path, fileName));
  return (
    <>
      <button type="button" class="secondary" disabled={busy} onClick={() => void run()}>
        {busy ? t('common.loading') : label}
      </button>
      <ErrorNotice error={error} />
    </>
  );
}

export function Screen({ title, children }: { readonly title: string; readonly children: ComponentChildren }) {
  return (
    <section class="screen" aria-labelledby="screen-title">
      <h1 id="screen-title" tabIndex={-1}>
        {title}
      </h1>
      {children}
    </section>
  );
}

export function Loading() {
  return <p aria-live="polite">{t('common.loading')}</p>;
}

/** Loads data when the inputs change; `reload` fetches again after a write. */
export function useLoad<T>(load: () => Promise<T>, inputs: readonly unknown[]) {
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean }>({ data: null, error: null, loading: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true, error: null }));
    load().then(
      (data) => current && setState({ data, error: null, loading: false }),
      (error: unknown) => current && setState({ data: null, error, loading: false }),
    );
    return () => {
      current = false;
    };
    // The caller names the inputs, as with useEffect.
  }, [...inputs, generation]);
  return { ...state, reload: () => setGeneration((value) => value + 1) };
}

/** A page of a list as every list route answers it (`PageOfView` on the server). */
export interface ListPage<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/**
 * A list loaded a page at a time: the first page when the inputs change, then the next one
 * each time `more` runs, following the answer's `nextCursor` (null on the last page). The API
 * gives no total, so a screen shows how many are loaded and whether more follow.
 */
export function usePages<T>(load: (cursor: string | undefined) => Promise<ListPage<T>>, inputs: readonly unknown[]) {
  const first = useLoad(() => load(undefined), inputs);
  const [later, setLater] = useState<ListPage<T> | null>(null);
  useEffect(() => setLater(null), [first.data]);
  const nextCursor = later ? later.nextCursor : (first.data?.nextCursor ?? null);
  const more = useAction(async () => {
    if (!nextCursor) return;
    const page = await load(nextCursor);
    setLater({ items: [...(later?.items ?? []), ...page.items], nextCursor: page.nextCursor });
  });
  return {
    items: first.data ? [...first.data.items, ...(later?.items ?? [])] : null,
    hasMore: nextCursor !== null,
    loading: first.loading,
    error: first.error ?? more.error,
    more: more.run,
    loadingMore: more.busy,
    reload: first.reload,
  };
}

/** A form's submit handler that runs an action instead of reloading the page. */
export function submitTo(run: () => Promise<void>): (event: Event) => void {
  return (event) => {
    event.preventDefault();
    void run();
  };
}
