import type { PaylinkProviderId } from '../../shared/providers';
import { mispayAdapter } from './mispay';
import { paymenntAdapter } from './paymennt';
import { tabbyAdapter } from './tabby';
import { tamaraAdapter } from './tamara';
import type { PaylinkAdapter } from './types';

export const PAYLINK_ADAPTERS: Readonly<Record<PaylinkProviderId, PaylinkAdapter>> = {
  tabby: tabbyAdapter,
  tamara: tamaraAdapter,
  mispay: mispayAdapter,
  paymennt: paymenntAdapter,
};
