import { useEffect, useState } from 'preact/hooks';
import { imageUrl } from '../api/client';
import { cooperativePath } from '../cooperative';
import { t } from '../i18n/i18n';

/**
 * The photo taken at registration, fetched with the session's token (an <img src> cannot send
 * it). Without a photo, or offline, a neutral frame says so: the guard compares the face with
 * the person, and an empty space must not look like a photo that failed to load.
 */
export function MemberPhoto({ minerId, hasPhoto, name }: { readonly minerId: string; readonly hasPhoto: boolean; readonly name: string }) {
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    setUrl(null);
    setFailed(false);
    if (!hasPhoto) return;
    let current = true;
    let made: string | null = null;
    imageUrl(`/api/v1/cooperatives/${cooperativePath().cooperativeId}/miners/${minerId}/photo`).then(
      (value) => {
        made = value;
        if (current) setUrl(value);
        else URL.revokeObjectURL(value);
      },
      () => current && setFailed(true),
    );
    return () => {
      current = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [minerId, hasPhoto]);
  if (url) return <img class="member-photo" src={url} alt={t('members.photoOf', { name })} />;
  return (
    <div class="member-photo none" role="img" aria-label={t(hasPhoto && failed ? 'members.photoUnavailable' : 'members.noPhoto')}>
      {t(hasPhoto && failed ? 'members.photoUnavailable' : 'members.noPhoto')}
    </div>
  );
}
