/** How the text is encoded on the wire. `auto` picks GSM-7 when every character fits. */
export type EncodingPreference = 'auto' | 'gsm7' | 'ucs2';
