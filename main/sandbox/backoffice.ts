import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from './core';

// Placeholder until the back-office simulator lands.
export async function registerBackoffice(_app: FastifyInstance, _ctx: SandboxContext): Promise<void> {}
