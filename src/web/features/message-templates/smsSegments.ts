/** GSM 03.38 basic character set (one septet each). */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The extension table: each costs an escape plus the character (two septets). */
const GSM_EXTENDED = '^{}\\[~]|€\f';

export interface SmsCount {
  encoding: 'GSM-7' | 'UCS-2';
  /** Length in the encoding's units (septets for GSM-7, UTF-16 code units for UCS-2). */
  length: number;
  segments: number;
  /** Units per segment at this length: 160/70 for a single message, 153/67 once it is split. */
  perSegment: number;
}

/**
 * How a phone network counts an SMS: GSM-7 when every character is in the GSM alphabet (160 per message, 153 per
 * part when concatenated), otherwise UCS-2 (70, or 67 per part) — so any Chinese character makes it UCS-2.
 */
export function countSms(text: string): SmsCount {
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (GSM_BASIC.includes(ch)) septets += 1;
    else if (GSM_EXTENDED.includes(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) {
    const segments = septets === 0 ? 0 : septets <= 160 ? 1 : Math.ceil(septets / 153);
    return { encoding: 'GSM-7', length: septets, segments, perSegment: segments > 1 ? 153 : 160 };
  }
  const units = text.length;
  const segments = units === 0 ? 0 : units <= 70 ? 1 : Math.ceil(units / 67);
  return { encoding: 'UCS-2', length: units, segments, perSegment: segments > 1 ? 67 : 70 };
}
