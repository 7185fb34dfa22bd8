import QRCode from 'qrcode';
import { useMemo, type ImgHTMLAttributes } from 'react';

interface QrImageProps extends Omit<ImgHTMLAttributes<HTMLImageElement>, 'src'> {
  text: string;
  sizePx: number;
  /** 'M' for links (scans well from a distance); receipts may use 'L' to keep modules big on 80 mm paper. */
  level?: 'L' | 'M' | 'Q';
}

/** The SVG data URL of a QR code, drawn synchronously (qrcode's callback form runs in the same call). */
function qrSvgDataUrl(text: string, level: 'L' | 'M' | 'Q'): string | null {
  let url: string | null = null;
  QRCode.toString(text, { type: 'svg', errorCorrectionLevel: level, margin: 2 }, (err, svg) => {
    url = err ? null : `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  });
  return url;
}

/**
 * A QR code drawn by `qrcode` as SVG, so it stays sharp at any size and on the receipt printer.
 * The page's CSP allows data: images only, which is what this produces. It is computed while rendering,
 * not in an effect: the QR is in the very first frame of the payment screen instead of one frame later.
 */
export function QrImage({ text, sizePx, level = 'M', alt, ...rest }: QrImageProps) {
  const src = useMemo(() => qrSvgDataUrl(text, level), [text, level]);
  if (!src) return <div className="qr-placeholder" style={{ width: sizePx, height: sizePx }} aria-busy="true" />;
  return <img src={src} width={sizePx} height={sizePx} alt={alt} {...rest} />;
}
