// node-wifi ships no types; this declares the two calls the wifi-tools probe makes, as its README documents
// them (init with an optional interface, getCurrentConnections resolving to the connected networks).
declare module 'node-wifi' {
  interface NodeWifiConnection {
    iface: string;
    ssid: string;
  }
  const nodeWifi: {
    init(options: { iface: string | null; debug?: boolean }): void;
    getCurrentConnections(): Promise<NodeWifiConnection[]>;
  };
  export default nodeWifi;
}
