import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';

// Server-sent event streams (the bridge's and the customer display's): headers, a heartbeat, and an end on
// shutdown — streams never end on their own, so close() would otherwise wait for them forever.

export interface EventStreams {
  /** Opens a stream on this request; `start` sends the first events and returns what to undo when it closes. */
  open(request: FastifyRequest, reply: FastifyReply, start: (write: (chunk: string) => void) => () => void): void;
}

export function eventStreams(app: FastifyInstance): EventStreams {
  const streams = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const res of streams) res.end();
    streams.clear();
  });
  return {
    open(request, reply, start) {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive' });
      const write = (chunk: string) => void res.write(chunk);
      const stop = start(write);
      const heartbeat = setInterval(() => write(': ping\n\n'), 15_000);
      heartbeat.unref();
      streams.add(res);
      request.raw.on('close', () => {
        clearInterval(heartbeat);
        stop();
        streams.delete(res);
      });
    },
  };
}
