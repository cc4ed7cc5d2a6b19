import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n/i18n';

interface Detector {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}

declare global {
  interface Window {
    BarcodeDetector?: new (options: { formats: string[] }) => Detector;
  }
}

/** Reads a frame with jsQR, loaded only on phones without the browser's BarcodeDetector. */
async function jsQrDetector(): Promise<Detector> {
  const { default: jsQR } = await import('jsqr');
  const canvas = document.createElement('canvas');
  return {
    async detect(video) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      const context = canvas.getContext('2d', { willReadFrequently: true });
      if (!context || canvas.width === 0) return [];
      context.drawImage(video, 0, 0);
      const found = jsQR(context.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height);
      return found ? [{ rawValue: found.data }] : [];
    },
  };
}

/** The phone's back camera, read until a QR code is found; the code goes to `onCode`. */
export function QrScanner({ onCode, onClose }: { readonly onCode: (code: string) => void; readonly onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stream: MediaStream | null = null;
    let stopped = false;
    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
        const element = video.current;
        if (!element || stopped) return;
        element.srcObject = stream;
        await element.play();
        const detector = window.BarcodeDetector ? new window.BarcodeDetector({ formats: ['qr_code'] }) : await jsQrDetector();
        while (!stopped) {
          const [code] = await detector.detect(element);
          if (code?.rawValue) {
            onCode(code.rawValue);
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      } catch {
        setError(t('gate.cameraError'));
      }
    })();
    return () => {
      stopped = true;
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, []);
  return (
    <div class="scanner">
      <video ref={video} muted playsInline aria-label={t('gate.camera')} />
      {error && (
        <p class="notice error" role="alert">
          {error}
        </p>
      )}
      <button type="button" class="secondary" onClick={onClose}>
        {t('common.close')}
      </button>
    </div>
  );
}
