import { describe, expect, it } from 'vitest';
import { planSpeeds, serviceStatusLabel, signalWording } from './service';

describe('signal wording', () => {
  it('says good, fair or poor in words', () => {
    expect(signalWording({ signalQuality: 'good', signalDbm: -58 })?.label).toBe('Good');
    expect(signalWording({ signalQuality: 'fair', signalDbm: -71 })?.label).toBe('Fair');
    expect(signalWording({ signalQuality: 'poor', signalDbm: -82 })?.label).toBe('Poor');
  });

  it('offers help when the signal is poor', () => {
    expect(signalWording({ signalQuality: 'poor', signalDbm: -82 })?.detail).toMatch(/help/i);
  });

  it('does not guess a signal for a device that reports none', () => {
    expect(signalWording({ signalQuality: null, signalDbm: null })).toBeNull();
  });
});

describe('service words', () => {
  it('writes speeds the way people read them', () => {
    expect(planSpeeds({ downMbps: 100, upMbps: 20 })).toBe('100 Mbps down · 20 Mbps up');
    expect(planSpeeds({ downMbps: 1000, upMbps: 12.5 })).toBe('1 Gbps down · 12.5 Mbps up');
  });

  it('names every service status without its code', () => {
    expect(serviceStatusLabel('pending_install').label).toBe('Waiting for installation');
    expect(serviceStatusLabel('suspended').tone).toBe('poor');
  });
});
