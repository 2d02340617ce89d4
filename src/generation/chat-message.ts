/** One message of a conversation, in the role names every chat template uses. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}
