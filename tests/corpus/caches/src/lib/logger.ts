export const logger = {
  warn: (fields: Record<string, unknown>, message: string) => console.warn(message, fields),
  error: (fields: Record<string, unknown>, message: string) => console.error(message, fields),
};
