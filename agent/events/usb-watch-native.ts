// USB hot-plug through the optional native module `usb-detection` (libudev on Linux, SetupAPI on Windows,
// IOKit on macOS). On Windows it is the hot-plug source; on Linux it is used only when neither devtmpfs nor
// udevadm is there, since it needs libudev and a running udev daemon to see anything, and the agent must
// never depend on a native module that may not have been built (it is an optionalDependency).
import { createRequire } from 'node:module';
import path from 'node:path';
import type { RawEvent, Watcher } from './watch-event';

/** The part of usb-detection's API we use. */
export interface UsbDetection {
  startMonitoring(): void;
  stopMonitoring(): void;
  on(
    event: 'add' | 'remove',
    listener: (device: { deviceName?: string; serialNumber?: string }) => void,
  ): void;
}

export type NativeLoad = { ok: true; module: UsbDetection } | { ok: false; reason: string };

/** Loads usb-detection if it is installed and its binary loads; never throws. */
export function loadUsbDetection(load: () => unknown = defaultLoad): NativeLoad {
  try {
    const module = load() as Partial<UsbDetection> | null;
    if (!module || typeof module.startMonitoring !== 'function' || typeof module.on !== 'function')
      return { ok: false, reason: 'usb-detection loaded but does not look like usb-detection' };
    return { ok: true, module: module as UsbDetection };
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? String(error);
    return { ok: false, reason: `usb-detection is not available: ${message}` };
  }
}

function defaultLoad(): unknown {
  // The bundle (CJS) has __filename; tests and tsx run this as ESM, where the working directory stands in.
  const from = typeof __filename === 'string' ? __filename : path.join(process.cwd(), 'package.json');
  return createRequire(from)('usb-detection');
}

export function watchUsbDetection(module: UsbDetection, onEvent: (event: RawEvent) => void): Watcher {
  let stopped = false;
  const listener = (action: string) => (device: { deviceName?: string; serialNumber?: string }) => {
    if (stopped) return;
    onEvent({ atMs: Date.now(), detail: `usb-detection ${action} ${device.deviceName ?? ''}`.trim() });
  };
  module.on('add', listener('add'));
  module.on('remove', listener('remove'));
  module.startMonitoring();
  return {
    description: 'usb-detection (native module)',
    stop() {
      stopped = true;
      // It holds a native thread that keeps the process alive until told to stop.
      module.stopMonitoring();
    },
  };
}
