// Service words: plan, service status and signal, as a subscriber reads them.
import type { PortalEquipment, ServicePlan, ServiceStatus, SignalQuality } from './types';

export type Tone = 'good' | 'fair' | 'poor' | 'neutral';

export function serviceStatusLabel(status: ServiceStatus): { label: string; tone: Tone; detail: string } {
  switch (status) {
    case 'active':
      return { label: 'Active', tone: 'good', detail: 'Your service is on.' };
    case 'suspended':
      return { label: 'Suspended', tone: 'poor', detail: 'Your service is paused. Contact us to turn it back on.' };
    case 'pending_install':
      return { label: 'Waiting for installation', tone: 'fair', detail: 'We will contact you to schedule the installation.' };
    case 'cancelled':
      return { label: 'Cancelled', tone: 'neutral', detail: 'This service has ended.' };
  }
}

export type SignalWording = { label: string; tone: Tone; detail: string };

/**
 * The signal in plain words. The server derives `signalQuality` from the dBm reading; a device
 * that reports no signal says so instead of guessing.
 */
export function signalWording(equipment: Pick<PortalEquipment, 'signalQuality' | 'signalDbm'>): SignalWording | null {
  const quality: SignalQuality | null = equipment.signalQuality ?? null;
  if (quality === null) return null;
  switch (quality) {
    case 'good':
      return { label: 'Good', tone: 'good', detail: 'A strong, steady link to the tower.' };
    case 'fair':
      return { label: 'Fair', tone: 'fair', detail: 'Works well, with less margin in heavy rain.' };
    case 'poor':
      return { label: 'Poor', tone: 'poor', detail: 'The link may drop in rain or behind trees. We can help.' };
  }
}

export function formatSpeed(mbps: number): string {
  if (mbps >= 1000) return `${trim(mbps / 1000)} Gbps`;
  return `${trim(mbps)} Mbps`;
}

function trim(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1).replace(/\.0$/, '');
}

export function planSpeeds(plan: Pick<ServicePlan, 'downMbps' | 'upMbps'>): string {
  return `${formatSpeed(plan.downMbps)} down · ${formatSpeed(plan.upMbps)} up`;
}
