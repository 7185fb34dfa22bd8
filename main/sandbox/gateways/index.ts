import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../core';

// Placeholder until the gateway simulators land.
export async function registerGatewaySimulators(_app: FastifyInstance, _ctx: SandboxContext): Promise<void> {}
