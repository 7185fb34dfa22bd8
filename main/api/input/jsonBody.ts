import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../../shared/errors';

/**
 * JSON bodies through fastify's own safe parser (secure-json-parse: `__proto__` and `constructor.prototype`
 * are refused, not stripped), keeping the raw text for webhook signatures, and refusing repeated keys so a
 * body cannot mean one thing to PayDesk and another to whatever checked it first.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  const safeParse = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser(['application/json', 'application/*+json'], { parseAs: 'string' }, (request: FastifyRequest, body, done) => {
    const text = body as string;
    (request as { rawBody?: string }).rawBody = text;
    if (text.trim() === '') return done(null, {});
    safeParse(request, text, (err, parsed) => {
      if (err) return done(describeRefusal(text), undefined);
      if (hasDuplicateKey(text)) return done(new AppError('invalid_json', 'The request body names the same key twice in one object. Send each key once.'), undefined);
      done(null, parsed);
    });
  });
}

function describeRefusal(text: string): AppError {
  try {
    JSON.parse(text);
  } catch {
    return new AppError('invalid_json', 'The request body is not valid JSON. Check quotes, commas and brackets.');
  }
  // Well-formed, so the safe parser refused a prototype key.
  return new AppError('invalid_json', 'The request body uses a key PayDesk does not accept (__proto__ or constructor.prototype).');
}

/**
 * Scans well-formed JSON text for an object that repeats a key. Keys are compared after unescaping, as
 * JSON.parse would see them ("a" and "\u0061" are the same key).
 */
export function hasDuplicateKey(text: string): boolean {
  const stack: (Set<string> | null)[] = []; // a Set per open object, null per open array
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (expectKey && top) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.has(key)) return true;
        top.add(key);
        expectKey = false;
      }
      i = end;
    } else if (ch === '{') {
      stack.push(new Set());
      expectKey = true;
    } else if (ch === '[') {
      stack.push(null);
      expectKey = false;
    } else if (ch === '}' || ch === ']') {
      stack.pop();
      expectKey = false;
    } else if (ch === ',') {
      expectKey = stack[stack.length - 1] instanceof Set;
    }
  }
  return false;
}
