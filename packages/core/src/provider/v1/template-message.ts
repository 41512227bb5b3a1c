/** A pre-approved WhatsApp template and its variables. */
export interface TemplateMessage {
  /** Template name or vendor template code. */
  name: string;
  /** Template language code, e.g. `en`. */
  language: string;
  /** Variable values, by name or position. */
  params?: Record<string, string>;
}
