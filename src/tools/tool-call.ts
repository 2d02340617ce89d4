/** A request to open one app's card, from the model's TOOL line or from the keyword router that backs it up. */
export interface ToolCall {
  app: string;
  /** Plain data: the element renders every value as text, never as HTML. */
  params: Record<string, string>;
  source: 'model' | 'router';
}
