// Flag beats file beats default, and a bad value is named by where it came from.
import { describe, expect, it } from 'vitest';
import { mergeSettings, serveOptions } from './serve-settings';

const FILE = '/etc/shoumi/collector.yaml';
const DEFAULTS = {
  listen: '127.0.0.1:7700',
  'enrol-listen': '127.0.0.1:7702',
  'admin-listen': '127.0.0.1:7701',
  policy: '/opt/shoumi-collector/policies/baseline.yaml',
  'disk-reserve': '1GiB,5%',
  'seal-interval': '5m',
};

describe('serve settings', () => {
  it('takes a flag over the file and the file over the default, key by key', () => {
    const options = serveOptions(
      mergeSettings(
        { listen: '0.0.0.0:9700', 'seal-interval': '30s' },
        {
          name: FILE,
          config: {
            listen: '0.0.0.0:7700',
            data: '/srv/shoumi',
            unit: '某单位',
            'enrol-listen': '0.0.0.0:7702',
          },
        },
        DEFAULTS,
      ),
    );
    expect(options).toMatchObject({
      listen: '0.0.0.0:9700', // flag over file
      enrolListen: '0.0.0.0:7702', // file over default
      adminListen: '127.0.0.1:7701', // default
      dataDir: '/srv/shoumi',
      inspectedUnit: '某单位',
      policyFile: '/opt/shoumi-collector/policies/baseline.yaml',
      sealIntervalMs: 30_000,
    });
  });

  it('names the file and the key of a bad value from the file', () => {
    const settings = mergeSettings(
      {},
      { name: FILE, config: { data: '/srv/s', 'disk-reserve': 'lots' } },
      DEFAULTS,
    );
    expect(() => serveOptions(settings)).toThrow(
      /^\/etc\/shoumi\/collector\.yaml: key "disk-reserve": .*lots/,
    );
    const address = mergeSettings({}, { name: FILE, config: { data: '/srv/s', listen: '7700' } }, DEFAULTS);
    expect(() => serveOptions(address)).toThrow(
      '/etc/shoumi/collector.yaml: key "listen" 7700: expected HOST:PORT, such as 0.0.0.0:7700',
    );
  });

  it('takes metrics-listen from the file, names it when it is not HOST:PORT, and leaves it off by default', () => {
    const fromFile = mergeSettings(
      {},
      { name: FILE, config: { data: '/srv/s', 'metrics-listen': '0.0.0.0:9464' } },
      DEFAULTS,
    );
    expect(serveOptions(fromFile).metricsListen).toBe('0.0.0.0:9464');
    const bad = mergeSettings(
      { 'metrics-listen': '9464' },
      { name: FILE, config: { data: '/srv/s' } },
      DEFAULTS,
    );
    expect(() => serveOptions(bad)).toThrow(
      '--metrics-listen 9464: expected HOST:PORT, such as 0.0.0.0:7700',
    );
    const none = mergeSettings({}, { name: FILE, config: { data: '/srv/s' } }, DEFAULTS);
    expect(serveOptions(none).metricsListen).toBeUndefined();
  });

  it('names the flag of a bad value given as a flag, even when the file has a good one', () => {
    const settings = mergeSettings(
      { 'seal-interval': 'often' },
      { name: FILE, config: { data: '/srv/s', 'seal-interval': '1m' } },
      DEFAULTS,
    );
    expect(() => serveOptions(settings)).toThrow(/^--seal-interval "often": expected a positive number/);
  });

  it('refuses a unit name with an invisible character, naming the file key', () => {
    const settings = mergeSettings(
      {},
      { name: FILE, config: { data: '/srv/s', unit: '某\u200b单位' } },
      DEFAULTS,
    );
    expect(() => serveOptions(settings)).toThrow(/^\/etc\/shoumi\/collector\.yaml: key "unit": .*<U\+200B>/);
  });

  it('reads the advertised agent addresses as a list, none when absent, and names a bad entry by its key', () => {
    const given = mergeSettings(
      {},
      {
        name: FILE,
        config: { data: '/srv/s', 'advertise-agent-addresses': 'a.example:7700, b.example:7700' },
      },
      DEFAULTS,
    );
    expect(serveOptions(given).advertisedAgentAddresses).toEqual(['a.example:7700', 'b.example:7700']);
    expect(serveOptions(mergeSettings({ data: '/srv/s' }, undefined, DEFAULTS))).not.toHaveProperty(
      'advertisedAgentAddresses',
    );
    const bad = mergeSettings(
      {},
      { name: FILE, config: { data: '/srv/s', 'advertise-agent-addresses': 'a.example:7700,b.example' } },
      DEFAULTS,
    );
    expect(() => serveOptions(bad)).toThrow(
      '/etc/shoumi/collector.yaml: key "advertise-agent-addresses": address "b.example" is not HOST:PORT',
    );
  });

  it('says where the data directory may be given when neither flag nor file has it', () => {
    expect(() => serveOptions(mergeSettings({}, undefined, DEFAULTS))).toThrow(
      'no data directory: give --data or "data:" in the --config file',
    );
  });
});
