import QRCode from 'qrcode';
import { useEffect, useState, type ImgHTMLAttributes } from 'react';

interface QrImageProps extends Omit<ImgHTMLAttributes<HTMLImageElement>, 'src'> {
  text: string;
  sizePx: number;
  /** 'M' for links (scans well from a distance); receipts may use 'L' to keep modules big on 80 mm paper. */
  level?: 'L' | 'M' | 'Q';
}

/**
 * A QR code drawn by `qrcode` as SVG, so it stays sharp at any size and on the receipt printer.
 * The page's CSP allows data: images only, which is what this produces.
 */
export function QrImage({ text, sizePx, level = 'M', alt, ...rest }: QrImageProps) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toString(text, { type: 'svg', errorCorrectionLevel: level, margin: 2 })
      .then((svg) => live && setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`))
      .catch(() => live && setSrc(null));
    return () => {
      live = false;
    };
  }, [text, level]);
  if (!src) return <div className="qr-placeholder" style={{ width: sizePx, height: sizePx }} aria-busy="true" />;
  return <img src={src} width={sizePx} height={sizePx} alt={alt} {...rest} />;
}
