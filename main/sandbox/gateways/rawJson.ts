// Byte-exact JSON helpers for simulators whose signatures cover the raw text (PayPal webhooks).

/** JSON with a space after every `:` and `,` (the layout Python's json.dumps writes). */
export function spacedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(spacedJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${members.map(([k, v]) => `${JSON.stringify(k)}: ${spacedJson(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The exact text of a top-level member's value in a JSON object, as it was sent — or undefined when
 * the text is not an object or has no such member. Scans strings and nesting; does not re-serialize.
 */
export function jsonMemberText(text: string, key: string): string | undefined {
  let i = text.indexOf('{');
  if (i < 0) return undefined;
  i++;
  const skipWs = () => {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
  };
  const readString = (): string | undefined => {
    const start = i;
    if (text[i] !== '"') return undefined;
    for (i++; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '"') return JSON.parse(text.slice(start, ++i)) as string;
    }
    return undefined;
  };
  const skipValue = (): boolean => {
    if (text[i] === '"') return readString() !== undefined;
    if (text[i] !== '{' && text[i] !== '[') {
      while (i < text.length && !/[,}\]\s]/.test(text[i] as string)) i++;
      return true;
    }
    let depth = 0;
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        if (readString() === undefined) return false;
        continue;
      }
      i++;
      if (c === '{' || c === '[') depth++;
      else if ((c === '}' || c === ']') && --depth === 0) return true;
    }
    return false;
  };
  for (;;) {
    skipWs();
    const name = readString();
    if (name === undefined) return undefined;
    skipWs();
    if (text[i] !== ':') return undefined;
    i++;
    skipWs();
    const start = i;
    if (!skipValue()) return undefined;
    if (name === key) return text.slice(start, i).trimEnd();
    skipWs();
    if (text[i] !== ',') return undefined;
    i++;
  }
}
