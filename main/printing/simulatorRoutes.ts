import type { FastifyInstance } from 'fastify';
import { startPrinterSimulator } from './simulator';

/**
 * Starts the printer simulator beside the provider simulators and serves its control API (DESIGN §6):
 * `GET /sandbox/_control/printer` (its address), `GET|DELETE /sandbox/_control/printer/jobs`,
 * `PUT /sandbox/_control/printer/paper` `{out}` (an empty roll, for the paper-out message).
 */
export async function registerPrinterSimulator(app: FastifyInstance): Promise<void> {
  const printer = await startPrinterSimulator();
  app.addHook('onClose', () => printer.close());
  let paperOut = false;
  app.get('/sandbox/_control/printer', async () => ({ host: printer.host, port: printer.port, paper_out: paperOut }));
  app.get('/sandbox/_control/printer/jobs', async () => {
    const jobs = await printer.jobs();
    return { jobs, total: jobs.length };
  });
  app.delete('/sandbox/_control/printer/jobs', async () => {
    printer.clearJobs();
    return { ok: true };
  });
  app.put<{ Body: { out?: unknown } }>('/sandbox/_control/printer/paper', async (request, reply) => {
    const out = (request.body as { out?: unknown } | undefined)?.out;
    if (typeof out !== 'boolean') return reply.code(400).send({ error: 'send {"out": true} for an empty roll or {"out": false} for a new one' });
    paperOut = out;
    printer.setPaperOut(out);
    return { ok: true, paper_out: out };
  });
}
