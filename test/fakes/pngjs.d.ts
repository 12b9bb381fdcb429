/** pngjs (a dependency of qrcode) ships no types; tests use it to read QR code pixels back. */
declare module 'pngjs' {
  export const PNG: {
    sync: { read(buffer: Buffer): { width: number; height: number; data: Buffer } };
  };
}
